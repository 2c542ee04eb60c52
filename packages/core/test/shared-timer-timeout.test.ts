import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PcError } from '../src/index.js';
import { SharedTimerTimeout } from '../src/recovery/shared-timer-timeout.js';

describe('SharedTimerTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves many pending attempts with one timer and expires them in order', async () => {
    const timeout = new SharedTimerTimeout(1_000, 'op');
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      void timeout
        .run(() => new Promise(() => undefined), undefined, 0)
        .catch((e: PcError) => outcomes.push(`${i}:${e.code}`));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(vi.getTimerCount()).toBe(1);
    expect(timeout.pending).toBe(5);
    // Started at t = 0, 100, ..., 400; now t = 500. At t = 1050 only the first is due.
    await vi.advanceTimersByTimeAsync(550);
    expect(outcomes).toEqual(['0:PC_TIMEOUT']);
    await vi.advanceTimersByTimeAsync(350);
    expect(outcomes).toEqual(['0:PC_TIMEOUT', '1:PC_TIMEOUT', '2:PC_TIMEOUT', '3:PC_TIMEOUT', '4:PC_TIMEOUT']);
    expect(timeout.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops settled attempts without waiting for their deadlines', async () => {
    const timeout = new SharedTimerTimeout(1_000, 'op');
    for (let i = 0; i < 10_000; i++) await timeout.run(() => Promise.resolve(i), undefined, 0);
    expect(timeout.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('creates a signal only when asked, already aborted if read after the deadline', async () => {
    const timeout = new SharedTimerTimeout(50, 'op');
    let context: { signal: AbortSignal } | undefined;
    const result = timeout.run(
      (ctx) => {
        context = ctx;
        return new Promise(() => undefined);
      },
      undefined,
      0,
    );
    result.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(50);
    const signal = context!.signal;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as PcError).code).toBe('PC_TIMEOUT');
  });

  it('forwards the caller signal into the attempt signal, and unlinks it when done', async () => {
    const timeout = new SharedTimerTimeout(10_000, 'op');
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    const running = timeout.run(
      ({ signal }) => {
        inner = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
      },
      outer.signal,
      0,
    );
    outer.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    expect(inner!.aborted).toBe(true);

    // Settled attempts must not leave listeners on a long-lived caller signal.
    const longLived = new AbortController();
    const added = vi.spyOn(longLived.signal, 'addEventListener');
    const removed = vi.spyOn(longLived.signal, 'removeEventListener');
    for (let i = 0; i < 20; i++)
      await timeout.run(({ signal }) => Promise.resolve(signal.aborted), longLived.signal, 0);
    expect(added).toHaveBeenCalledTimes(20);
    expect(removed).toHaveBeenCalledTimes(20);
  });

  it('passes through synchronous throws and values', async () => {
    const timeout = new SharedTimerTimeout(1_000, 'op');
    await expect(
      timeout.run(
        () => {
          throw new Error('sync');
        },
        undefined,
        0,
      ),
    ).rejects.toThrow('sync');
    await expect(timeout.run(() => 7, undefined, 0)).resolves.toBe(7);
  });
});
