import type { BreakerPlan, RecoveryPlan, RetryPlan } from './plan.js';

/**
 * Defaults for each part of a plan, used to complete a partial section in a config file.
 * Documented in ARCHITECTURE.md ("Recovery plans"); keep the two in step.
 */
export const RETRY_DEFAULTS: RetryPlan = {
  maxAttempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  exponent: 2,
  jitter: 'decorrelated',
  honorRetryAfter: true,
  retryAfterCapMs: 60_000,
};

export const BREAKER_DEFAULTS: { readonly [K in BreakerPlan['kind']]: Extract<BreakerPlan, { kind: K }> } = {
  consecutive: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 30_000 },
  sampling: { kind: 'sampling', threshold: 0.5, durationMs: 30_000, minimumRps: 1, halfOpenAfterMs: 30_000 },
  count: { kind: 'count', threshold: 0.5, size: 20, minimumCalls: 10, halfOpenAfterMs: 30_000 },
};

export const BULKHEAD_DEFAULTS = { limit: 8, queue: 64 } as const;

/** Open when 80% of the last 20 attempts to one registry failed (once 10 have been made). */
const REGISTRY_BREAKER = {
  kind: 'count',
  threshold: 0.8,
  size: 20,
  minimumCalls: 10,
  halfOpenAfterMs: 30_000,
} as const;

/**
 * Four attempts from 250 ms, and four more once the origin has answered another request: an
 * origin that answers is up, so its failures are transient. On a network that drops one
 * request in ten, four attempts all fail for one request in 10,000 (one install in twenty of
 * a few hundred packages); eight, for one in 10^8. A dead origin never answered, so it still
 * fails after four.
 */
const REGISTRY_RETRY = {
  ...RETRY_DEFAULTS,
  maxAttempts: 4,
  initialDelayMs: 250,
  extraAttemptsIfAnswered: 4,
} as const;

/**
 * The operations the tooling runs, with the plan each gets when nothing is configured.
 * Why these numbers:
 * - registry fetches: CI networks are flaky, so retry with backoff like npm does (npm's
 *   fetch-retries is 2, i.e. 3 attempts); 80% of the last 20 attempts failing means the
 *   registry is down, and then failing fast beats hammering it. The breaker counts a share,
 *   not a run: an install has a dozen requests in flight, and on a network that drops one
 *   request in ten, five failures in a row among them come often (measured: 1 install in 10
 *   of 200 packages broke on it); a stale cached packument
 *   is better than no install, and when the cache has one, revalidating it is worth one
 *   quick try, not four patient ones.
 * - language server work: an editor cannot wait, so short budgets and no retries; when
 *   analysis keeps failing, serve syntax-only results instead of nothing.
 */
export const DEFAULT_PLANS: Readonly<Record<string, RecoveryPlan>> = {
  'registry.packument': {
    timeoutMs: 30_000,
    retry: REGISTRY_RETRY,
    breaker: REGISTRY_BREAKER,
    bulkhead: { limit: 16, queue: 1024 },
    fallback: { on: ['network', 'timeout', 'unavailable', 'rate_limited'] },
    health: { component: 'registry', critical: false },
  },
  // Revalidating a packument the cache already has: the cached copy is good enough, so no
  // retries and a short budget; on failure it is served stale (HTTP's stale-if-error).
  'registry.revalidate': {
    timeoutMs: 5_000,
    breaker: REGISTRY_BREAKER,
    bulkhead: { limit: 16, queue: 1024 },
    fallback: { on: ['network', 'timeout', 'unavailable', 'rate_limited'] },
    health: { component: 'registry', critical: false },
  },
  'registry.tarball': {
    timeoutMs: 120_000,
    retry: REGISTRY_RETRY,
    breaker: REGISTRY_BREAKER,
    bulkhead: { limit: 8, queue: 4096 },
    health: { component: 'registry', critical: false },
  },
  // Keyed by document: one pathological file opens its own breaker, not everyone's. No
  // bulkhead: the server's scheduler admits analyses as workers free up, so none is refused.
  'lsp.analysis': {
    timeoutMs: 2_000,
    breaker: { ...BREAKER_DEFAULTS.consecutive, threshold: 3, halfOpenAfterMs: 10_000 },
    degrade: { on: ['timeout', 'unavailable', 'internal', 'unknown', 'resource'] },
    health: { component: 'analysis', critical: true, keys: 'shared' },
  },
  'lsp.protocolCheck': {
    timeoutMs: 1_000,
    breaker: { ...BREAKER_DEFAULTS.consecutive, threshold: 3, halfOpenAfterMs: 30_000 },
    degrade: { on: ['timeout', 'unavailable', 'internal', 'unknown', 'resource'] },
    health: { component: 'protocolCheck', critical: false, keys: 'shared' },
  },
  'lsp.codegen': {
    timeoutMs: 5_000,
    bulkhead: { limit: 1, queue: 4 },
    health: { component: 'codegen', critical: false },
  },
};
