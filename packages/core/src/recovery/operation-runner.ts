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
  /** Told as each attempt of this call starts, so a caller can say what it waits for. */
  readonly onAttempt?: (attempt: CallAttempt) => void;
  /** Told before each retry's backoff of this call (the manager's onRetry cannot say which call). */
  readonly onRetry?: (retry: CallRetry) => void;
  /**
   * What the call works on (a URL and a package). A timeout's own message cannot say what
   * timed out, so timeouts of this call carry it in their message and context.
   */
  readonly subject?: CallSubject;
}

export interface CallAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** How many the plan allows this call as things stand (see `retry.extraAttemptsIfAnswered`). */
  readonly attempts: number;
}

export interface CallRetry extends CallAttempt {
  /** `attempt` failed with this; attempt + 1 starts after `delayMs`. */
  readonly error: PcError;
  readonly delayMs: number;
}

export interface CallSubject {
  /** Appended to a timeout's message, in parentheses: "GET https://registry.example/left-pad, package left-pad". */
  readonly description: string;
  readonly context: Readonly<Record<string, unknown>>;
}

/** Why a breaker opened, kept with its state so another process can say so too. */
export interface BreakerOpening {
  readonly code: string;
  readonly message: string;
  /** When it opened (ISO 8601). */
  readonly at: string;
}

/** How the runner reports to its manager; the manager turns these into events and logs. */
export interface RunnerHooks {
  retried(runner: OperationRunner, attempt: number, delayMs: number, error: PcError): void;
  breakerChanged(runner: OperationRunner, from: BreakerStateName, to: BreakerStateName): void;
  recovered(record: Omit<RecoveryRecord, 'seq'>): void;
  fallbackFailed(runner: OperationRunner, error: PcError, handlerError: PcError): void;
  /** The dependency behind `runner`'s key answered an attempt (a success, or a 404: anything but a fault). */
  answered(runner: OperationRunner): void;
  hasAnswered(runner: OperationRunner): boolean;
}

// The context signal for attempts of calls made without one, so fn always gets a signal.
const NEVER_ABORTED = new AbortController().signal;

/** Per-call bookkeeping; allocated once per execute(). */
class Call {
  attempts = 0;
  failures: PcError[] | undefined;

  constructor(readonly options: ExecuteOptions<unknown> | undefined) {}

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
  /** While the breaker is open or half-open: the failure that opened it, and when. */
  #opening: BreakerOpening | undefined;
  /** Attempt failures after which their call gets no more attempts, for the retry filter. */
  readonly #spent = new WeakSet<PcError>();
  /** The call each attempt failure belongs to, so a retry event reaches its caller. */
  readonly #callOf = new WeakMap<PcError, Call>();
  #hasAnswered = false;
  /** The name this instance reports under in its health component. */
  readonly #source: string;
  /** Reporting into a component shared with other keys (see HealthBinding.keys). */
  readonly #shared: boolean;

  constructor(
    readonly compiled: CompiledPlan,
    readonly key: string | undefined,
    private readonly hooks: RunnerHooks,
    readonly health: HealthComponent | undefined,
    breakerState?: unknown,
    opening?: BreakerOpening,
  ) {
    this.stats = new OperationStats(compiled.operation, key);
    this.#shared = key !== undefined && compiled.sharedKeys;
    this.#source = this.#shared ? `${compiled.operation}:${key}` : compiled.operation;
    const policies = compiled.createPolicies(breakerState, (error) => PcError.is(error) && this.#spent.has(error));
    this.#retry = policies.retry;
    this.#breaker = policies.breaker;
    this.#bulkhead = policies.bulkhead;
    this.#retry?.onRetry((event) => {
      this.stats.retries++;
      if (!('error' in event)) return;
      const error = classify(event.error);
      hooks.retried(this, event.attempt, event.delay, error);
      const call = this.#callOf.get(error);
      call?.options?.onRetry?.({
        attempt: event.attempt,
        attempts: this.compiled.attempts(hooks.hasAnswered(this)),
        delayMs: event.delay,
        error,
      });
    });
    if (this.#breaker) {
      const state = breakerStateName(this.#breaker.state);
      if (state === 'open' || state === 'half-open') this.#opening = opening;
      this.#setBreakerState(state);
      this.#breaker.onStateChange((next: CircuitState) => this.#breakerChanged(breakerStateName(next)));
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

  /** While the breaker is open or half-open: what opened it and when. */
  breakerOpening(): BreakerOpening | undefined {
    return this.#opening;
  }

  async execute<T>(
    fn: Operation<T>,
    signal: AbortSignal | undefined,
    options: ExecuteOptions<T> | undefined,
  ): Promise<T> {
    const started = performance.now();
    const call = new Call(options);
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
    const subject = call.options?.subject;
    const attempt = (attemptSignal: AbortSignal, n: number): PromiseLike<T> | T => {
      call.attempts = n + 1;
      stats.attempts++;
      // A retry whose backoff outlived the caller's interest: do not start the work.
      if (signal?.aborted) throw abortError(signal, this.operation);
      call.options?.onAttempt?.({ attempt: n + 1, attempts: this.compiled.attempts(this.hooks.hasAnswered(this)) });
      let result: PromiseLike<T> | T;
      try {
        result = timeout ? timeout.run(fn, signal, n) : fn({ signal: attemptSignal, attempt: n });
      } catch (error) {
        result = Promise.reject(error);
      }
      return observeAttempt(result, call, stats, {
        succeeded: () => this.#answered(),
        failed: (raw) => {
          const error = subject && raw.category === 'timeout' ? nameSubject(raw, subject) : raw;
          if (error.spec.dependencyFault) this.#lastFault = error;
          else if (error.category !== 'cancelled') this.#answered();
          // Decided when the attempt fails, not when the call starts: an origin that answers
          // meanwhile earns this call its extra attempts too.
          if (call.attempts >= this.compiled.attempts(this.hooks.hasAnswered(this))) this.#spent.add(error);
          this.#callOf.set(error, call);
          return error;
        },
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
    if (!this.#shared) this.health?.recordOutcome(true, seconds * 1000);
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
    if (error.code !== C.PC_CIRCUIT_OPEN.code || error.context['lastFailure'] !== undefined) return error;
    const last = this.#lastFault;
    // A breaker restored from another process has no live error, only what was saved of it.
    const opening = this.#opening ?? (last && { code: last.code, message: last.message, at: undefined });
    if (opening === undefined) return error;
    const halfOpenAfterMs = this.compiled.plan.breaker?.halfOpenAfterMs;
    const openedAt = opening.at === undefined ? undefined : Date.parse(opening.at);
    return new PcError(
      C.PC_CIRCUIT_OPEN,
      `${C.PC_CIRCUIT_OPEN.summary} The last failure before it opened: ${opening.code}: ${opening.message}`,
      {
        ...(last && { cause: last }),
        context: {
          ...error.context,
          operation: this.operation,
          ...(this.key !== undefined && { key: this.key }),
          lastFailure: opening.code,
          lastFailureMessage: opening.message,
          ...(opening.at !== undefined && { openedAt: opening.at }),
          ...(openedAt !== undefined &&
            halfOpenAfterMs !== undefined &&
            Number.isFinite(openedAt) && { probeAt: new Date(openedAt + halfOpenAfterMs).toISOString() }),
        },
        captureStack: false,
      },
    );
  }

  #reportToHealth(error: PcError, latencyMs: number): void {
    const health = this.health;
    if (!health || this.#shared) return;
    if (error.spec.dependencyFault) health.recordOutcome(false, latencyMs, error);
    // The dependency answered (a 404, a validation error): that is not ill health.
    else if (error.category !== 'cancelled' && error.category !== 'unavailable') health.recordOutcome(true, latencyMs);
  }

  #setMark(kind: 'fallback' | 'degrade', error: PcError): void {
    // Instances sharing a component leave the summary to their caller: it knows which keys matter.
    if (!this.health || this.#shared) return;
    const source = `${this.#source}:${kind}`;
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

  // Once per runner: the manager's set needs telling only the first time.
  #answered(): void {
    if (this.#hasAnswered) return;
    this.#hasAnswered = true;
    this.hooks.answered(this);
  }

  #breakerChanged(to: BreakerStateName): void {
    // The probe of a half-open breaker failing re-opens it: that failure is the fresh reason.
    if (to === 'open') {
      const last = this.#lastFault;
      this.#opening = last
        ? { code: last.code, message: last.message, at: new Date().toISOString() }
        : { code: C.PC_UNKNOWN.code, message: 'unknown', at: new Date().toISOString() };
    } else if (to === 'closed') this.#opening = undefined;
    this.#setBreakerState(to);
  }

  #setBreakerState(to: BreakerStateName): void {
    const from = this.stats.breakerState;
    this.stats.breakerState = to;
    this.health?.setBreakerState(this.#source, to, { minor: this.#shared });
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
 * the call's history and counters. `failed` may return a richer error to throw instead.
 */
function observeAttempt<T>(
  result: PromiseLike<T> | T,
  call: Call,
  stats: OperationStats,
  on: { succeeded(): void; failed(error: PcError): PcError },
): PromiseLike<T> | T {
  if (!isThenable(result)) {
    on.succeeded();
    return result;
  }
  return result.then(
    (value) => {
      on.succeeded();
      return value;
    },
    (raw: unknown) => {
      const error = on.failed(classify(raw));
      stats.failures[error.category]++;
      call.failed(error);
      throw error;
    },
  );
}

/** A timeout saying what timed out: its message and context name the call's subject. */
function nameSubject(error: PcError, subject: CallSubject): PcError {
  if (error.context['subject'] !== undefined) return error;
  return new PcError(error.spec, `${error.message} (${subject.description})`, {
    ...(error.cause !== undefined && { cause: error.cause }),
    context: { ...error.context, ...subject.context, subject: subject.description },
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    captureStack: false,
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
