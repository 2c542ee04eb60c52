/**
 * Counts successes and failures over a sliding time window, in fixed buckets, so that
 * recording is O(1) with no allocation and old failures stop counting on their own.
 */
export class OutcomeWindow {
  readonly #bucketMs: number;
  readonly #starts: Float64Array;
  readonly #ok: Uint32Array;
  readonly #failed: Uint32Array;

  constructor(
    readonly windowMs: number,
    buckets = 12,
  ) {
    this.#bucketMs = Math.max(1, Math.ceil(windowMs / buckets));
    this.#starts = new Float64Array(buckets).fill(-Infinity);
    this.#ok = new Uint32Array(buckets);
    this.#failed = new Uint32Array(buckets);
  }

  record(ok: boolean, now: number): void {
    const slot = Math.floor(now / this.#bucketMs);
    const index = slot % this.#starts.length;
    const start = slot * this.#bucketMs;
    if (this.#starts[index] !== start) {
      this.#starts[index] = start;
      this.#ok[index] = 0;
      this.#failed[index] = 0;
    }
    if (ok) this.#ok[index]!++;
    else this.#failed[index]!++;
  }

  /** Calls and failures recorded within the window ending at `now`. */
  totals(now: number): { calls: number; failures: number } {
    const oldest = now - this.windowMs;
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.#starts.length; i++) {
      if (this.#starts[i]! + this.#bucketMs <= oldest) continue;
      calls += this.#ok[i]! + this.#failed[i]!;
      failures += this.#failed[i]!;
    }
    return { calls, failures };
  }

  /** The next time a recorded outcome stops counting (so the rate may change), if any. */
  nextExpiry(now: number): number | undefined {
    const oldest = now - this.windowMs;
    let earliest: number | undefined;
    for (let i = 0; i < this.#starts.length; i++) {
      if (this.#ok[i] === 0 && this.#failed[i] === 0) continue;
      if (this.#starts[i]! + this.#bucketMs <= oldest) continue;
      const expires = this.#starts[i]! + this.#bucketMs + this.windowMs;
      earliest = earliest === undefined ? expires : Math.min(earliest, expires);
    }
    return earliest;
  }
}
