import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { HealthRegistry } from '../health/health-registry.js';
import type { HealthStatus } from '../health/status.js';
import type { TokenBucket } from '../rate-limit/token-bucket.js';
import { breakerGaugeValue } from '../health/breaker-state.js';
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
  const opLabels = (r: OperationRunner): { operation: string; key: string } => ({
    operation: r.operation,
    key: r.key ?? '',
  });
  const registers = [registry];

  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: p });

  type Labels = Record<string, string>;
  /** Defines a counter or gauge whose samples are read from the tracked objects when scraped. */
  const collected = (
    kind: 'counter' | 'gauge',
    name: string,
    help: string,
    labelNames: string[],
    samples: () => Iterable<readonly [Labels, number]>,
  ): void => {
    const config = { name: `${p}${name}`, help, labelNames, registers };
    if (kind === 'counter') {
      new Counter({
        ...config,
        collect() {
          this.reset();
          for (const [labels, value] of samples()) this.inc(labels, value);
        },
      });
      return;
    }
    new Gauge({
      ...config,
      collect() {
        this.reset();
        for (const [labels, value] of samples()) this.set(labels, value);
      },
    });
  };
  const perRunner = (value: (r: OperationRunner) => number | undefined) =>
    function* (): Iterable<readonly [Labels, number]> {
      for (const r of runners()) {
        const v = value(r);
        if (v !== undefined) yield [opLabels(r), v];
      }
    };
  const perRunnerEntry = (label: string, entries: (r: OperationRunner) => Record<string, number>) =>
    function* (): Iterable<readonly [Labels, number]> {
      for (const r of runners()) {
        for (const [name, count] of Object.entries(entries(r)))
          if (count > 0) yield [{ ...opLabels(r), [label]: name }, count];
      }
    };
  const perBucket = (value: (b: TokenBucket) => number) =>
    function* (): Iterable<readonly [Labels, number]> {
      for (const b of buckets) yield [{ limiter: b.name }, value(b)];
    };
  const op = ['operation', 'key'];

  collected(
    'counter',
    'operation_attempts_total',
    'Attempts made by recovery plans, first tries and retries.',
    op,
    perRunner((r) => r.stats.attempts),
  );
  collected(
    'counter',
    'operation_retries_total',
    'Retries made by recovery plans.',
    op,
    perRunner((r) => r.stats.retries),
  );
  collected(
    'counter',
    'operation_failures_total',
    'Failed attempts and refused calls, by error category.',
    [...op, 'category'],
    perRunnerEntry('category', (r) => r.stats.failures),
  );
  collected(
    'counter',
    'operation_outcomes_total',
    'How calls ended: success, recovered, fallback, degraded, failed, cancelled.',
    [...op, 'outcome'],
    perRunnerEntry('outcome', (r) => r.stats.outcomes),
  );
  collected(
    'gauge',
    'circuit_breaker_state',
    'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    op,
    perRunner((r) => (r.compiled.plan.breaker ? breakerGaugeValue(r.stats.breakerState) : undefined)),
  );
  collected(
    'gauge',
    'bulkhead_active',
    'Calls running inside a bulkhead.',
    op,
    perRunner((r) => r.bulkheadUsage?.active),
  );
  collected(
    'gauge',
    'bulkhead_queue',
    'Calls waiting for a bulkhead slot.',
    op,
    perRunner((r) => r.bulkheadUsage?.queued),
  );
  registry.registerMetric(
    // PreaggregatedHistogram implements the part of prom-client's metric contract the
    // Registry calls; prom-client's types only admit its own four classes.
    new PreaggregatedHistogram(
      `${p}operation_duration_seconds`,
      'Duration of whole calls, all attempts and waits included.',
      function* () {
        for (const r of runners()) {
          yield [{ ...opLabels(r), result: 'ok' }, r.stats.okDurations] as const;
          yield [{ ...opLabels(r), result: 'error' }, r.stats.errorDurations] as const;
        }
      },
    ) as unknown as Metric,
  );
  collected(
    'counter',
    'rate_limiter_waits_total',
    'acquire() calls that had to wait for a token.',
    ['limiter'],
    perBucket((b) => b.stats().waits),
  );
  collected(
    'counter',
    'rate_limiter_wait_seconds_total',
    'Time spent waiting for tokens.',
    ['limiter'],
    perBucket((b) => b.stats().waitedMs / 1000),
  );
  collected(
    'counter',
    'rate_limiter_rejections_total',
    'Token requests refused: tryAcquire() misses and acquire() over maxWaitMs.',
    ['limiter'],
    perBucket((b) => b.stats().rejected),
  );
  collected(
    'gauge',
    'rate_limiter_tokens',
    'Tokens available now.',
    ['limiter'],
    perBucket((b) => b.stats().tokens),
  );
  collected(
    'gauge',
    'health_status',
    'Health per component: 0 healthy, 1 degraded, 2 unhealthy.',
    ['component', 'critical'],
    function* () {
      for (const h of healths)
        for (const c of h.snapshot().components)
          yield [{ component: c.name, critical: String(c.critical) }, HEALTH_VALUE[c.status]];
    },
  );
  collected('gauge', 'health_overall', 'Overall health: 0 healthy, 1 degraded, 2 unhealthy.', [], function* () {
    if (healths.length > 0) yield [{}, Math.max(...healths.map((h) => HEALTH_VALUE[h.status()]))];
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
