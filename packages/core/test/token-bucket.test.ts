import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PcError, TokenBucket } from '../src/index.js';

describe('TokenBucket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows a burst up to capacity, then refills continuously', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2 });
    expect([bucket.tryAcquire(), bucket.tryAcquire(), bucket.tryAcquire(), bucket.tryAcquire()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    vi.advanceTimersByTime(499);
    expect(bucket.tryAcquire()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(bucket.tryAcquire()).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(bucket.stats().tokens).toBe(3);
    expect(bucket.stats()).toMatchObject({ granted: 4, rejected: 2, waits: 0 });
  });

  it('makes waiters wait exactly as long as the refill needs, on a timer, first come first served', async () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 10, initialTokens: 0 });
    const order: string[] = [];
    const a = bucket.acquire(1).then(() => order.push('a'));
    const b = bucket.acquire(2).then(() => order.push('b'));
    const c = bucket.acquire(1).then(() => order.push('c'));
    expect(bucket.tryAcquire()).toBe(false); // cannot jump the line
    expect(vi.getTimerCount()).toBe(1); // one timer for the head, no polling
    await vi.advanceTimersByTimeAsync(99);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(200);
    expect(order).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(bucket.stats()).toMatchObject({ waits: 3, waiting: 0, granted: 3, waitedMs: 100 + 300 + 400 });
  });

  it('refuses with PC_RATE_LIMITED when the wait would exceed maxWaitMs', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1, initialTokens: 0 });
    const error = (await bucket.acquire(1, { maxWaitMs: 500 }).catch((e: unknown) => e)) as PcError;
    expect(error).toBeInstanceOf(PcError);
    expect(error.code).toBe('PC_RATE_LIMITED');
    expect(error.retryAfterMs).toBe(1000);
    expect(error.context).toMatchObject({ limiter: 'default', waitMs: 1000, maxWaitMs: 500 });
    const withinLimit = bucket.acquire(1, { maxWaitMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(withinLimit).resolves.toBeUndefined();
  });

  it('counts everyone ahead in the line when estimating a wait', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1, initialTokens: 0 });
    const first = bucket.acquire(1);
    const error = (await bucket.acquire(1, { maxWaitMs: 1500 }).catch((e: unknown) => e)) as PcError;
    expect(error.context['waitMs']).toBe(2000);
    await vi.advanceTimersByTimeAsync(1000);
    await first;
  });

  it('removes an aborted waiter and serves the next', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1, initialTokens: 0 });
    const controller = new AbortController();
    const first = bucket.acquire(1, { signal: controller.signal }).catch((e: unknown) => e);
    const second = bucket.acquire(1);
    controller.abort();
    expect(((await first) as PcError).code).toBe('PC_CANCELLED');
    expect(bucket.stats().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(second).resolves.toBeUndefined();
    await expect(bucket.acquire(1, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'PC_CANCELLED' });
  });

  it("holds every grant until a server's Retry-After date, never shortening a pause", async () => {
    const bucket = new TokenBucket({ capacity: 5, refillPerSecond: 100 });
    bucket.pauseUntil(Date.now() + 3_000);
    bucket.pauseUntil(Date.now() + 1_000);
    expect(bucket.tryAcquire()).toBe(false);
    expect(bucket.stats().pausedUntil).toBe('2026-11-23T12:00:03.000Z');
    let granted = false;
    const waiting = bucket.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(granted).toBe(true);
    expect(bucket.stats().pausedUntil).toBeNull();
    bucket.pauseFor(500);
    expect(bucket.tryAcquire()).toBe(false);
  });

  it('rejects requests it can never satisfy, and invalid settings', async () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1 });
    expect(() => bucket.tryAcquire(3)).toThrow(PcError);
    expect(() => bucket.tryAcquire(0)).toThrow(/cannot take 0/);
    await expect(bucket.acquire(3)).rejects.toMatchObject({ code: 'PC_INVALID_ARGUMENT' });
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(/capacity/);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: Number.NaN })).toThrow(/refillPerSecond/);
  });

  it('close() cancels everyone waiting', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1, initialTokens: 0, name: 'registry.example' });
    const waiting = bucket.acquire().catch((e: unknown) => e);
    bucket.close();
    expect(((await waiting) as PcError).message).toBe('Rate limiter registry.example was closed');
    expect(vi.getTimerCount()).toBe(0);
  });
});
