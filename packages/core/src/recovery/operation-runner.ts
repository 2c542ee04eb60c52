import type { CircuitState } from 'cockatiel';
import { classify } from '../errors/classify.js';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';
import type { HealthComponent } from '../health/health-component.js';
import { abortError, rejectOnAbort } from '../util/abort.js';
import type { BreakerStateName } from '../health/breaker-state.js';
import { breakerStateName } from './circuit-state.js';
import type { CompiledPlan, PolicySet } from './compiled-plan.js';
import { OperationStats } from './operation-stats.js';
import { summarizeFailure, type FailureSummary, type RecoveryRecord } from './recovery-history.js';
import type { Operation } from './shared-timer-timeout.js';

/** What a caller can add to one execution. */
export interface ExecuteOptions<T> {
  /**
   * Runs the operation under its own breaker, bulkhead and health component: one per
   * registry origin, say. Calls without a key share one instance.
   */
  readonly key?: string;
  /** Value to serve when the plan's `fallback.on` categories escape (a stale cache entry). */
  readonly fallback?: (error: PcError) => PromiseLike<T> | T;
  /** Reduced path to run when the plan's `degrade.on` categories escape (syntax-only analysis). */
  readonly degrade?: (error: PcError) => PromiseLike<T> | T;
}

/** How the runner reports to its manager; the manager turns these into events and logs. */
export interface RunnerHooks {
  retried(runner: OperationRunner, attempt: number, delayMs: number, error: PcError): void;
  breakerChanged(runner: OperationRunner, from: BreakerStateName, to: BreakerStateName): void;
  recovered(record: Omit<RecoveryRecord, 'seq'>): void;
  fallbackFailed(runner: OperationRunner, error: PcError, handlerError: PcError): void;
}

// The context signal for attempts of calls made without one, so fn always gets a signal.
const NEVER_ABORTED = new AbortController().signal;

/** Per-call bookkeeping; allocated once per execute(). */
class Call {
  attempts = 0;
  failures: PcError[] | undefined;

  failed(error: PcError): void {
    (this.failures ??= []).push(error);
  }
}

/**
 * One operation (and key) with its own policies, counters and health component. Executes
 * a call through retry -> breaker -> bulkhead -> timeout, then decides fallback or degrade.
 */
export class OperationRunner {
  readonly stats: OperationStats;
  readonly #retry: PolicySet['retry'];
  readonly #breaker: PolicySet['breaker'];
  readonly #bulkhead: PolicySet['bulkhead'];
  #markSource: string | undefined;
  /** The newest attempt failure that counts against the breaker: why it opened, when it does. */
  #lastFault: PcError | undefined;

  constructor(
    readonly compiled: CompiledPlan,
    readonly key: string | undefined,
    private readonly hooks: RunnerHooks,
    readonly health: HealthComponent | undefined,
    breakerState?: unknown,
  ) {
    this.stats = new OperationStats(compiled.operation, key);
    const policies = compiled.createPolicies(breakerState);
    this.#retry = policies.retry;
    this.#breaker = policies.breaker;
    this.#bulkhead = policies.bulkhead;
    this.#retry?.onRetry((event) => {
      this.stats.retries++;
      if ('error' in event) hooks.retried(this, event.attempt, event.delay, classify(event.error));
    });
    if (this.#breaker) {
      this.#setBreakerState(breakerStateName(this.#breaker.state));
      this.#breaker.onStateChange((state: CircuitState) => this.#setBreakerState(breakerStateName(state)));
    }
  }

  get operation(): string {
    return this.compiled.operation;
  }

  /** Calls running and waiting in the bulkhead, for metrics. */
  get bulkheadUsage(): { active: number; queued: number; limit: number; queue: number } | undefined {
    const plan = this.compiled.plan.bulkhead;
    const bulkhead = this.#bulkhead;
    if (!plan || !bulkhead) return undefined;
    return {
      active: plan.limit - bulkhead.executionSlots,
      queued: plan.queue - bulkhead.queueSlots,
      limit: plan.limit,
      queue: plan.queue,
    };
  }

  /** The breaker's state in the form cockatiel restores from, for persisting across processes. */
  breakerSnapshot(): unknown {
    return this.#breaker?.toJSON();
  }

  async execute<T>(
    fn: Operation<T>,
    signal: AbortSignal | undefined,
    options: ExecuteOptions<T> | undefined,
  ): Promise<T> {
    const started = performance.now();
    const call = new Call();
    let value: T;
    try {
      if (signal?.aborted) throw abortError(signal, this.operation);
      const running = this.#run(fn, signal, call);
      value = signal ? await raceAbort(running, signal, this.operation) : await running;
    } catch (raw) {
      return this.#failed(classify(raw), started, call, options);
    }
    this.#succeeded(started, call);
    return value;
  }

  #run<T>(fn: Operation<T>, signal: AbortSignal | undefined, call: Call): Promise<T> {
    const timeout = this.compiled.timeout;
    const stats = this.stats;
    const attempt = (attemptSignal: AbortSignal, n: number): PromiseLike<T> | T => {
      call.attempts = n + 1;
      stats.attempts++;
      // A retry whose backoff outlived the caller's interest: do not start the work.
      if (signal?.aborted) throw abortError(signal, this.operation);
      let result: PromiseLike<T> | T;
      try {
        result = timeout ? timeout.run(fn, signal, n) : fn({ signal: attemptSignal, attempt: n });
      } catch (error) {
        result = Promise.reject(error);
      }
      return observeFailure(result, call, stats, (error) => {
        if (error.spec.dependencyFault) this.#lastFault = error;
      });
    };
    let layer = attempt;
    const bulkhead = this.#bulkhead;
    if (bulkhead) {
      const inner = layer;
      layer = (s, n) => bulkhead.execute((c) => inner(c.signal, n), s);
    }
    const breaker = this.#breaker;
    if (breaker) {
      const inner = layer;
      layer = (s, n) => breaker.execute((c) => inner(c.signal, n), s);
    }
    if (this.#retry) return this.#retry.execute((c) => layer(c.signal, c.attempt), signal);
    return Promise.resolve(layer(signal ?? NEVER_ABORTED, 0));
  }

  #succeeded(started: number, call: Call): void {
    const seconds = (performance.now() - started) / 1000;
    const stats = this.stats;
    stats.okDurations.observe(seconds);
    this.health?.recordOutcome(true, seconds * 1000);
    if (this.#markSource !== undefined) this.#clearMark();
    if (call.failures === undefined) {
      stats.outcomes.success++;
      return;
    }
    stats.outcomes.recovered++;
    this.hooks.recovered(this.#record(call, seconds, 'recovered', ['retry'], undefined));
  }

  async #failed<T>(raw: PcError, started: number, call: Call, options: ExecuteOptions<T> | undefined): Promise<T> {
    const stats = this.stats;
    const error = this.#explainOpenCircuit(raw);
    const lastSeen = call.failures?.[call.failures.length - 1];
    if (lastSeen !== error) {
      // Errors no attempt saw: refusals by the breaker or bulkhead, and the caller's abort.
      stats.failures[error.category]++;
      call.failed(error);
    }
    const seconds = (performance.now() - started) / 1000;
    stats.errorDurations.observe(seconds);
    this.#reportToHealth(error, seconds * 1000);
    if (error.category === 'cancelled') {
      stats.outcomes.cancelled++;
      throw error;
    }
    const retried = call.attempts > 1 ? (['retry'] as const) : ([] as const);
    const { compiled } = this;
    const alternative =
      options?.fallback && compiled.fallbackOn.has(error.category)
        ? { kind: 'fallback' as const, handler: options.fallback }
        : options?.degrade && compiled.degradeOn.has(error.category)
          ? { kind: 'degrade' as const, handler: options.degrade }
          : undefined;
    if (alternative) {
      try {
        const value = await alternative.handler(error);
        const outcome = alternative.kind === 'fallback' ? 'fallback' : 'degraded';
        stats.outcomes[outcome]++;
        this.#setMark(alternative.kind, error);
        this.hooks.recovered(this.#record(call, seconds, outcome, [...retried, alternative.kind], error));
        return value;
      } catch (handlerFailure) {
        // The original failure is the story the user needs; the handler's is logged.
        this.hooks.fallbackFailed(this, error, classify(handlerFailure));
      }
    }
    stats.outcomes.failed++;
    this.hooks.recovered(this.#record(call, seconds, 'failed', retried, error));
    throw error;
  }

  /**
   * A refusal by the open breaker, with the failure that opened it as its cause: "circuit
   * open" alone sends a reader looking for a reason the error could have given.
   */
  #explainOpenCircuit(error: PcError): PcError {
    const last = this.#lastFault;
    if (error.code !== C.PC_CIRCUIT_OPEN.code || last === undefined || error.cause === last) return error;
    return new PcError(
      C.PC_CIRCUIT_OPEN,
      `${C.PC_CIRCUIT_OPEN.summary} The last failure before it opened: ${last.code}: ${last.message}`,
      {
        cause: last,
        context: {
          ...error.context,
          operation: this.operation,
          ...(this.key !== undefined && { key: this.key }),
          lastFailure: last.code,
        },
        captureStack: false,
      },
    );
  }

  #reportToHealth(error: PcError, latencyMs: number): void {
    const health = this.health;
    if (!health) return;
    if (error.spec.dependencyFault) health.recordOutcome(false, latencyMs, error);
    // The dependency answered (a 404, a validation error): that is not ill health.
    else if (error.category !== 'cancelled' && error.category !== 'unavailable') health.recordOutcome(true, latencyMs);
  }

  #setMark(kind: 'fallback' | 'degrade', error: PcError): void {
    if (!this.health) return;
    const source = `${this.operation}:${kind}`;
    const verb = kind === 'fallback' ? 'serving fallback results' : 'running degraded';
    this.health.mark(source, 'degraded', `${this.operation} is ${verb} after ${error.code}: ${error.message}`, {
      code: error.code,
      runbook: error.runbook,
    });
    this.#markSource = source;
  }

  #clearMark(): void {
    this.health?.clearMark(this.#markSource!);
    this.#markSource = undefined;
  }

  #setBreakerState(to: BreakerStateName): void {
    const from = this.stats.breakerState;
    this.stats.breakerState = to;
    this.health?.setBreakerState(this.operation, to);
    if (from !== to) this.hooks.breakerChanged(this, from, to);
  }

  #record(
    call: Call,
    seconds: number,
    outcome: RecoveryRecord['outcome'],
    actions: RecoveryRecord['actions'],
    error: PcError | undefined,
  ): Omit<RecoveryRecord, 'seq'> {
    const failures: FailureSummary[] = (call.failures ?? []).map(summarizeFailure);
    return {
      at: new Date().toISOString(),
      operation: this.operation,
      ...(this.key === undefined ? {} : { key: this.key }),
      attempts: call.attempts,
      durationMs: seconds * 1000,
      failures,
      actions,
      outcome,
      ...(error ? { error: { code: error.code, message: error.message, runbook: error.runbook } } : {}),
    };
  }
}

/**
 * Turns a failed attempt's error into a PcError where it arises, so the breaker and retry
 * filters, the backoff and the final catch all see one classified error; and notes it for
 * the call's history and counters.
 */
function observeFailure<T>(
  result: PromiseLike<T> | T,
  call: Call,
  stats: OperationStats,
  onFailure: (error: PcError) => void,
): PromiseLike<T> | T {
  if (!isThenable(result)) return result;
  return result.then(undefined, (raw: unknown) => {
    const error = classify(raw);
    stats.failures[error.category]++;
    call.failed(error);
    onFailure(error);
    throw error;
  });
}

function isThenable<T>(value: PromiseLike<T> | T): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  const cancelled = rejectOnAbort(signal, what);
  try {
    return await Promise.race([work, cancelled.promise]);
  } finally {
    cancelled.dispose();
  }
}
