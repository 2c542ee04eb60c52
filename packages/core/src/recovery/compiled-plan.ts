import {
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  CountBreaker,
  ExponentialBackoff,
  type RetryPolicy,
  SamplingBreaker,
  bulkhead,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhen,
  noJitterGenerator,
  retry,
  type IBackoffFactory,
  type IBreaker,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { ErrorCategory } from '../errors/category.js';
import { classify } from '../errors/classify.js';
import type { BreakerPlan, RecoveryPlan, RetryPlan } from './plan.js';
import { RetryAfterBackoff } from './retry-after-backoff.js';
import { SharedTimerTimeout } from './shared-timer-timeout.js';

/** The cockatiel policies of one operation instance (one breaker per key). */
export interface PolicySet {
  readonly retry: RetryPolicy | undefined;
  readonly breaker: CircuitBreakerPolicy | undefined;
  readonly bulkhead: BulkheadPolicy | undefined;
}

/**
 * A plan turned into the pieces that run it. Compiled once per operation; every key of the
 * operation gets its own policies from `createPolicies` (a breaker per registry origin) but
 * shares the timeout, whose single timer serves them all.
 */
export class CompiledPlan {
  readonly timeout: SharedTimerTimeout | undefined;
  readonly fallbackOn: ReadonlySet<ErrorCategory>;
  readonly degradeOn: ReadonlySet<ErrorCategory>;
  /** Health component this operation reports to (before any key is appended). */
  readonly component: string;
  readonly critical: boolean;
  /** Keyed calls report into `component` itself (see HealthBinding.keys). */
  readonly sharedKeys: boolean;
  readonly #backoff: IBackoffFactory<IRetryBackoffContext<unknown>> | undefined;
  readonly #isRetryable: (error: unknown) => boolean;

  constructor(
    readonly operation: string,
    readonly plan: RecoveryPlan,
  ) {
    this.timeout = plan.timeoutMs === undefined ? undefined : new SharedTimerTimeout(plan.timeoutMs, operation);
    this.fallbackOn = new Set(plan.fallback?.on ?? []);
    this.degradeOn = new Set(plan.degrade?.on ?? []);
    this.component = plan.health?.component ?? operation;
    this.critical = plan.health?.critical ?? false;
    this.sharedKeys = plan.health?.keys === 'shared';
    this.#backoff = plan.retry ? compileBackoff(plan.retry) : undefined;
    this.#isRetryable = plan.retry ? retryFilter(plan.retry) : () => false;
  }

  /** Attempts a call gets: `maxAttempts`, plus `extraAttemptsIfAnswered` once its dependency has answered. */
  attempts(answered: boolean): number {
    const plan = this.plan.retry;
    if (!plan) return 1;
    return plan.maxAttempts + (answered ? (plan.extraAttemptsIfAnswered ?? 0) : 0);
  }

  /**
   * Fresh policies; `breakerState` restores a breaker saved with `toJSON()`. The retry
   * policy allows every attempt a call may get; `spent` tells it which failures ended
   * their call's allowance (the runner knows, per call, whether the extra ones apply).
   */
  createPolicies(breakerState?: unknown, spent: (error: unknown) => boolean = () => false): PolicySet {
    const { plan } = this;
    const most = this.attempts(true);
    return {
      retry:
        plan.retry && most > 1
          ? retry(
              handleWhen((error) => this.#isRetryable(error) && !spent(error)),
              { maxAttempts: most - 1, backoff: this.#backoff! },
            )
          : undefined,
      breaker: plan.breaker
        ? circuitBreaker(handleWhen(countsAgainstBreaker), {
            breaker: compileBreaker(plan.breaker),
            halfOpenAfter: plan.breaker.halfOpenAfterMs,
            ...(breakerState === undefined ? {} : { initialState: breakerState }),
          })
        : undefined,
      bulkhead: plan.bulkhead ? bulkhead(plan.bulkhead.limit, plan.bulkhead.queue) : undefined,
    };
  }
}

/** Only failures that say something about the dependency: not validation, not cancellation. */
function countsAgainstBreaker(error: unknown): boolean {
  return classify(error).spec.dependencyFault;
}

function retryFilter(plan: RetryPlan): (error: unknown) => boolean {
  return (raw) => {
    const error = classify(raw);
    if (!error.retryable) return false;
    // A server asking for a longer pause than we will wait: give up now rather than hang.
    return !(plan.honorRetryAfter && error.retryAfterMs !== undefined && error.retryAfterMs > plan.retryAfterCapMs);
  };
}

function compileBackoff(plan: RetryPlan): IBackoffFactory<IRetryBackoffContext<unknown>> {
  const shape = { initialDelay: plan.initialDelayMs, maxDelay: plan.maxDelayMs, exponent: plan.exponent };
  const base: IBackoffFactory<unknown> =
    plan.jitter === 'decorrelated'
      ? new ExponentialBackoff({ ...shape, generator: decorrelatedJitterGenerator })
      : new ExponentialBackoff({ ...shape, generator: noJitterGenerator });
  return plan.honorRetryAfter ? new RetryAfterBackoff(base, plan.retryAfterCapMs) : base;
}

function compileBreaker(plan: BreakerPlan): IBreaker {
  switch (plan.kind) {
    case 'consecutive':
      return new ConsecutiveBreaker(plan.threshold);
    case 'sampling':
      return new SamplingBreaker({ threshold: plan.threshold, duration: plan.durationMs, minimumRps: plan.minimumRps });
    case 'count':
      return new CountBreaker({ threshold: plan.threshold, size: plan.size, minimumNumberOfCalls: plan.minimumCalls });
  }
}
