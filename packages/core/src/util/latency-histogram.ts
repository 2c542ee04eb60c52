/** Upper bounds in seconds, from sub-millisecond requests to two-minute tarball fetches. */
export const DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

/**
 * A fixed-bucket histogram cheap enough for every call: a short scan and three adds.
 * prom-client's own observe() costs about 300 ns (label hashing and validation), which
 * would be most of a recovery plan's budget, so counts are kept here and exported at
 * scrape time (see PreaggregatedHistogram).
 */
export class LatencyHistogram {
  /** counts[i] is the number of observations in (bounds[i-1], bounds[i]]; the last slot is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[] = DURATION_BUCKETS_SECONDS) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }

  /** Value below which `q` of the observations fall, estimated from the buckets. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const target = q * this.count;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return i < this.bounds.length ? this.bounds[i] : Infinity;
    }
    return Infinity;
  }
}
