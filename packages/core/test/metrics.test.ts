import { describe, expect, it } from 'vitest';
import { HealthRegistry, RecoveryManager, TokenBucket, createMetrics, type RecoveryPlan } from '../src/index.js';
import { LatencyHistogram } from '../src/util/latency-histogram.js';

/** Parses Prometheus text into `name{labels} -> value`, checking every line is well-formed. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+-]+|NaN|\+Inf)$/.exec(line);
    expect(match, `malformed line: ${line}`).not.toBeNull();
    samples.set(`${match![1]}${match![2] ?? ''}`, Number(match![3]));
  }
  return samples;
}

const reset = (): Error => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('createMetrics', () => {
  it('exports recovery, rate-limiter and health metrics in Prometheus text and JSON', async () => {
    const plan: RecoveryPlan = {
      retry: {
        maxAttempts: 2,
        initialDelayMs: 0,
        maxDelayMs: 0,
        exponent: 2,
        jitter: 'none',
        honorRetryAfter: true,
        retryAfterCapMs: 0,
      },
      breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 60_000 },
      bulkhead: { limit: 2, queue: 4 },
      health: { component: 'registry', critical: false },
    };
    const health = new HealthRegistry();
    const manager = new RecoveryManager({ plans: { 'registry.packument': plan }, health });
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1000, name: 'registry.example' });
    const metrics = createMetrics();
    metrics.trackRecovery(manager);
    metrics.trackRateLimiter(bucket);
    metrics.trackHealth(health);

    let calls = 0;
    await manager.execute(
      'registry.packument',
      () => (++calls === 1 ? Promise.reject(reset()) : Promise.resolve('ok')),
      undefined,
      { key: 'a' },
    );
    await manager
      .execute(
        'registry.packument',
        () => Promise.reject(Object.assign(new Error('boom'), { statusCode: 503 })),
        undefined,
        { key: 'b' },
      )
      .catch(() => undefined);
    await manager
      .execute('registry.packument', () => Promise.resolve('never'), undefined, { key: 'b' })
      .catch(() => undefined);
    bucket.tryAcquire();
    await bucket.acquire();

    const samples = parsePrometheus(await metrics.prometheus());
    expect(metrics.contentType).toMatch(/^text\/plain/);
    const expected: Record<string, number> = {
      'parsercraft_operation_attempts_total{operation="registry.packument",key="a"}': 2,
      'parsercraft_operation_retries_total{operation="registry.packument",key="a"}': 1,
      'parsercraft_operation_failures_total{operation="registry.packument",key="a",category="network"}': 1,
      'parsercraft_operation_outcomes_total{operation="registry.packument",key="a",outcome="recovered"}': 1,
      // b: a 503, retried into a second 503 that opens the breaker, then a refusal by it.
      'parsercraft_operation_failures_total{operation="registry.packument",key="b",category="unavailable"}': 3,
      'parsercraft_operation_outcomes_total{operation="registry.packument",key="b",outcome="failed"}': 2,
      'parsercraft_circuit_breaker_state{operation="registry.packument",key="a"}': 0,
      'parsercraft_circuit_breaker_state{operation="registry.packument",key="b"}': 2,
      'parsercraft_bulkhead_queue{operation="registry.packument",key="a"}': 0,
      'parsercraft_bulkhead_active{operation="registry.packument",key="a"}': 0,
      'parsercraft_rate_limiter_waits_total{limiter="registry.example"}': 1,
      'parsercraft_operation_duration_seconds_count{operation="registry.packument",key="a",result="ok"}': 1,
      'parsercraft_operation_duration_seconds_bucket{operation="registry.packument",key="a",result="ok",le="+Inf"}': 1,
      'parsercraft_health_status{component="registry:a",critical="false"}': 0,
      'parsercraft_health_status{component="registry:b",critical="false"}': 2,
      parsercraft_health_overall: 1,
    };
    for (const [sample, value] of Object.entries(expected)) expect(samples.get(sample), sample).toBe(value);
    expect(samples.get('parsercraft_rate_limiter_wait_seconds_total{limiter="registry.example"}')).toBeGreaterThan(0);

    // Histogram buckets are cumulative and end at the count.
    const buckets = [...samples].filter(
      ([k]) =>
        k.startsWith('parsercraft_operation_duration_seconds_bucket') &&
        k.includes('key="b"') &&
        k.includes('result="error"'),
    );
    const values = buckets.map(([, v]) => v);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values.at(-1)).toBe(2);
    expect(samples.get('parsercraft_operation_retries_total{operation="registry.packument",key="b"}')).toBe(1);

    const json = await metrics.json();
    const attempts = json.find((m) => m.name === 'parsercraft_operation_attempts_total')!;
    expect(attempts.type).toBe('counter');
    expect(attempts.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: 2, labels: { operation: 'registry.packument', key: 'a' } }),
      ]),
    );
    const durations = json.find((m) => m.name === 'parsercraft_operation_duration_seconds')!;
    expect(durations.type).toBe('histogram');
    health.dispose();
  });

  it('can add Node process metrics under the same prefix', async () => {
    const metrics = createMetrics({ processMetrics: true, prefix: 'pc_' });
    const text = await metrics.prometheus();
    expect(text).toContain('pc_process_resident_memory_bytes');
    expect(text).toContain('pc_nodejs_heap_size_used_bytes');
  });
});

describe('LatencyHistogram', () => {
  it('counts into the first bucket whose bound is not exceeded, with sum and quantiles', () => {
    const histogram = new LatencyHistogram([0.01, 0.1, 1]);
    for (const seconds of [0.005, 0.01, 0.05, 0.5, 2]) histogram.observe(seconds);
    expect([...histogram.counts]).toEqual([2, 1, 1, 1]);
    expect(histogram.count).toBe(5);
    expect(histogram.sum).toBeCloseTo(2.565);
    expect(histogram.quantile(0.4)).toBe(0.01);
    expect(histogram.quantile(0.99)).toBe(Infinity);
    expect(new LatencyHistogram().quantile(0.5)).toBeUndefined();
  });
});
