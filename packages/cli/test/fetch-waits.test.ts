import { describe, expect, it } from 'vitest';
import { FetchWaits, WAIT_LINE_INTERVAL_MS } from '../src/output/fetch-waits.js';
import { parseDuration } from '../src/text/duration.js';

const about = { what: 'packument', package: 'util', url: 'http://127.0.0.1:9/util' } as const;

/** FetchWaits on a clock the test moves; its own timer is stopped, `tick()` is called by hand. */
function waitsAt(interactive = false): { waits: FetchWaits; lines: string[]; at: number[]; clock: { now: number } } {
  const clock = { now: 0 };
  const lines: string[] = [];
  const at: number[] = [];
  const waits = new FetchWaits({
    interactive,
    writeLine: (l) => (lines.push(l), at.push(clock.now)),
    now: () => clock.now,
  });
  waits.close();
  return { waits, lines, at, clock };
}

describe('FetchWaits in a pipe', () => {
  it('says nothing about quick requests; a long wait gets a line naming the URL, package, attempt and time', () => {
    const { waits, lines, clock } = waitsAt();
    waits.observe({ phase: 'request', ...about, attempt: 1, attempts: 4 });
    clock.now = 300;
    waits.observe({ phase: 'request-done', ...about, ok: true });
    for (; clock.now < 20_000; clock.now += 500) waits.tick();
    expect(lines).toEqual([]);

    waits.observe({ phase: 'request', ...about, attempt: 1, attempts: 4 });
    const start = clock.now;
    for (; clock.now < start + 5_000; clock.now += 500) waits.tick();
    expect(lines).toEqual(['waiting for http://127.0.0.1:9/util (util, attempt 1 of 4, 5 s)']);
  });

  it('a chain of requests of 4 s each is one long wait: a line at least every 5 s', () => {
    const { waits, lines, at, clock } = waitsAt();
    for (let i = 0; i < 8; i++) {
      const step = { ...about, package: `p${i}`, url: `http://127.0.0.1:9/p${i}` };
      waits.observe({ phase: 'request', ...step, attempt: 1, attempts: 4 });
      for (let t = 0; t < 4_000; t += 500, clock.now += 500) waits.tick();
      waits.observe({ phase: 'request-done', ...step, ok: true });
      clock.now += 5;
    }
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const gaps = [at[0] ?? Infinity, ...at.slice(1).map((t, i) => t - (at[i] ?? 0))];
    expect(Math.max(...gaps)).toBeLessThanOrEqual(WAIT_LINE_INTERVAL_MS);
    expect(lines[0]).toMatch(/^waiting for http:\/\/127\.0\.0\.1:9\/p1 \(p1, attempt 1 of 4, \d s\)$/);
  });

  it('a retry with a long pause is a line at once; during its backoff the wait says which attempt comes when', () => {
    const { waits, lines, clock } = waitsAt();
    waits.observe({ phase: 'request', ...about, attempt: 1, attempts: 4 });
    clock.now = 1_000;
    // A quick retry is left to the periodic line.
    waits.observe({ phase: 'retry', ...about, attempt: 1, attempts: 4, delayMs: 250, code: 'PC_NET_RESET' });
    expect(lines).toEqual([]);
    clock.now = 2_000;
    waits.observe({ phase: 'request', ...about, attempt: 2, attempts: 4 });
    waits.observe({
      phase: 'retry',
      ...about,
      attempt: 2,
      attempts: 4,
      delayMs: 30_000,
      code: 'PC_HTTP_RATE_LIMITED',
      retryAfterMs: 30_000,
    });
    expect(lines).toEqual([
      "retrying http://127.0.0.1:9/util (util): attempt 2 of 4 failed with PC_HTTP_RATE_LIMITED; attempt 3 in 30 s, as the registry's Retry-After asks",
    ]);
    clock.now = 12_000;
    expect(waits.current()).toBe(
      'waiting for http://127.0.0.1:9/util (util, attempt 3 of 4 in 20 s after PC_HTTP_RATE_LIMITED, 12 s)',
    );
  });

  it('while anything waits, a line at least every 5 s, however the ticks fall (100 seeded runs)', () => {
    // A fixed-seed generator rather than fast-check, which this package does not depend on.
    let seed = 20261201;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let run = 0; run < 100; run++) {
      const { waits, at, clock } = waitsAt();
      waits.observe({ phase: 'request', ...about, attempt: 1, attempts: 4 });
      // Ticks come at most 500 ms apart, as the timer makes them.
      const ticks = 50 + Math.floor(next() * 250);
      for (let i = 0; i < ticks; i++) {
        clock.now += 1 + Math.floor(next() * 500);
        waits.tick();
      }
      const marks = [0, ...at, clock.now];
      for (let i = 1; i < marks.length; i++)
        expect(marks[i]! - marks[i - 1]!, `run ${run}`).toBeLessThanOrEqual(WAIT_LINE_INTERVAL_MS);
      expect(at.length, `run ${run}`).toBeGreaterThanOrEqual(Math.floor(clock.now / WAIT_LINE_INTERVAL_MS));
    }
  });

  it('on a terminal nothing is printed: the bar asks current() on each tick', () => {
    const { waits, lines, clock } = waitsAt(true);
    waits.observe({ phase: 'request', ...about, attempt: 3, attempts: 8 });
    waits.observe({ phase: 'retry', ...about, attempt: 3, attempts: 8, delayMs: 100, code: 'PC_NET_RESET' });
    clock.now = 1_500;
    waits.tick();
    expect(lines).toEqual([]);
    expect(waits.current()).toBe('waiting for http://127.0.0.1:9/util (util, attempt 3 of 8, 2 s)');
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m and bare milliseconds; refuses the rest', () => {
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('250')).toBe(250);
    for (const bad of ['', 'soon', '0', '0s', '-1s', '30d', '1e3', '99999999m', 's'])
      expect(parseDuration(bad), bad).toBeUndefined();
  });
});
