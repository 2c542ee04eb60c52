/**
 * What a call's recovery shows of itself: extra attempts for a dependency that answers (plan
 * data, counted in metrics and history), per-call attempt and retry reports, timeouts that
 * name what timed out, and open breakers that say why and since when, across managers.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  CoreErrorCodes as C,
  loadRecoveryPlans,
  PcError,
  RecoveryManager,
  type CallAttempt,
  type CallRetry,
  type RecoveryPlan,
  type RetryPlan,
} from '../src/index.js';

const QUICK: RetryPlan = {
  maxAttempts: 3,
  initialDelayMs: 0,
  maxDelayMs: 0,
  exponent: 1,
  jitter: 'none',
  honorRetryAfter: true,
  retryAfterCapMs: 1_000,
};

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', syscall: 'connect' });
}

async function failureOf(promise: Promise<unknown>): Promise<PcError> {
  try {
    await promise;
  } catch (error) {
    expect(PcError.is(error)).toBe(true);
    return error as PcError;
  }
  throw new Error('expected a failure');
}

describe('retry.extraAttemptsIfAnswered', () => {
  it('is plan data: loadRecoveryPlans merges and validates it like any retry field', () => {
    const plans = loadRecoveryPlans({ op: { retry: { maxAttempts: 2, extraAttemptsIfAnswered: 3 } } });
    expect(plans['op']?.retry).toMatchObject({ maxAttempts: 2, extraAttemptsIfAnswered: 3 });
    expect(plans['registry.packument']?.retry).toMatchObject({ maxAttempts: 4, extraAttemptsIfAnswered: 4 });
    for (const bad of [-1, 2.5, 21, 'many']) {
      let error: unknown;
      try {
        loadRecoveryPlans({ op: { retry: { extraAttemptsIfAnswered: bad } } }, { source: 'test.json' });
      } catch (e) {
        error = e;
      }
      expect((error as PcError).code, String(bad)).toBe('PC_CONFIG_INVALID');
      expect((error as PcError).message).toContain('op.retry.extraAttemptsIfAnswered');
    }
  });

  it('a dependency that never answered gets maxAttempts; once its key answered any call, maxAttempts + extra', async () => {
    const plan: RecoveryPlan = { retry: { ...QUICK, extraAttemptsIfAnswered: 2 } };
    const manager = new RecoveryManager({ plans: { meta: plan, blob: plan } });
    const key = 'http://127.0.0.1:9';
    let calls = 0;
    const failing = (): Promise<never> => {
      calls++;
      return Promise.reject(refused());
    };
    expect((await failureOf(manager.execute('blob', failing, undefined, { key }))).code).toBe('PC_NET_REFUSED');
    expect(calls).toBe(3);
    // Another operation of the same key answers: the dependency is up.
    await manager.execute('meta', () => 'ok', undefined, { key });
    calls = 0;
    await failureOf(manager.execute('blob', failing, undefined, { key }));
    expect(calls).toBe(5);
    // Counted in the plan's metrics and history like any retry.
    const blob = manager.runners().find((r) => r.operation === 'blob')!;
    expect(blob.stats).toMatchObject({ attempts: 8, retries: 6 });
    expect(manager.history().map((r) => [r.operation, r.attempts, r.outcome])).toEqual([
      ['blob', 3, 'failed'],
      ['blob', 5, 'failed'],
    ]);
    // Another key has not answered.
    calls = 0;
    await failureOf(manager.execute('blob', failing, undefined, { key: 'http://127.0.0.2:9' }));
    expect(calls).toBe(3);
  });

  it('a breaker that opens takes the extra attempts away again: the dependency is down', async () => {
    const plan: RecoveryPlan = {
      retry: { ...QUICK, maxAttempts: 1, extraAttemptsIfAnswered: 1 },
      breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 60_000 },
    };
    const manager = new RecoveryManager({ plans: { op: plan } });
    await manager.execute('op', () => 1, undefined, { key: 'k' });
    let calls = 0;
    const error = await failureOf(
      manager.execute('op', () => (calls++, Promise.reject(refused())), undefined, { key: 'k' }),
    );
    // Two attempts (one extra), which opened the breaker; then nothing more.
    expect(calls).toBe(2);
    expect(error.code).toBe('PC_NET_REFUSED');
    expect(manager.runners()[0]!.stats.breakerState).toBe('open');
  });

  it('attempts made = maxAttempts (+ extra once answered), for any plan (property, fixed seed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        async (maxAttempts, extra, answered) => {
          const manager = new RecoveryManager({
            plans: { op: { retry: { ...QUICK, maxAttempts, extraAttemptsIfAnswered: extra } } },
          });
          if (answered) await manager.execute('op', () => 1, undefined, { key: 'k' });
          const seen: CallAttempt[] = [];
          const retries: CallRetry[] = [];
          await failureOf(
            manager.execute('op', () => Promise.reject(refused()), undefined, {
              key: 'k',
              onAttempt: (a) => seen.push(a),
              onRetry: (r) => retries.push(r),
            }),
          );
          const expected = maxAttempts + (answered ? extra : 0);
          expect(seen.map((a) => a.attempt)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
          expect(seen.every((a) => a.attempts === expected)).toBe(true);
          expect(retries.map((r) => r.attempt)).toEqual(Array.from({ length: expected - 1 }, (_, i) => i + 1));
          expect(manager.history().at(-1)?.attempts).toBe(expected);
        },
      ),
      { seed: 20261201, numRuns: 60 },
    );
  });
});

describe('per-call reports', () => {
  it('onAttempt and onRetry reach the call they belong to, with the delay and the error', async () => {
    const manager = new RecoveryManager({
      plans: { op: { retry: { ...QUICK, initialDelayMs: 5, maxDelayMs: 5, exponent: 1 } } },
    });
    const log: string[] = [];
    const run = (name: string, failures: number): Promise<string> => {
      let n = 0;
      return manager.execute(
        'op',
        () => (n++ < failures ? Promise.reject(refused()) : Promise.resolve(name)),
        undefined,
        {
          onAttempt: (a) => log.push(`${name} attempt ${a.attempt}/${a.attempts}`),
          onRetry: (r) => log.push(`${name} retry after ${r.attempt} in ${r.delayMs} (${r.error.code})`),
        },
      );
    };
    await expect(Promise.all([run('a', 2), run('b', 0)])).resolves.toEqual(['a', 'b']);
    expect(log.filter((l) => l.startsWith('a '))).toEqual([
      'a attempt 1/3',
      'a retry after 1 in 5 (PC_NET_REFUSED)',
      'a attempt 2/3',
      'a retry after 2 in 5 (PC_NET_REFUSED)',
      'a attempt 3/3',
    ]);
    expect(log.filter((l) => l.startsWith('b '))).toEqual(['b attempt 1/3']);
  });

  it("a timeout names the call's subject in its message and context; other failures keep theirs", async () => {
    const manager = new RecoveryManager({ plans: { op: { timeoutMs: 20 } } });
    const subject = {
      description: 'GET http://127.0.0.1:9/left-pad, package left-pad',
      context: { url: 'http://127.0.0.1:9/left-pad', package: 'left-pad' },
    };
    const timeout = await failureOf(manager.execute('op', () => new Promise(() => undefined), undefined, { subject }));
    expect(timeout.code).toBe('PC_TIMEOUT');
    expect(timeout.message).toBe('op did not finish within 20 ms (GET http://127.0.0.1:9/left-pad, package left-pad)');
    expect(timeout.context).toMatchObject({ ...subject.context, timeoutMs: 20 });
    // A timeout the operation met itself (an HTTP client's) is named the same way.
    const headers = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    const late = await failureOf(manager.execute('op', () => Promise.reject(headers), undefined, { subject }));
    expect(late.code).toBe('PC_NET_HEADERS_TIMEOUT');
    expect(late.message).toBe('Headers Timeout Error (GET http://127.0.0.1:9/left-pad, package left-pad)');
    expect(late.context).toMatchObject(subject.context);
    expect(late.cause).toBe(headers);
    const other = await failureOf(manager.execute('op', () => Promise.reject(refused()), undefined, { subject }));
    expect(other.message).toBe('connect ECONNREFUSED 127.0.0.1:9');
  });
});

describe('why a breaker is open, across managers', () => {
  const plan: RecoveryPlan = { breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 1_000 } };

  it('a restored open breaker refuses with the failure that opened it and when; after its cool-down it probes', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T23:00:00.000Z') });
    try {
      const first = new RecoveryManager({ plans: { op: plan } });
      await failureOf(first.execute('op', () => Promise.reject(refused()), undefined, { key: 'http://127.0.0.1:9' }));
      const saved = JSON.parse(JSON.stringify(first.breakerSnapshots())) as ReturnType<
        RecoveryManager['breakerSnapshots']
      >;
      expect(saved[0]?.opening).toEqual({
        code: 'PC_NET_REFUSED',
        message: 'connect ECONNREFUSED 127.0.0.1:9',
        at: '2026-12-01T23:00:00.000Z',
      });

      const second = new RecoveryManager({ plans: { op: plan } });
      second.restoreBreaker(saved[0]!);
      const fn = vi.fn(() => Promise.resolve('up'));
      const refusal = await failureOf(second.execute('op', fn, undefined, { key: 'http://127.0.0.1:9' }));
      expect(fn).not.toHaveBeenCalled();
      expect(refusal.code).toBe('PC_CIRCUIT_OPEN');
      expect(refusal.message).toBe(
        `${C.PC_CIRCUIT_OPEN.summary} The last failure before it opened: PC_NET_REFUSED: connect ECONNREFUSED 127.0.0.1:9`,
      );
      expect(refusal.context).toMatchObject({
        operation: 'op',
        key: 'http://127.0.0.1:9',
        lastFailure: 'PC_NET_REFUSED',
        lastFailureMessage: 'connect ECONNREFUSED 127.0.0.1:9',
        openedAt: '2026-12-01T23:00:00.000Z',
        probeAt: '2026-12-01T23:00:01.000Z',
      });

      // Past the cool-down, a failing probe re-opens it with a fresh reason and time.
      vi.setSystemTime(Date.parse('2026-12-01T23:00:02.000Z'));
      const timeout = Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' });
      await failureOf(second.execute('op', () => Promise.reject(timeout), undefined, { key: 'http://127.0.0.1:9' }));
      expect(second.breakerSnapshots()[0]?.opening).toEqual({
        code: 'PC_NET_CONNECT_TIMEOUT',
        message: 'Connect Timeout Error',
        at: '2026-12-01T23:00:02.000Z',
      });
      // And a succeeding probe closes it: nothing left to explain.
      vi.setSystemTime(Date.parse('2026-12-01T23:00:04.000Z'));
      await expect(second.execute('op', fn, undefined, { key: 'http://127.0.0.1:9' })).resolves.toBe('up');
      expect(second.breakerSnapshots()[0]?.opening).toBeUndefined();
      expect(second.runners()[0]!.stats.breakerState).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });
});
