import { ERROR_CATEGORIES, type ErrorCategory } from '../errors/category.js';
import { LatencyHistogram } from '../util/latency-histogram.js';
import type { BreakerStateName } from '../health/breaker-state.js';

export type CallOutcome = 'success' | 'recovered' | 'fallback' | 'degraded' | 'failed' | 'cancelled';
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  'success',
  'recovered',
  'fallback',
  'degraded',
  'failed',
  'cancelled',
];

/**
 * Counters for one operation (and key). Plain fields, bumped on the hot path and read by
 * metrics collectors at scrape time.
 */
export class OperationStats {
  attempts = 0;
  retries = 0;
  /** Failed attempts and refused calls, by category. */
  readonly failures: Record<ErrorCategory, number> = Object.fromEntries(ERROR_CATEGORIES.map((c) => [c, 0])) as Record<
    ErrorCategory,
    number
  >;
  readonly outcomes: Record<CallOutcome, number> = {
    success: 0,
    recovered: 0,
    fallback: 0,
    degraded: 0,
    failed: 0,
    cancelled: 0,
  };
  /** Durations of whole calls (all attempts and waits), by whether they returned a value. */
  readonly okDurations = new LatencyHistogram();
  readonly errorDurations = new LatencyHistogram();
  breakerState: BreakerStateName = 'closed';

  constructor(
    readonly operation: string,
    readonly key: string | undefined,
  ) {}
}
