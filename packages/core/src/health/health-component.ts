import { CoreErrorCodes as C } from '../errors/core-codes.js';
import type { PcError } from '../errors/pc-error.js';
import type { BreakerStateName } from './breaker-state.js';
import { OutcomeWindow } from './outcome-window.js';
import { worseStatus, type HealthStatus } from './status.js';

/** What a probe found. Returning nothing means healthy; throwing means unhealthy. */
export interface ProbeResult {
  readonly status?: HealthStatus;
  readonly reason?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type HealthProbe = (signal: AbortSignal) => Promise<ProbeResult | void> | ProbeResult | void;

export interface ErrorRateThresholds {
  /** How far back outcomes count. */
  readonly windowMs: number;
  /** Fewer calls than this in the window say nothing about the rate. */
  readonly minCalls: number;
  /** Failure ratio at which the component is degraded. */
  readonly degradedAt: number;
  /** Failure ratio at which the component is unhealthy. */
  readonly unhealthyAt: number;
}

export const DEFAULT_ERROR_RATE: ErrorRateThresholds = {
  windowMs: 60_000,
  minCalls: 5,
  degradedAt: 0.2,
  unhealthyAt: 0.5,
};

export interface ComponentOptions {
  readonly name: string;
  /** Unhealthy critical components make the whole process unhealthy. Default false. */
  readonly critical?: boolean;
  readonly description?: string;
  readonly probe?: HealthProbe;
  /** Budget for one run of the probe. Default 5000 ms. */
  readonly probeTimeoutMs?: number;
  readonly errorRate?: Partial<ErrorRateThresholds>;
}

/** One thing that makes a component less than healthy, with what to read about it. */
export interface HealthReason {
  /** What reported it: a breaker's operation, 'error-rate', 'probe', or a mark's source. */
  readonly source: string;
  readonly status: HealthStatus;
  readonly reason: string;
  readonly code?: string;
  readonly runbook?: string;
}

export interface ErrorSummary {
  readonly code: string;
  readonly message: string;
  readonly runbook: string;
  readonly at: string;
}

export interface ComponentSnapshot {
  readonly name: string;
  readonly critical: boolean;
  readonly description?: string;
  readonly status: HealthStatus;
  /** When the component entered its current status (ISO 8601). */
  readonly since: string;
  readonly reasons: readonly HealthReason[];
  /** Latency of the last operation or probe, in ms; null before the first. */
  readonly latencyMs: number | null;
  readonly lastError: ErrorSummary | null;
  readonly breakers: Readonly<Record<string, BreakerStateName>>;
  readonly errorRate: {
    readonly windowMs: number;
    readonly calls: number;
    readonly failures: number;
    readonly rate: number;
  };
  readonly lastProbe: {
    readonly at: string;
    readonly status: HealthStatus;
    readonly latencyMs: number;
    readonly reason?: string;
  } | null;
}

interface Mark extends HealthReason {
  readonly expiresAt: number | undefined;
}

interface ProbeOutcome {
  readonly at: number;
  readonly status: HealthStatus;
  readonly latencyMs: number;
  readonly reason?: string;
  readonly code?: string;
  readonly runbook?: string;
}

/**
 * The state of one component and the rules that turn it into a status. Reporters (the
 * recovery manager, probes, code that serves stale data) feed it; HealthRegistry owns it
 * and turns status changes into events.
 */
export class HealthComponent {
  readonly name: string;
  readonly critical: boolean;
  readonly description: string | undefined;
  readonly probe: HealthProbe | undefined;
  readonly probeTimeoutMs: number;
  readonly #thresholds: ErrorRateThresholds;
  readonly #window: OutcomeWindow;
  readonly #breakers = new Map<string, BreakerStateName>();
  /** Breaker sources whose open state only degrades this component (one of many keyed instances). */
  readonly #minorBreakers = new Set<string>();
  readonly #marks = new Map<string, Mark>();
  #status: HealthStatus = 'healthy';
  #since: number;
  #reasons: readonly HealthReason[] = [];
  #latencyMs: number | null = null;
  #lastError: { error: PcError; at: number } | undefined;
  #lastFailureAt = -Infinity;
  #lastProbe: ProbeOutcome | undefined;

  constructor(
    options: ComponentOptions,
    private readonly clock: () => number,
    private readonly onInputChanged: (component: HealthComponent) => void,
  ) {
    this.name = options.name;
    this.critical = options.critical ?? false;
    this.description = options.description;
    this.probe = options.probe;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
    this.#thresholds = { ...DEFAULT_ERROR_RATE, ...options.errorRate };
    this.#window = new OutcomeWindow(this.#thresholds.windowMs);
    this.#since = clock();
  }

  get status(): HealthStatus {
    return this.#status;
  }

  /**
   * The outcome of one operation against this component. Cheap when all is well: a
   * success on a healthy component with no failure in the window only bumps a counter.
   */
  recordOutcome(ok: boolean, latencyMs: number, error?: PcError): void {
    const now = this.clock();
    this.#latencyMs = latencyMs;
    this.#window.record(ok, now);
    if (!ok) {
      this.#lastFailureAt = now;
      if (error) this.#lastError = { error, at: now };
    }
    // A success can still change the status: it may lift the call count over minCalls
    // while failures are in the window.
    if (!ok || this.#status !== 'healthy' || now - this.#lastFailureAt < this.#thresholds.windowMs)
      this.onInputChanged(this);
  }

  /**
   * `minor`: the breaker guards one of many instances (one open document), so its being
   * open degrades the component instead of making it unhealthy.
   */
  setBreakerState(source: string, state: BreakerStateName, options: { minor?: boolean } = {}): void {
    if (options.minor) this.#minorBreakers.add(source);
    if (this.#breakers.get(source) === state) return;
    this.#breakers.set(source, state);
    this.onInputChanged(this);
  }

  /** Drops every breaker and mark of a source (and its `source:` sub-sources): the instance is gone. */
  removeSource(source: string): void {
    const mine = (s: string): boolean => s === source || s.startsWith(`${source}:`);
    let changed = false;
    for (const s of [...this.#breakers.keys()].filter(mine)) {
      this.#breakers.delete(s);
      this.#minorBreakers.delete(s);
      changed = true;
    }
    for (const s of [...this.#marks.keys()].filter(mine)) changed = this.#marks.delete(s) || changed;
    if (changed) this.onInputChanged(this);
  }

  /**
   * Marks the component degraded or unhealthy for a reason no counter can see (a stale
   * cache being served, a feature switched off). Stays until cleared or `ttlMs` passes.
   */
  mark(
    source: string,
    status: HealthStatus,
    reason: string,
    options: { code?: string; runbook?: string; ttlMs?: number } = {},
  ): void {
    this.#marks.set(source, {
      source,
      status,
      reason,
      ...(options.code === undefined ? {} : { code: options.code }),
      ...(options.runbook === undefined ? {} : { runbook: options.runbook }),
      expiresAt: options.ttlMs === undefined ? undefined : this.clock() + options.ttlMs,
    });
    this.onInputChanged(this);
  }

  clearMark(source: string): void {
    if (this.#marks.delete(source)) this.onInputChanged(this);
  }

  recordProbe(outcome: Omit<ProbeOutcome, 'at'>, error?: PcError): void {
    const now = this.clock();
    this.#lastProbe = { ...outcome, at: now };
    this.#latencyMs = outcome.latencyMs;
    if (error) this.#lastError = { error, at: now };
    this.onInputChanged(this);
  }

  /**
   * Recomputes the status from every input. Returns whether it changed; `since` moves only
   * then. Also returns when the status may next change without any new input (a failure
   * leaving the window, a mark expiring), so the registry can look again then.
   */
  evaluate(): { changed: boolean; recheckAt: number | undefined } {
    const now = this.clock();
    const reasons: HealthReason[] = [];
    let recheckAt: number | undefined;
    const later = (at: number | undefined): void => {
      if (at !== undefined && (recheckAt === undefined || at < recheckAt)) recheckAt = at;
    };

    for (const [source, state] of this.#breakers) {
      if (state === 'closed') continue;
      reasons.push({
        source,
        status: state === 'half-open' || this.#minorBreakers.has(source) ? 'degraded' : 'unhealthy',
        reason:
          state === 'half-open'
            ? `circuit breaker for ${source} is half-open, testing the dependency`
            : `circuit breaker for ${source} is ${state}`,
        code: C.PC_CIRCUIT_OPEN.code,
        runbook: C.PC_CIRCUIT_OPEN.runbook,
      });
    }

    const { calls, failures } = this.#window.totals(now);
    if (calls >= this.#thresholds.minCalls && failures > 0) {
      const rate = failures / calls;
      const status: HealthStatus | undefined =
        rate >= this.#thresholds.unhealthyAt
          ? 'unhealthy'
          : rate >= this.#thresholds.degradedAt
            ? 'degraded'
            : undefined;
      if (status) {
        const last = this.#lastError?.error;
        reasons.push({
          source: 'error-rate',
          status,
          reason: `${failures} of ${calls} calls failed in the last ${Math.round(this.#thresholds.windowMs / 1000)} s`,
          ...(last ? { code: last.code, runbook: last.runbook } : {}),
        });
      }
    }
    if (failures > 0) later(this.#window.nextExpiry(now));

    const probe = this.#lastProbe;
    if (probe && probe.status !== 'healthy') {
      reasons.push({
        source: 'probe',
        status: probe.status,
        reason: probe.reason ?? `probe reported ${probe.status}`,
        ...(probe.code === undefined ? {} : { code: probe.code }),
        ...(probe.runbook === undefined ? {} : { runbook: probe.runbook }),
      });
    }

    for (const [source, mark] of this.#marks) {
      if (mark.expiresAt !== undefined && mark.expiresAt <= now) {
        this.#marks.delete(source);
        continue;
      }
      later(mark.expiresAt);
      const { expiresAt: _expiresAt, ...reason } = mark;
      reasons.push(reason);
    }

    const status = reasons.reduce<HealthStatus>((worst, r) => worseStatus(worst, r.status), 'healthy');
    this.#reasons = reasons;
    const changed = status !== this.#status;
    if (changed) {
      this.#status = status;
      this.#since = now;
    }
    return { changed, recheckAt };
  }

  snapshot(): ComponentSnapshot {
    const { calls, failures } = this.#window.totals(this.clock());
    const last = this.#lastError;
    const probe = this.#lastProbe;
    return {
      name: this.name,
      critical: this.critical,
      ...(this.description === undefined ? {} : { description: this.description }),
      status: this.#status,
      since: new Date(this.#since).toISOString(),
      reasons: this.#reasons,
      latencyMs: this.#latencyMs,
      lastError: last
        ? {
            code: last.error.code,
            message: last.error.message,
            runbook: last.error.runbook,
            at: new Date(last.at).toISOString(),
          }
        : null,
      breakers: Object.fromEntries(this.#breakers),
      errorRate: { windowMs: this.#thresholds.windowMs, calls, failures, rate: calls === 0 ? 0 : failures / calls },
      lastProbe: probe
        ? {
            at: new Date(probe.at).toISOString(),
            status: probe.status,
            latencyMs: probe.latencyMs,
            ...(probe.reason === undefined ? {} : { reason: probe.reason }),
          }
        : null,
    };
  }
}
