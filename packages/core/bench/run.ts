/**
 * Core micro-benchmarks: `npm run bench -w @parsercraft/core`.
 *
 * Each case is measured with mitata (median ns/op of its samples) right after a bare
 * awaited call, in several rounds; figures are medians over rounds of per-pair values, so
 * every ratio and difference compares measurements taken together. Measures the built
 * package (dist), which is what users run.
 */
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import { do_not_optimize, measure } from 'mitata';
import { HealthRegistry, RecoveryManager, TokenBucket, classify, type RecoveryPlan } from '@parsercraft/core';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);

const resolved = (): Promise<number> => Promise.resolve(1);

const plan: RecoveryPlan = {
  retry: {
    maxAttempts: 3,
    initialDelayMs: 100,
    maxDelayMs: 1000,
    exponent: 2,
    jitter: 'decorrelated',
    honorRetryAfter: true,
    retryAfterCapMs: 60_000,
  },
  breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 30_000 },
  bulkhead: { limit: 16, queue: 256 },
};
const manager = new RecoveryManager({
  plans: { 'bench.plan': plan, 'bench.planWithTimeout': { ...plan, timeoutMs: 30_000 } },
});

const cockatielWithTimeout = wrap(
  retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
  circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
  bulkhead(16, 256),
  timeout(30_000, TimeoutStrategy.Aggressive),
);

const bucket = new TokenBucket({ capacity: 1e12, refillPerSecond: 1e12 });

const health = new HealthRegistry();
for (const [name, critical] of [
  ['analysis', true],
  ['protocolCheck', false],
  ['codegen', false],
  ['requests', true],
  ['registry:https://registry.npmjs.org', false],
  ['cache', false],
] as const) {
  health.register({ name, critical });
}

// Shaped the way libuv errors reach JS code: an Error with code, errno and syscall. classify()
// keeps no memo, so classifying the same object again does all the work again.
const systemError = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });

interface Case {
  readonly name: string;
  readonly fn: () => unknown;
}

const cases: Case[] = [
  { name: 'bare awaited call', fn: async () => do_not_optimize(await resolved()) },
  { name: 'classify() of a system error', fn: () => do_not_optimize(classify(systemError)) },
  {
    name: 'plan: retry + breaker + bulkhead',
    fn: async () => do_not_optimize(await manager.execute('bench.plan', resolved)),
  },
  {
    name: 'plan: retry + breaker + bulkhead + timeout',
    fn: async () => do_not_optimize(await manager.execute('bench.planWithTimeout', resolved)),
  },
  {
    name: 'cockatiel wrap(retry, breaker, bulkhead, timeout)',
    fn: async () => do_not_optimize(await cockatielWithTimeout.execute(resolved)),
  },
  { name: 'TokenBucket.tryAcquire()', fn: () => do_not_optimize(bucket.tryAcquire()) },
  { name: 'HealthRegistry.snapshot() of 6 components', fn: () => do_not_optimize(health.snapshot()) },
];

// Each case is measured right after a bare awaited call, and every figure is taken per pair
// before the median over rounds: these machines change speed from second to second, and a
// pair measured within half a second shares the state.
interface Pair {
  readonly bare: number;
  readonly ns: number;
}
const pairs = new Map<string, Pair[]>(cases.map((c) => [c.name, []]));
const bareCase = cases[0]!;
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases.slice(1)) {
    const bare = await measure(bareCase.fn, { min_cpu_time: 150 * 1e6 });
    const stats = await measure(c.fn, { min_cpu_time: 150 * 1e6 });
    pairs.get(c.name)!.push({ bare: bare.p50, ns: stats.p50 });
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const figures = (name: string): { ns: number; ratio: number; over: number; bare: number } => {
  const p = pairs.get(name)!;
  return {
    ns: median(p.map((x) => x.ns)),
    ratio: median(p.map((x) => x.ns / x.bare)),
    over: median(p.map((x) => x.ns - x.bare)),
    bare: median(p.map((x) => x.bare)),
  };
};

const fmt = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
console.log(
  `@parsercraft/core benchmarks: Node ${process.version}, ${ROUNDS} rounds; medians over rounds of per-round figures\n`,
);
console.log('| case | ns/op | bare awaited call in the same pair, ns | ratio to bare | over bare, ns |');
console.log('|---|---:|---:|---:|---:|');
for (const c of cases.slice(1)) {
  const f = figures(c.name);
  console.log(`| ${c.name} | ${fmt(f.ns)} | ${fmt(f.bare)} | ${f.ratio.toFixed(2)}x | ${fmt(f.over)} |`);
}

const targets: Array<[string, number, number]> = [
  ['classify() of a system error', figures('classify() of a system error').ns, 1000],
  ['plan without timeout, over bare', figures('plan: retry + breaker + bulkhead').over, 1000],
  ['plan with timeout, over bare', figures('plan: retry + breaker + bulkhead + timeout').over, 3000],
  ['TokenBucket.tryAcquire()', figures('TokenBucket.tryAcquire()').ns, 100],
];
console.log('\n| target | measured ns | limit ns | |');
console.log('|---|---:|---:|---|');
for (const [name, value, limit] of targets)
  console.log(`| ${name} | ${fmt(value)} | ${limit} | ${value <= limit ? 'met' : 'MISSED'} |`);
const ours = figures('plan: retry + breaker + bulkhead + timeout').over;
const theirs = figures('cockatiel wrap(retry, breaker, bulkhead, timeout)').over;
console.log(
  `\ncockatiel's own timeout in the same stack costs ${fmt(theirs)} ns over bare; ours ${fmt(ours)} ns (${(theirs / ours).toFixed(1)}x less).`,
);
health.dispose();
