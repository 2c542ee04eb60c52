/** Bytes received and not yet framed, kept as the chunks they came in, so a large body is copied once. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `n` bytes (fewer if fewer are here), left in the queue. */
  peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    return Buffer.concat(this.chunks, Math.min(n, this.size)).subarray(0, n);
  }

  /** Removes and returns the first `n` bytes; the caller has checked that `length >= n`. */
  take(n: number): Buffer {
    const taken = this.peek(n);
    let left = n;
    while (left > 0) {
      const first = this.chunks[0];
      if (first === undefined) break;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.size -= n;
    // peek may return a view of a chunk that stays queued: copy, so the message owns its bytes.
    return Buffer.from(taken);
  }

  clear(): void {
    this.chunks = [];
    this.size = 0;
  }
}
