import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { HealthRegistry } from '../health/health-registry.js';
import type { HealthStatus } from '../health/status.js';
import type { TokenBucket } from '../rate-limit/token-bucket.js';
import { breakerGaugeValue } from '../recovery/breaker-state.js';
import type { OperationRunner } from '../recovery/operation-runner.js';
import type { RecoveryManager } from '../recovery/recovery-manager.js';
import { PreaggregatedHistogram } from './preaggregated-histogram.js';

export interface MetricsOptions {
  /** Register into this registry instead of a new one. */
  readonly registry?: Registry;
  /** Prefix of every metric name. Default 'parsercraft_'. */
  readonly prefix?: string;
  /** Also collect Node's process metrics (heap, event loop lag, ...). Default false. */
  readonly processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** Content-Type for the Prometheus text. */
  readonly contentType: string;
  trackRecovery(manager: RecoveryManager): void;
  trackRateLimiter(bucket: TokenBucket): void;
  trackHealth(health: HealthRegistry): void;
  /** Prometheus text exposition format. */
  prometheus(): Promise<string>;
  json(): ReturnType<Registry['getMetricsAsJSON']>;
}

const HEALTH_VALUE: Readonly<Record<HealthStatus, number>> = { healthy: 0, degraded: 1, unhealthy: 2 };

/**
 * Prometheus metrics of recovery, rate limiting and health. Nothing is counted through
 * prom-client on hot paths: the tracked objects keep plain counters and every metric is
 * filled from them at scrape time (prom-client's `collect`).
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = options.registry ?? new Registry();
  const p = options.prefix ?? 'parsercraft_';
  const managers: RecoveryManager[] = [];
  const buckets: TokenBucket[] = [];
  const healths: HealthRegistry[] = [];
  const runners = (): OperationRunner[] => managers.flatMap((m) => m.runners());
  const opLabels = (r: OperationRunner): { operation: string; key: string } => ({ operation: r.operation, key: r.key ?? '' });
  const registers = [registry];

  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: p });

  new Counter({
    name: `${p}operation_attempts_total`,
    help: 'Attempts made by recovery plans, first tries and retries.',
    labelNames: ['operation', 'key'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) this.inc(opLabels(r), r.stats.attempts);
    },
  });
  new Counter({
    name: `${p}operation_retries_total`,
    help: 'Retries made by recovery plans.',
    labelNames: ['operation', 'key'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) this.inc(opLabels(r), r.stats.retries);
    },
  });
  new Counter({
    name: `${p}operation_failures_total`,
    help: 'Failed attempts and refused calls, by error category.',
    labelNames: ['operation', 'key', 'category'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) {
        for (const [category, count] of Object.entries(r.stats.failures)) if (count > 0) this.inc({ ...opLabels(r), category }, count);
      }
    },
  });
  new Counter({
    name: `${p}operation_outcomes_total`,
    help: 'How calls ended: success, recovered, fallback, degraded, failed, cancelled.',
    labelNames: ['operation', 'key', 'outcome'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) {
        for (const [outcome, count] of Object.entries(r.stats.outcomes)) if (count > 0) this.inc({ ...opLabels(r), outcome }, count);
      }
    },
  });
  new Gauge({
    name: `${p}circuit_breaker_state`,
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    labelNames: ['operation', 'key'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) if (r.compiled.plan.breaker) this.set(opLabels(r), breakerGaugeValue(r.stats.breakerState));
    },
  });
  new Gauge({
    name: `${p}bulkhead_active`,
    help: 'Calls running inside a bulkhead.',
    labelNames: ['operation', 'key'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) {
        const usage = r.bulkheadUsage;
        if (usage) this.set(opLabels(r), usage.active);
      }
    },
  });
  new Gauge({
    name: `${p}bulkhead_queue`,
    help: 'Calls waiting for a bulkhead slot.',
    labelNames: ['operation', 'key'],
    registers,
    collect() {
      this.reset();
      for (const r of runners()) {
        const usage = r.bulkheadUsage;
        if (usage) this.set(opLabels(r), usage.queued);
      }
    },
  });
  registry.registerMetric(
    // PreaggregatedHistogram implements the part of prom-client's metric contract the
    // Registry calls; prom-client's types only admit its own four classes.
    new PreaggregatedHistogram(`${p}operation_duration_seconds`, 'Duration of whole calls, all attempts and waits included.', function* () {
      for (const r of runners()) {
        yield [{ ...opLabels(r), result: 'ok' }, r.stats.okDurations] as const;
        yield [{ ...opLabels(r), result: 'error' }, r.stats.errorDurations] as const;
      }
    }) as unknown as Metric,
  );
  new Counter({
    name: `${p}rate_limiter_waits_total`,
    help: 'acquire() calls that had to wait for a token.',
    labelNames: ['limiter'],
    registers,
    collect() {
      this.reset();
      for (const b of buckets) this.inc({ limiter: b.name }, b.stats().waits);
    },
  });
  new Counter({
    name: `${p}rate_limiter_wait_seconds_total`,
    help: 'Time spent waiting for tokens.',
    labelNames: ['limiter'],
    registers,
    collect() {
      this.reset();
      for (const b of buckets) this.inc({ limiter: b.name }, b.stats().waitedMs / 1000);
    },
  });
  new Counter({
    name: `${p}rate_limiter_rejections_total`,
    help: 'Token requests refused: tryAcquire() misses and acquire() over maxWaitMs.',
    labelNames: ['limiter'],
    registers,
    collect() {
      this.reset();
      for (const b of buckets) this.inc({ limiter: b.name }, b.stats().rejected);
    },
  });
  new Gauge({
    name: `${p}rate_limiter_tokens`,
    help: 'Tokens available now.',
    labelNames: ['limiter'],
    registers,
    collect() {
      this.reset();
      for (const b of buckets) this.set({ limiter: b.name }, b.stats().tokens);
    },
  });
  new Gauge({
    name: `${p}health_status`,
    help: 'Health per component: 0 healthy, 1 degraded, 2 unhealthy.',
    labelNames: ['component', 'critical'],
    registers,
    collect() {
      this.reset();
      for (const h of healths) {
        for (const c of h.snapshot().components) this.set({ component: c.name, critical: String(c.critical) }, HEALTH_VALUE[c.status]);
      }
    },
  });
  new Gauge({
    name: `${p}health_overall`,
    help: 'Overall health: 0 healthy, 1 degraded, 2 unhealthy.',
    registers,
    collect() {
      this.reset();
      const worst = healths.reduce((max, h) => Math.max(max, HEALTH_VALUE[h.status()]), 0);
      if (healths.length > 0) this.set(worst);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    trackRecovery: (manager) => void (managers.includes(manager) || managers.push(manager)),
    trackRateLimiter: (bucket) => void (buckets.includes(bucket) || buckets.push(bucket)),
    trackHealth: (health) => void (healths.includes(health) || healths.push(health)),
    prometheus: () => registry.metrics(),
    json: () => registry.getMetricsAsJSON(),
  };
}
