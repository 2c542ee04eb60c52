import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CoreErrorCodes as C,
  HealthRegistry,
  PcError,
  RecoveryManager,
  type BreakerStateChangeEvent,
  type RecoveryPlan,
  type RetryEvent,
  type RetryPlan,
} from '../src/index.js';

const NO_JITTER: RetryPlan = {
  maxAttempts: 4,
  initialDelayMs: 100,
  maxDelayMs: 1000,
  exponent: 2,
  jitter: 'none',
  honorRetryAfter: true,
  retryAfterCapMs: 10_000,
};

function reset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
}

function badRequest(): Error {
  return Object.assign(new Error('Bad Request'), { statusCode: 400 });
}

/** An operation that fails with the given errors in turn, then returns 'ok'. */
function failing(...errors: unknown[]): { fn: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    fn: () => {
      const error = errors[calls++];
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- classification of arbitrary values is under test
      return error === undefined ? Promise.resolve('ok') : Promise.reject(error);
    },
    calls: () => calls,
  };
}

function managerWith(plan: RecoveryPlan, health?: HealthRegistry): RecoveryManager {
  return new RecoveryManager({ plans: { op: plan }, ...(health ? { health } : {}) });
}

describe('RecoveryManager', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('retry', () => {
    it('retries retryable failures with exponential backoff, then succeeds', async () => {
      const manager = managerWith({ retry: NO_JITTER });
      const retries: RetryEvent[] = [];
      manager.onRetry((e) => retries.push(e));
      const op = failing(reset(), reset());
      const result = manager.execute('op', op.fn);
      await vi.advanceTimersByTimeAsync(99);
      expect(op.calls()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(op.calls()).toBe(2);
      await vi.advanceTimersByTimeAsync(199);
      expect(op.calls()).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      await expect(result).resolves.toBe('ok');
      expect(op.calls()).toBe(3);
      expect(retries.map((r) => [r.attempt, r.delayMs, r.error.code])).toEqual([
        [1, 100, 'PC_NET_RESET'],
        [2, 200, 'PC_NET_RESET'],
      ]);
      const [record] = manager.history();
      expect(record).toMatchObject({ operation: 'op', attempts: 3, outcome: 'recovered', actions: ['retry'] });
      expect(record!.failures.map((f) => f.code)).toEqual(['PC_NET_RESET', 'PC_NET_RESET']);
      const stats = manager.runners()[0]!.stats;
      expect([stats.attempts, stats.retries, stats.failures.network, stats.outcomes.recovered]).toEqual([3, 2, 2, 1]);
    });

    it('never retries what is not retryable, and says what escaped', async () => {
      const manager = managerWith({ retry: NO_JITTER });
      const op = failing(badRequest());
      const error = await manager.execute('op', op.fn).catch((e: unknown) => e);
      expect(op.calls()).toBe(1);
      expect(error).toBeInstanceOf(PcError);
      expect((error as PcError).code).toBe('PC_HTTP_CLIENT_ERROR');
      expect(manager.history()[0]).toMatchObject({
        outcome: 'failed',
        attempts: 1,
        actions: [],
        error: { code: 'PC_HTTP_CLIENT_ERROR' },
      });
    });

    it('gives up after maxAttempts with the last classified error', async () => {
      const manager = managerWith({ retry: { ...NO_JITTER, maxAttempts: 3 } });
      const op = failing(reset(), reset(), reset(), reset());
      const result = manager.execute('op', op.fn).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10_000);
      const error = (await result) as PcError;
      expect(op.calls()).toBe(3);
      expect(error.code).toBe('PC_NET_RESET');
      expect(manager.history()[0]).toMatchObject({ outcome: 'failed', attempts: 3, actions: ['retry'] });
    });

    it('spreads delays with decorrelated jitter within the cap', async () => {
      const manager = managerWith({ retry: { ...NO_JITTER, jitter: 'decorrelated', maxAttempts: 8, maxDelayMs: 800 } });
      const delays: number[] = [];
      manager.onRetry((e) => delays.push(e.delayMs));
      const op = failing(...Array.from({ length: 7 }, reset));
      const result = manager.execute('op', op.fn);
      await vi.advanceTimersByTimeAsync(60_000);
      await expect(result).resolves.toBe('ok');
      expect(delays).toHaveLength(7);
      for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(0);
      for (const delay of delays) expect(delay).toBeLessThanOrEqual(800);
      expect(new Set(delays.map(Math.round)).size).toBeGreaterThan(3);
    });

    it("waits at least as long as the server's Retry-After", async () => {
      const manager = managerWith({ retry: NO_JITTER });
      const op = failing({ statusCode: 429, headers: { 'retry-after': '3' }, message: 'Too Many Requests' });
      const result = manager.execute('op', op.fn);
      await vi.advanceTimersByTimeAsync(2999);
      expect(op.calls()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(result).resolves.toBe('ok');
    });

    it('does not wait for a Retry-After beyond the cap: the error escapes with the wait it asked for', async () => {
      const manager = managerWith({ retry: { ...NO_JITTER, retryAfterCapMs: 5_000 } });
      const op = failing({ statusCode: 503, headers: { 'retry-after': '120' }, message: 'Service Unavailable' });
      const error = (await manager.execute('op', op.fn).catch((e: unknown) => e)) as PcError;
      expect(op.calls()).toBe(1);
      expect(error.code).toBe('PC_HTTP_UNAVAILABLE');
      expect(error.retryAfterMs).toBe(120_000);
    });

    it('turns synchronous throws and thrown non-errors into PcErrors', async () => {
      const manager = managerWith({ retry: NO_JITTER });
      const thrownString = await manager
        .execute('op', () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- a thrown non-error is what is under test
          throw 'plain string';
        })
        .catch((e: unknown) => e);
      expect(thrownString).toBeInstanceOf(PcError);
      expect((thrownString as PcError).code).toBe('PC_UNKNOWN');
      const typeError = await manager
        .execute('op', () => Promise.reject(new TypeError('x is undefined')))
        .catch((e: unknown) => e);
      expect((typeError as PcError).code).toBe('PC_INTERNAL');
    });
  });

  describe('circuit breaker', () => {
    const plan: RecoveryPlan = { breaker: { kind: 'consecutive', threshold: 3, halfOpenAfterMs: 5_000 } };

    it('opens after consecutive dependency failures, fails fast, then half-opens and closes', async () => {
      const health = new HealthRegistry({ changeIntervalMs: 0 });
      const manager = managerWith({ ...plan, health: { component: 'dep', critical: true } }, health);
      const changes: BreakerStateChangeEvent[] = [];
      manager.onBreakerStateChange((e) => changes.push(e));
      for (let i = 0; i < 3; i++) await manager.execute('op', () => Promise.reject(reset())).catch(() => undefined);
      expect(changes.map((c) => c.to)).toEqual(['open']);
      expect(health.snapshot().components[0]).toMatchObject({
        name: 'dep',
        status: 'unhealthy',
        breakers: { op: 'open' },
      });
      expect(health.status()).toBe('unhealthy');

      const probe = vi.fn(() => Promise.resolve('ok'));
      const refused = (await manager.execute('op', probe).catch((e: unknown) => e)) as PcError;
      expect(refused.code).toBe('PC_CIRCUIT_OPEN');
      expect(refused.runbook).toBe('RUNBOOK.md#pc_circuit_open');
      expect(probe).not.toHaveBeenCalled();
      // The refusal says why the breaker opened.
      expect(refused.message).toBe(
        `${C.PC_CIRCUIT_OPEN.summary} The last failure before it opened: PC_NET_RESET: read ECONNRESET`,
      );
      expect((refused.cause as PcError).code).toBe('PC_NET_RESET');
      expect(refused.context).toMatchObject({ operation: 'op', lastFailure: 'PC_NET_RESET' });

      await vi.advanceTimersByTimeAsync(5_000);
      await expect(manager.execute('op', probe)).resolves.toBe('ok');
      expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed']);
      expect(health.snapshot().components[0]).toMatchObject({ breakers: { op: 'closed' } });
      health.dispose();
    });

    it('does not count validation errors, not-found or cancellations', async () => {
      const manager = managerWith(plan);
      for (let i = 0; i < 5; i++)
        await manager.execute('op', () => Promise.reject(badRequest())).catch(() => undefined);
      const notFound = Object.assign(new Error('Not Found'), { statusCode: 404 });
      for (let i = 0; i < 5; i++) await manager.execute('op', () => Promise.reject(notFound)).catch(() => undefined);
      for (let i = 0; i < 5; i++) {
        const controller = new AbortController();
        const running = manager
          .execute('op', () => new Promise(() => undefined), controller.signal)
          .catch((e: unknown) => e);
        controller.abort();
        expect(((await running) as PcError).code).toBe('PC_CANCELLED');
      }
      expect(manager.runners()[0]!.stats.breakerState).toBe('closed');
      await expect(manager.execute('op', () => Promise.resolve(1))).resolves.toBe(1);
    });

    it('also compiles sampling and count breakers', async () => {
      const manager = new RecoveryManager({
        plans: {
          count: { breaker: { kind: 'count', threshold: 0.5, size: 4, minimumCalls: 4, halfOpenAfterMs: 1000 } },
          sampling: {
            breaker: { kind: 'sampling', threshold: 0.5, durationMs: 1000, minimumRps: 1, halfOpenAfterMs: 1000 },
          },
        },
      });
      for (const op of ['count', 'sampling']) {
        for (let i = 0; i < 6; i++) await manager.execute(op, () => Promise.reject(reset())).catch(() => undefined);
        const refused = (await manager.execute(op, () => Promise.resolve(1)).catch((e: unknown) => e)) as PcError;
        expect(refused.code, op).toBe('PC_CIRCUIT_OPEN');
      }
    });

    it('keeps a breaker per key', async () => {
      const manager = managerWith(plan);
      for (let i = 0; i < 3; i++)
        await manager
          .execute('op', () => Promise.reject(reset()), undefined, { key: 'https://a.example' })
          .catch(() => undefined);
      const a = (await manager
        .execute('op', () => Promise.resolve(1), undefined, { key: 'https://a.example' })
        .catch((e: unknown) => e)) as PcError;
      expect(a.code).toBe('PC_CIRCUIT_OPEN');
      await expect(
        manager.execute('op', () => Promise.resolve(2), undefined, { key: 'https://b.example' }),
      ).resolves.toBe(2);
    });

    it('persists and restores breaker state across managers (processes)', async () => {
      const first = managerWith(plan);
      for (let i = 0; i < 3; i++)
        await first.execute('op', () => Promise.reject(reset()), undefined, { key: 'origin' }).catch(() => undefined);
      const saved = JSON.parse(JSON.stringify(first.breakerSnapshots())) as ReturnType<
        RecoveryManager['breakerSnapshots']
      >;
      expect(saved).toHaveLength(1);

      const second = managerWith(plan);
      second.restoreBreaker(saved[0]!);
      const fn = vi.fn(() => Promise.resolve(1));
      const refused = (await second
        .execute('op', fn, undefined, { key: 'origin' })
        .catch((e: unknown) => e)) as PcError;
      expect(refused.code).toBe('PC_CIRCUIT_OPEN');
      expect(fn).not.toHaveBeenCalled();
    });
  });

  describe('bulkhead', () => {
    it('queues up to its limit and refuses the rest', async () => {
      const manager = managerWith({ bulkhead: { limit: 1, queue: 1 } });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = manager.execute('op', () => gate.then(() => 'first'));
      const second = manager.execute('op', () => Promise.resolve('second'));
      await vi.advanceTimersByTimeAsync(0);
      expect(manager.runners()[0]!.bulkheadUsage).toEqual({ active: 1, queued: 1, limit: 1, queue: 1 });
      const third = (await manager.execute('op', () => Promise.resolve('third')).catch((e: unknown) => e)) as PcError;
      expect(third.code).toBe('PC_BULKHEAD_FULL');
      release();
      await expect(first).resolves.toBe('first');
      await expect(second).resolves.toBe('second');
    });
  });

  describe('timeout', () => {
    it('rejects at the deadline with PC_TIMEOUT and aborts the attempt signal', async () => {
      const manager = managerWith({ timeoutMs: 1_000 });
      let seen: AbortSignal | undefined;
      const result = manager
        .execute('op', ({ signal }) => {
          seen = signal;
          return new Promise(() => undefined);
        })
        .catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(999);
      expect(seen!.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const error = (await result) as PcError;
      expect(error.code).toBe('PC_TIMEOUT');
      expect(error.context).toEqual({ operation: 'op', timeoutMs: 1000 });
      expect(seen!.aborted).toBe(true);
      expect(seen!.reason).toBe(error);
    });

    it('applies per attempt, so a timed-out attempt is retried', async () => {
      const manager = managerWith({ timeoutMs: 1_000, retry: NO_JITTER });
      let calls = 0;
      const result = manager.execute('op', () =>
        ++calls === 1 ? new Promise<string>(() => undefined) : Promise.resolve('second try'),
      );
      await vi.advanceTimersByTimeAsync(1_100);
      await expect(result).resolves.toBe('second try');
      expect(manager.history()[0]!.failures.map((f) => f.code)).toEqual(['PC_TIMEOUT']);
    });

    it('lets a fast operation through untouched', async () => {
      const manager = managerWith({ timeoutMs: 1_000 });
      await expect(manager.execute('op', () => Promise.resolve(42))).resolves.toBe(42);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(manager.history()).toEqual([]);
    });
  });

  describe('cancellation', () => {
    it('rejects promptly with PC_CANCELLED when the caller aborts, even if the work ignores it', async () => {
      const manager = managerWith({ retry: NO_JITTER, timeoutMs: 60_000 });
      const controller = new AbortController();
      const result = manager
        .execute('op', () => new Promise(() => undefined), controller.signal)
        .catch((e: unknown) => e);
      controller.abort();
      const error = (await result) as PcError;
      expect(error.code).toBe('PC_CANCELLED');
      expect(manager.history()).toEqual([]);
      expect(manager.runners()[0]!.stats.outcomes.cancelled).toBe(1);
    });

    it('does not start the work when the signal is already aborted', async () => {
      const manager = managerWith({});
      const fn = vi.fn(() => Promise.resolve(1));
      const error = (await manager.execute('op', fn, AbortSignal.abort()).catch((e: unknown) => e)) as PcError;
      expect(error.code).toBe('PC_CANCELLED');
      expect(fn).not.toHaveBeenCalled();
    });

    it('keeps the abort reason when it is classifiable', async () => {
      const manager = managerWith({});
      const controller = new AbortController();
      const result = manager
        .execute('op', () => new Promise(() => undefined), controller.signal)
        .catch((e: unknown) => e);
      controller.abort(new PcError(C.PC_TIMEOUT, 'install deadline passed'));
      expect(((await result) as PcError).message).toBe('install deadline passed');
    });
  });

  describe('fallback and degrade', () => {
    it('serves the fallback for the configured categories, marks health degraded, and clears it on success', async () => {
      const health = new HealthRegistry({ changeIntervalMs: 0 });
      const manager = managerWith(
        { fallback: { on: ['network'] }, health: { component: 'registry', critical: false } },
        health,
      );
      const value = await manager.execute('op', () => Promise.reject(reset()), undefined, {
        fallback: () => 'stale cache',
      });
      expect(value).toBe('stale cache');
      const component = health.snapshot().components[0]!;
      expect(component.status).toBe('degraded');
      expect(component.reasons[0]).toMatchObject({
        source: 'op:fallback',
        code: 'PC_NET_RESET',
        runbook: 'RUNBOOK.md#pc_net_reset',
      });
      expect(manager.history()[0]).toMatchObject({
        outcome: 'fallback',
        actions: ['fallback'],
        error: { code: 'PC_NET_RESET' },
      });

      await manager.execute('op', () => Promise.resolve('fresh'));
      expect(health.snapshot().components[0]!.status).toBe('healthy');
      health.dispose();
    });

    it('does not fall back for other categories', async () => {
      const manager = managerWith({ fallback: { on: ['network'] } });
      const fallback = vi.fn(() => 'stale');
      const error = (await manager
        .execute('op', () => Promise.reject(badRequest()), undefined, { fallback })
        .catch((e: unknown) => e)) as PcError;
      expect(error.code).toBe('PC_HTTP_CLIENT_ERROR');
      expect(fallback).not.toHaveBeenCalled();
    });

    it('runs the degraded path while the breaker is open', async () => {
      const manager = managerWith({
        breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 60_000 },
        degrade: { on: ['timeout', 'unavailable', 'internal'] },
      });
      const degrade = vi.fn((error: PcError) => `syntax only (${error.code})`);
      await expect(
        manager.execute('op', () => Promise.reject(new TypeError('bug')), undefined, { degrade }),
      ).resolves.toBe('syntax only (PC_INTERNAL)');
      await expect(manager.execute('op', () => Promise.resolve('full'), undefined, { degrade })).resolves.toBe(
        'syntax only (PC_CIRCUIT_OPEN)',
      );
      expect(manager.history().map((r) => r.outcome)).toEqual(['degraded', 'degraded']);
    });

    it('lets the original error escape when the fallback fails too', async () => {
      const manager = managerWith({ fallback: { on: ['network'] } });
      const error = (await manager
        .execute('op', () => Promise.reject(reset()), undefined, {
          fallback: () => {
            throw new Error('cache corrupt');
          },
        })
        .catch((e: unknown) => e)) as PcError;
      expect(error.code).toBe('PC_NET_RESET');
      expect(manager.history()[0]!.outcome).toBe('failed');
    });
  });

  describe('plans and history', () => {
    it('refuses an operation with no plan with a classified error', async () => {
      const manager = new RecoveryManager();
      const error = (await manager.execute('nope', () => Promise.resolve(1)).catch((e: unknown) => e)) as PcError;
      expect(error.code).toBe('PC_CONFIG_UNKNOWN_OPERATION');
      expect(error.context['known']).toEqual(expect.arrayContaining(['registry.packument', 'lsp.analysis']));
    });

    it('ships defaults for every documented operation', () => {
      expect(new RecoveryManager().operations()).toEqual([
        'registry.packument',
        'registry.revalidate',
        'registry.tarball',
        'lsp.analysis',
        'lsp.protocolCheck',
        'lsp.codegen',
      ]);
    });

    it('validates plans given in code', () => {
      expect(() => managerWith({ retry: { ...NO_JITTER, maxAttempts: 0 } })).toThrow(PcError);
    });

    it('keeps a bounded history', async () => {
      const manager = new RecoveryManager({ plans: { op: {} }, historySize: 3 });
      for (let i = 0; i < 5; i++)
        await manager.execute('op', () => Promise.reject(new Error(`failure ${i}`))).catch(() => undefined);
      expect(manager.history().map((r) => r.failures[0]!.message)).toEqual(['failure 2', 'failure 3', 'failure 4']);
      expect(manager.history(1).map((r) => r.seq)).toEqual([5]);
    });

    it('redefining a plan starts its policies afresh', async () => {
      const manager = managerWith({ breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 60_000 } });
      await manager.execute('op', () => Promise.reject(reset())).catch(() => undefined);
      manager.define('op', { breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 60_000 } });
      await expect(manager.execute('op', () => Promise.resolve('closed again'))).resolves.toBe('closed again');
    });
  });
});
