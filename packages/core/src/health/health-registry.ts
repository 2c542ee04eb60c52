import type { Event } from 'cockatiel';
import { classify } from '../errors/classify.js';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';
import { forwardAbort, rejectOnAbort } from '../util/abort.js';
import { SafeEventEmitter } from '../util/safe-event-emitter.js';
import { ChangeDebouncer } from './change-debouncer.js';
import {
  HealthComponent,
  type ComponentOptions,
  type ComponentSnapshot,
  type HealthReason,
} from './health-component.js';
import { overallStatus, type HealthStatus } from './status.js';

export interface HealthRegistryOptions {
  /** Wall clock for timestamps and windows. Default Date.now. */
  readonly clock?: () => number;
  /** Change events for one component (or the whole) come at most this often. Default 1000 ms. */
  readonly changeIntervalMs?: number;
}

export interface HealthSnapshot {
  readonly status: HealthStatus;
  /** When the whole entered its current status (ISO 8601). */
  readonly since: string;
  readonly checkedAt: string;
  readonly components: readonly ComponentSnapshot[];
}

export interface ComponentChangeEvent {
  readonly component: string;
  readonly from: HealthStatus;
  readonly to: HealthStatus;
  readonly reasons: readonly HealthReason[];
  readonly at: string;
}

export interface HealthChangeEvent {
  readonly from: HealthStatus;
  readonly to: HealthStatus;
  readonly at: string;
  readonly snapshot: HealthSnapshot;
}

/**
 * The components of a process and their health, derived from what reporters feed them
 * (breaker states, operation outcomes, probes, marks). Status is kept current lazily:
 * inputs mark a component dirty, a microtask re-evaluates, and reads flush first.
 */
export class HealthRegistry {
  readonly #clock: () => number;
  readonly #components = new Map<string, HealthComponent>();
  readonly #dirty = new Set<HealthComponent>();
  readonly #rechecks = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  readonly #componentEvents = new SafeEventEmitter<ComponentChangeEvent>();
  readonly #overallEvents = new SafeEventEmitter<HealthChangeEvent>();
  readonly #componentDebouncer: ChangeDebouncer<HealthStatus>;
  readonly #overallDebouncer: ChangeDebouncer<HealthStatus>;
  #flushQueued = false;
  #status: HealthStatus = 'healthy';
  #since: number;

  /** Fires when one component's status changes (debounced against flapping). */
  readonly onComponentChange: Event<ComponentChangeEvent> = this.#componentEvents.event;
  /** Fires when the overall status changes (debounced against flapping). */
  readonly onChange: Event<HealthChangeEvent> = this.#overallEvents.event;

  constructor(options: HealthRegistryOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#since = this.#clock();
    const interval = options.changeIntervalMs ?? 1_000;
    this.#componentDebouncer = new ChangeDebouncer(interval, this.#clock, (name, from, to) => {
      const component = this.#components.get(name);
      this.#componentEvents.emit({
        component: name,
        from,
        to,
        reasons: component?.snapshot().reasons ?? [],
        at: this.#now(),
      });
    });
    this.#overallDebouncer = new ChangeDebouncer(interval, this.#clock, (_key, from, to) => {
      this.#overallEvents.emit({ from, to, at: this.#now(), snapshot: this.snapshot() });
    });
    this.#overallDebouncer.start('overall', 'healthy');
  }

  /** Adds a component, or returns the one already registered under that name. */
  register(options: ComponentOptions): HealthComponent {
    const existing = this.#components.get(options.name);
    if (existing) {
      if (options.critical !== undefined && options.critical !== existing.critical) {
        throw new PcError(
          C.PC_INVALID_ARGUMENT,
          `Health component ${options.name} is already registered with critical=${existing.critical}`,
        );
      }
      return existing;
    }
    const component = new HealthComponent(options, this.#clock, (c) => this.#markDirty(c));
    this.#components.set(component.name, component);
    this.#componentDebouncer.start(component.name, component.status);
    return component;
  }

  get(name: string): HealthComponent | undefined {
    return this.#components.get(name);
  }

  unregister(name: string): void {
    const component = this.#components.get(name);
    if (!component) return;
    this.#components.delete(name);
    this.#dirty.delete(component);
    this.#cancelRecheck(name);
    this.#componentDebouncer.forget(name);
    this.#recomputeOverall();
  }

  status(): HealthStatus {
    this.#flush();
    return this.#status;
  }

  snapshot(): HealthSnapshot {
    this.#flush();
    return {
      status: this.#status,
      since: new Date(this.#since).toISOString(),
      checkedAt: this.#now(),
      components: [...this.#components.values()].map((c) => c.snapshot()),
    };
  }

  /** Runs every probe at once, each within its own timeout, then returns the snapshot. */
  async check(options: { signal?: AbortSignal } = {}): Promise<HealthSnapshot> {
    const probed = [...this.#components.values()].filter((c) => c.probe !== undefined);
    await Promise.all(probed.map((c) => this.#runProbe(c, options.signal)));
    return this.snapshot();
  }

  /** Stops the timers the registry holds (rechecks, debounced events). */
  dispose(): void {
    for (const name of [...this.#rechecks.keys()]) this.#cancelRecheck(name);
    this.#componentDebouncer.dispose();
    this.#overallDebouncer.dispose();
  }

  async #runProbe(component: HealthComponent, outer: AbortSignal | undefined): Promise<void> {
    const probe = component.probe!;
    const controller = new AbortController();
    const started = performance.now();
    const timeoutMs = component.probeTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new PcError(
          C.PC_TIMEOUT,
          `Health probe ${component.name} did not answer within ${timeoutMs} ms`,
          {
            context: { component: component.name, timeoutMs },
          },
        );
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const cancelled = outer ? rejectOnAbort(outer, `Health probe ${component.name}`) : undefined;
    const unlink = outer ? forwardAbort(outer, controller) : undefined;
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => probe(controller.signal)),
        deadline,
        ...(cancelled ? [cancelled.promise] : []),
      ]);
      component.recordProbe({
        status: result?.status ?? 'healthy',
        latencyMs: performance.now() - started,
        ...(result?.reason === undefined ? {} : { reason: result.reason }),
      });
    } catch (raw) {
      const error = classify(raw);
      component.recordProbe(
        {
          status: 'unhealthy',
          latencyMs: performance.now() - started,
          reason: `probe failed: ${error.message}`,
          code: error.code,
          runbook: error.runbook,
        },
        error,
      );
    } finally {
      clearTimeout(timer);
      cancelled?.dispose();
      unlink?.();
    }
  }

  #markDirty(component: HealthComponent): void {
    this.#dirty.add(component);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#flushQueued = false;
    if (this.#dirty.size === 0) return;
    const dirty = [...this.#dirty];
    this.#dirty.clear();
    for (const component of dirty) {
      if (this.#components.get(component.name) !== component) continue;
      const { changed, recheckAt } = component.evaluate();
      this.#scheduleRecheck(component, recheckAt);
      if (changed) this.#componentDebouncer.update(component.name, component.status);
    }
    this.#recomputeOverall();
  }

  #recomputeOverall(): void {
    const status = overallStatus(this.#components.values());
    if (status === this.#status) return;
    this.#status = status;
    this.#since = this.#clock();
    this.#overallDebouncer.update('overall', status);
  }

  #scheduleRecheck(component: HealthComponent, at: number | undefined): void {
    const existing = this.#rechecks.get(component.name);
    if (at === undefined || (existing && existing.at <= at)) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(
      () => {
        this.#rechecks.delete(component.name);
        this.#markDirty(component);
      },
      Math.max(0, at - this.#clock()),
    );
    timer.unref();
    this.#rechecks.set(component.name, { at, timer });
  }

  #cancelRecheck(name: string): void {
    const existing = this.#rechecks.get(name);
    if (!existing) return;
    clearTimeout(existing.timer);
    this.#rechecks.delete(name);
  }

  #now(): string {
    return new Date(this.#clock()).toISOString();
  }
}
