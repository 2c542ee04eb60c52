/** Keeps the last `capacity` items; older ones fall off. For bounded histories. */
export class RingBuffer<T> {
  readonly #items: Array<T | undefined>;
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The newest `limit` items, oldest first. */
  recent(limit: number = this.capacity): T[] {
    const count = Math.max(0, Math.min(limit, this.#size));
    const out: T[] = [];
    for (let i = count; i > 0; i--) out.push(this.#items[(this.#next - i + this.capacity) % this.capacity] as T);
    return out;
  }
}
