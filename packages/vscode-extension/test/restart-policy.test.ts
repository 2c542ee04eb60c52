import { describe, expect, it } from 'vitest';
import { CrashResponder } from '../src/client/crash-responder.js';
import { RestartPolicy, type CrashDecision } from '../src/client/restart-policy.js';

const S = 1000;

describe('RestartPolicy', () => {
  it('waits 1, 2, 4 ... 30 s between restarts, never restarting at once', () => {
    const policy = new RestartPolicy({ maxCrashes: 100, windowMs: 60 * 60 * S });
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      policy.started(now);
      const d = policy.crashed((now += S));
      if (d.action !== 'restart') throw new Error(`stopped at crash ${i + 1}`);
      delays.push(d.delayMs);
      now += d.delayMs;
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30, 30].map((s) => s * S));
  });

  it('stops at the fifth crash within three minutes, and counts only crashes inside the window', () => {
    const policy = new RestartPolicy();
    const at = (seconds: number): CrashDecision => policy.crashed(seconds * S);
    expect([at(0), at(10), at(20), at(30)].map((d) => d.action)).toEqual(['restart', 'restart', 'restart', 'restart']);
    expect(at(40)).toEqual({ action: 'stop', crashes: 5, windowMs: 180 * S });

    const spread = new RestartPolicy();
    // Four crashes a minute apart never put five inside any three-minute window.
    const actions = [0, 60, 120, 180, 240, 300].map((s) => spread.crashed(s * S).action);
    expect(actions).toEqual(['restart', 'restart', 'restart', 'restart', 'restart', 'restart']);
  });

  it('starts the backoff over once a server has run long enough, and a manual reset forgets everything', () => {
    const policy = new RestartPolicy({ maxCrashes: 10, windowMs: 10 * S });
    policy.started(0);
    expect(policy.crashed(1 * S)).toMatchObject({ delayMs: 1 * S });
    policy.started(2 * S);
    expect(policy.crashed(3 * S)).toMatchObject({ delayMs: 2 * S });
    policy.started(5 * S);
    // Ran 60 s: recovered.
    expect(policy.crashed(65 * S)).toMatchObject({ action: 'restart', delayMs: 1 * S, attempt: 1 });

    const limited = new RestartPolicy({ maxCrashes: 2 });
    limited.crashed(0);
    limited.reset();
    expect(limited.crashed(1).action).toBe('restart');
    expect(limited.crashed(2).action).toBe('stop');
  });
});

describe('CrashResponder', () => {
  it('each close goes to the policy: restarts with backoff, and a crash loop gives up once', () => {
    const restarts: number[] = [];
    const stops: number[] = [];
    let now = 0;
    const handler = new CrashResponder(new RestartPolicy({ maxCrashes: 3 }), {
      restartLater: (d) => restarts.push(d.delayMs),
      giveUp: (d) => stops.push(d.crashes),
      now: () => (now += S),
    });
    expect([0, 1, 2].map(() => handler.onClose().action)).toEqual(['restart', 'restart', 'stop']);
    expect(restarts).toEqual([1 * S, 2 * S]);
    expect(stops).toEqual([3]);
  });

  it('keeps the connection through a few write errors, and shuts down past three in a row', () => {
    const handler = new CrashResponder(new RestartPolicy(), { restartLater: () => undefined, giveUp: () => undefined });
    expect([1, 3, 4].map((count) => handler.onError(count))).toEqual(['continue', 'continue', 'shutdown']);
  });
});
