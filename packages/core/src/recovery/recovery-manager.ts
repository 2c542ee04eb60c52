import type { Event } from 'cockatiel';
import type { Logger } from 'pino';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';
import type { HealthComponent } from '../health/health-component.js';
import type { HealthRegistry } from '../health/health-registry.js';
import { SafeEventEmitter } from '../util/safe-event-emitter.js';
import type { BreakerStateName } from '../health/breaker-state.js';
import { CompiledPlan } from './compiled-plan.js';
import { DEFAULT_PLANS } from './default-plans.js';
import { validateRecoveryPlan } from './load-plans.js';
import { OperationRunner, type BreakerOpening, type ExecuteOptions, type RunnerHooks } from './operation-runner.js';
import type { RecoveryPlan } from './plan.js';
import { RecoveryHistory, type RecoveryRecord } from './recovery-history.js';
import type { Operation } from './shared-timer-timeout.js';

export interface RecoveryManagerOptions {
  /** Complete plans by operation; DEFAULT_PLANS when absent. Read files with loadRecoveryPlans(). */
  readonly plans?: Readonly<Record<string, RecoveryPlan>>;
  /** Where operations report their health; each plan's `health.component` is registered here. */
  readonly health?: HealthRegistry;
  readonly logger?: Logger;
  /** How many recoveries history() keeps. Default 200. */
  readonly historySize?: number;
}

export interface RetryEvent {
  readonly operation: string;
  readonly key: string | undefined;
  /** 1 for the first retry. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: PcError;
}

export interface BreakerStateChangeEvent {
  readonly operation: string;
  readonly key: string | undefined;
  readonly from: BreakerStateName;
  readonly to: BreakerStateName;
}

/** A breaker's persisted state, as breakerSnapshots() returns and restoreBreaker() accepts. */
export interface BreakerSnapshot {
  readonly operation: string;
  readonly key: string | undefined;
  readonly state: unknown;
  /** While open or half-open: the failure that opened it and when, for the refusals of a later process. */
  readonly opening?: BreakerOpening;
}

/**
 * Runs operations under their recovery plans. Each plan is compiled once into cockatiel
 * policies; every call goes retry -> breaker -> bulkhead -> timeout, and what escapes is
 * always a PcError (after the caller's fallback or degraded path had its chance).
 */
export class RecoveryManager {
  readonly #compiled = new Map<string, CompiledPlan>();
  readonly #runners = new Map<string, OperationRunner>();
  readonly #history: RecoveryHistory;
  readonly #health: HealthRegistry | undefined;
  readonly #logger: Logger | undefined;
  readonly #retryEvents = new SafeEventEmitter<RetryEvent>();
  readonly #breakerEvents = new SafeEventEmitter<BreakerStateChangeEvent>();
  readonly #recoveryEvents = new SafeEventEmitter<RecoveryRecord>();
  /** Dependencies (keys; operations for calls without one) that answered an attempt: they are up. */
  readonly #answered = new Set<string>();
  // How runners report back; one place turns their reports into events and log lines.
  readonly #hooks: RunnerHooks = {
    retried: (runner, attempt, delayMs, error) => {
      this.#logger?.debug(
        { operation: runner.operation, key: runner.key, attempt, delayMs, code: error.code },
        'retrying after failure',
      );
      this.#retryEvents.emit({ operation: runner.operation, key: runner.key, attempt, delayMs, error });
    },
    breakerChanged: (runner, from, to) => {
      const level = to === 'closed' ? 'info' : 'warn';
      this.#logger?.[level]({ operation: runner.operation, key: runner.key, from, to }, `circuit breaker ${to}`);
      // A dependency whose breaker opened is down, not up: its calls lose their extra attempts.
      if (to === 'open') this.#answered.delete(dependencyOf(runner));
      this.#breakerEvents.emit({ operation: runner.operation, key: runner.key, from, to });
    },
    recovered: (record) => {
      const full = this.#history.add(record);
      if (record.outcome !== 'recovered') {
        this.#logger?.warn(
          { recovery: full },
          `${record.operation} ${record.outcome}${record.error ? ` (${record.error.code})` : ''}`,
        );
      }
      this.#recoveryEvents.emit(full);
    },
    answered: (runner) => void this.#answered.add(dependencyOf(runner)),
    hasAnswered: (runner) => this.#answered.has(dependencyOf(runner)),
    fallbackFailed: (runner, error, handlerError) => {
      this.#logger?.error(
        { operation: runner.operation, key: runner.key, code: error.code, handlerError },
        'fallback or degraded path failed too',
      );
    },
  };

  /** Fires before each retry's backoff. */
  readonly onRetry: Event<RetryEvent> = this.#retryEvents.event;
  /** Fires when any breaker opens, half-opens, closes or is isolated. */
  readonly onBreakerStateChange: Event<BreakerStateChangeEvent> = this.#breakerEvents.event;
  /** Fires for every call during which something failed (the records history() keeps). */
  readonly onRecovery: Event<RecoveryRecord> = this.#recoveryEvents.event;

  constructor(options: RecoveryManagerOptions = {}) {
    this.#history = new RecoveryHistory(options.historySize ?? 200);
    this.#health = options.health;
    this.#logger = options.logger;
    for (const [operation, plan] of Object.entries(options.plans ?? DEFAULT_PLANS)) this.define(operation, plan);
  }

  /**
   * Adds or replaces the plan of an operation. Replacing starts its policies afresh
   * (closed breakers, empty bulkheads), as a config reload should.
   */
  define(operation: string, plan: RecoveryPlan): void {
    this.#compiled.set(operation, new CompiledPlan(operation, validateRecoveryPlan(operation, plan)));
    for (const [id, runner] of this.#runners) if (runner.operation === operation) this.#runners.delete(id);
  }

  operations(): string[] {
    return [...this.#compiled.keys()];
  }

  plan(operation: string): RecoveryPlan | undefined {
    return this.#compiled.get(operation)?.plan;
  }

  /**
   * Runs `fn` under the plan of `operation`. `fn` gets the attempt's signal (aborted at
   * the attempt's timeout or when `signal` aborts) and the attempt number.
   */
  execute<T>(operation: string, fn: Operation<T>, signal?: AbortSignal, options?: ExecuteOptions<T>): Promise<T> {
    const key = options?.key;
    const runner =
      this.#runners.get(key === undefined ? operation : runnerId(operation, key)) ?? this.#createRunner(operation, key);
    if (runner instanceof PcError) return Promise.reject(runner);
    return runner.execute(fn, signal, options);
  }

  /**
   * Forgets the instance of an operation for one key (a document that was closed): its
   * breaker, counters and what it reported to health go with it.
   */
  release(operation: string, key: string): void {
    const id = runnerId(operation, key);
    const runner = this.#runners.get(id);
    if (!runner) return;
    this.#runners.delete(id);
    if (runner.compiled.sharedKeys) runner.health?.removeSource(`${operation}:${key}`);
    else if (runner.health) this.#health?.unregister(runner.health.name);
  }

  /** The newest recoveries, oldest first. */
  history(limit?: number): RecoveryRecord[] {
    return this.#history.recent(limit);
  }

  /** Every operation instance created so far, for metrics and diagnostics. */
  runners(): OperationRunner[] {
    return [...this.#runners.values()];
  }

  /** Breaker states to persist, so the next process does not hammer a dependency found dead. */
  breakerSnapshots(): BreakerSnapshot[] {
    const out: BreakerSnapshot[] = [];
    for (const runner of this.#runners.values()) {
      const state = runner.breakerSnapshot();
      const opening = runner.breakerOpening();
      if (state !== undefined)
        out.push({ operation: runner.operation, key: runner.key, state, ...(opening && { opening }) });
    }
    return out;
  }

  /** Starts an operation instance from a persisted breaker state (replacing any live one). */
  restoreBreaker(snapshot: BreakerSnapshot): void {
    const compiled = this.#requirePlan(snapshot.operation);
    if (compiled instanceof PcError) throw compiled;
    const id = snapshot.key === undefined ? snapshot.operation : runnerId(snapshot.operation, snapshot.key);
    this.#runners.set(
      id,
      new OperationRunner(
        compiled,
        snapshot.key,
        this.#hooks,
        this.#component(compiled, snapshot.key),
        snapshot.state,
        snapshot.opening,
      ),
    );
  }

  #createRunner(operation: string, key: string | undefined): OperationRunner | PcError {
    const compiled = this.#requirePlan(operation);
    if (compiled instanceof PcError) return compiled;
    const runner = new OperationRunner(compiled, key, this.#hooks, this.#component(compiled, key));
    this.#runners.set(key === undefined ? operation : runnerId(operation, key), runner);
    return runner;
  }

  #requirePlan(operation: string): CompiledPlan | PcError {
    return (
      this.#compiled.get(operation) ??
      new PcError(C.PC_CONFIG_UNKNOWN_OPERATION, `No recovery plan is defined for operation "${operation}"`, {
        context: { operation, known: this.operations() },
      })
    );
  }

  #component(compiled: CompiledPlan, key: string | undefined): HealthComponent | undefined {
    if (!this.#health) return undefined;
    const name = key === undefined || compiled.sharedKeys ? compiled.component : `${compiled.component}:${key}`;
    return this.#health.register({ name, critical: compiled.critical });
  }
}

/** Operations with one key reach one dependency: an origin that answered packuments is up for tarballs too. */
function dependencyOf(runner: OperationRunner): string {
  return runner.key === undefined ? `\u0000${runner.operation}` : runner.key;
}

function runnerId(operation: string, key: string): string {
  return `${operation}\u0000${key}`;
}
