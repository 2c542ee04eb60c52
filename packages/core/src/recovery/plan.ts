import { z } from 'zod';
import { ERROR_CATEGORIES, type ErrorCategory } from '../errors/category.js';

/**
 * A recovery plan says declaratively how one operation survives failure. Plans are data
 * (JSON-configurable); RecoveryManager compiles each once into cockatiel policies.
 *
 * Layers, outermost first: retry -> circuit breaker -> bulkhead -> per-attempt timeout,
 * then fallback or degrade on what still escapes. So a retry re-enters the breaker (an
 * open breaker stops retries at once) and gives up its bulkhead slot while it backs off.
 */
const categories = z.array(z.enum(ERROR_CATEGORIES as [ErrorCategory, ...ErrorCategory[]])).min(1);
/** Node's timers hold at most 2^31-1 ms (about 24.8 days); past that they fire at once, with a warning. */
const MAX_TIMER_MS = 2_147_483_647;
const ms = z.number().int().min(0).max(MAX_TIMER_MS);

export const RetryPlanSchema = z
  .object({
    /** Total attempts including the first; 1 disables retries. */
    maxAttempts: z.number().int().min(1).max(20),
    /** Scale of the first delay. */
    initialDelayMs: ms.max(600_000),
    /** No single delay exceeds this. */
    maxDelayMs: ms.max(3_600_000),
    /** Growth factor per attempt. */
    exponent: z.number().min(1).max(10),
    /** 'decorrelated' spreads clients apart (Polly's decorrelated jitter v2); 'none' is for tests. */
    jitter: z.enum(['decorrelated', 'none']),
    /** Wait at least as long as a server's Retry-After says. */
    honorRetryAfter: z.boolean(),
    /** A Retry-After longer than this is not waited for: the error escapes at once instead. */
    retryAfterCapMs: ms,
    /**
     * Attempts added, beyond `maxAttempts`, when the call's dependency (its key: a registry
     * origin) has answered another call of this manager: a dependency that answers is up, so
     * its failures are transient and worth more patience; one that never answered still
     * fails after `maxAttempts`. Counted as retries in metrics and history like any other.
     */
    extraAttemptsIfAnswered: z.number().int().min(0).max(20).optional(),
  })
  .strict();

const halfOpenAfterMs = z.number().int().min(1).max(MAX_TIMER_MS);

export const BreakerPlanSchema = z.discriminatedUnion('kind', [
  z
    .object({
      /** Opens after `threshold` dependency failures in a row. */
      kind: z.literal('consecutive'),
      threshold: z.number().int().min(1),
      halfOpenAfterMs,
    })
    .strict(),
  z
    .object({
      /** Opens when the failure ratio over the last `durationMs` exceeds `threshold`. */
      kind: z.literal('sampling'),
      threshold: z.number().gt(0).max(1),
      durationMs: z.number().int().min(100).max(MAX_TIMER_MS),
      minimumRps: z.number().gt(0),
      halfOpenAfterMs,
    })
    .strict(),
  z
    .object({
      /** Opens when the failure ratio over the last `size` calls exceeds `threshold`. */
      kind: z.literal('count'),
      threshold: z.number().gt(0).max(1),
      size: z.number().int().min(1),
      minimumCalls: z.number().int().min(1),
      halfOpenAfterMs,
    })
    .strict(),
]);

export const BulkheadPlanSchema = z
  .object({
    /** Calls running at once. */
    limit: z.number().int().min(1),
    /** Calls waiting for a slot; more than this are refused with PC_BULKHEAD_FULL. */
    queue: z.number().int().min(0),
  })
  .strict();

export const HealthBindingSchema = z
  .object({
    /** Health component the operation reports to; several operations may share one. */
    component: z.string().min(1),
    /** Whether this component being unhealthy makes the whole process unhealthy. */
    critical: z.boolean(),
    /**
     * How calls with a key report: `component`, a component of their own each
     * (`<component>:<key>`; one per registry origin); `shared`, into this component under
     * sources named `<operation>:<key>`, where an open breaker degrades instead of making it
     * unhealthy, and outcomes and degraded or fallback results are left to the caller to report
     * (one per open document: one bad document must
     * not make the server unhealthy). Default `component`.
     */
    keys: z.enum(['component', 'shared']).optional(),
  })
  .strict();

export const RecoveryPlanSchema = z
  .object({
    /** Budget for each attempt. */
    timeoutMs: z.number().int().min(1).max(MAX_TIMER_MS).optional(),
    retry: RetryPlanSchema.optional(),
    breaker: BreakerPlanSchema.optional(),
    bulkhead: BulkheadPlanSchema.optional(),
    /** Categories after which the caller's fallback value is served (for example a stale cache). */
    fallback: z.object({ on: categories }).strict().optional(),
    /** Categories after which the caller's degraded path runs (for example syntax-only analysis). */
    degrade: z.object({ on: categories }).strict().optional(),
    health: HealthBindingSchema.optional(),
  })
  .strict();

export type RetryPlan = z.infer<typeof RetryPlanSchema>;
export type BreakerPlan = z.infer<typeof BreakerPlanSchema>;
export type BulkheadPlan = z.infer<typeof BulkheadPlanSchema>;
export type HealthBinding = z.infer<typeof HealthBindingSchema>;
export type RecoveryPlan = z.infer<typeof RecoveryPlanSchema>;
