import { createLogger } from '@parsercraft/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisScheduler } from '../src/server/analysis-scheduler.js';
import { EditLog } from '../src/server/edit-log.js';

const log = createLogger({ name: 'test', level: 'silent' });

/** A scheduler whose analyses finish when the test says, recording the order they started in. */
function harness(concurrency: number) {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  let running = 0;
  let peak = 0;
  const scheduler = new AnalysisScheduler({
    concurrency,
    debounceMs: 0,
    log,
    onChange: () => undefined,
    analyse: (uri) =>
      new Promise<void>((resolve) => {
        started.push(uri);
        running++;
        peak = Math.max(peak, running);
        finish.set(uri, () => {
          running--;
          resolve();
        });
      }),
  });
  const settle = (uri: string): Promise<void> => {
    finish.get(uri)?.();
    finish.delete(uri);
    return new Promise((resolve) => setImmediate(resolve));
  };
  return { scheduler, started, settle, peak: () => peak, running: () => [...finish.keys()] };
}

describe('AnalysisScheduler', () => {
  it('admits every scheduled document, never more at once than its concurrency (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 30 }), fc.constantFrom<'edit' | 'background'>('edit', 'background')),
          { minLength: 1, maxLength: 80 },
        ),
        fc.integer({ min: 1, max: 4 }),
        async (requests, concurrency) => {
          const h = harness(concurrency);
          for (const [doc, urgency] of requests) h.scheduler.schedule(`d${doc}`, urgency, 0);
          const wanted = new Set(requests.map(([doc]) => `d${doc}`));
          // Finish whatever runs until nothing is left; bounded by the number of schedules.
          for (let i = 0; i < requests.length * 2 + 2 && !h.scheduler.idle; i++)
            for (const uri of h.running()) await h.settle(uri);
          expect(h.scheduler.idle).toBe(true);
          expect(new Set(h.started)).toEqual(wanted);
          expect(h.peak()).toBeLessThanOrEqual(concurrency);
        },
      ),
      { seed: 18, numRuns: 150 },
    );
  });

  it('runs edited documents before background ones, the last touched first, and again after a run an edit overtook', async () => {
    const h = harness(1);
    h.scheduler.schedule('busy', 'edit', 0);
    for (const uri of ['bg1', 'bg2']) h.scheduler.schedule(uri, 'background', 0);
    for (const uri of ['e1', 'e2', 'e3']) h.scheduler.schedule(uri, 'edit', 0);
    h.scheduler.touch('e1');
    // An edit of the running document: it runs again once the current run ends.
    h.scheduler.schedule('busy', 'edit', 0);
    for (let i = 0; i < 10 && !h.scheduler.idle; i++) for (const uri of h.running()) await h.settle(uri);
    // busy was edited last of all, so it is what the user looks at: it goes first again.
    expect(h.started).toEqual(['busy', 'busy', 'e1', 'e3', 'e2', 'bg1', 'bg2']);
  });

  it('a run that gives its slot back (a typing pause) lets the next document start, and still counts as running', async () => {
    const releases = new Map<string, () => void>();
    const finish = new Map<string, () => void>();
    const started: string[] = [];
    const scheduler = new AnalysisScheduler({
      concurrency: 1,
      debounceMs: 0,
      log,
      onChange: () => undefined,
      analyse: (uri, release) =>
        new Promise<void>((resolve) => {
          started.push(uri);
          releases.set(uri, release);
          finish.set(uri, resolve);
        }),
    });
    scheduler.schedule('paused', 'edit', 0);
    scheduler.schedule('next', 'edit', 0);
    expect(started).toEqual(['paused']);
    releases.get('paused')?.();
    // Released twice changes nothing: one slot, given back once.
    releases.get('paused')?.();
    expect(started).toEqual(['paused', 'next']);
    scheduler.schedule('third', 'edit', 0);
    expect(started).toEqual(['paused', 'next']);
    // An edit of the paused document waits for its run to end, as for any running document.
    scheduler.schedule('paused', 'edit', 0);
    expect(scheduler.idle).toBe(false);
    let settled = false;
    void scheduler.settled('paused').then(() => (settled = true));
    finish.get('paused')?.();
    await new Promise((resolve) => setImmediate(resolve));
    // Its slot was given back, so its rerun queues behind 'third' for the one slot 'next' holds.
    expect(settled).toBe(false);
    finish.get('next')?.();
    await new Promise((resolve) => setImmediate(resolve));
    // Touched last, the paused document's rerun goes first.
    expect(started).toEqual(['paused', 'next', 'paused']);
    for (let i = 0; i < 6 && !scheduler.idle; i++) {
      for (const [uri, done] of [...finish]) {
        finish.delete(uri);
        done();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(scheduler.idle).toBe(true);
    expect(settled).toBe(true);
    expect(started).toEqual(['paused', 'next', 'paused', 'third']);
  });

  it('a retry due later is not busy work: the scheduler is idle meanwhile, and a close cancels it', async () => {
    const h = harness(1);
    h.scheduler.schedule('degraded', 'background', 60_000);
    expect(h.scheduler.idle).toBe(true);
    expect(h.scheduler.backlog).toBe(0);
    await expect(h.scheduler.settled('degraded')).resolves.toBeUndefined();
    h.scheduler.cancel('degraded');
    h.scheduler.dispose();
    expect(h.started).toEqual([]);
  });
});

describe('EditLog', () => {
  it('maps an offset of the current text to the same character of an older version (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 8 })), { maxLength: 12 }),
        (original, edits) => {
          const log = new EditLog();
          let text = original;
          // Each character of the original keeps its identity through the edits, where it survives.
          let ids: (number | undefined)[] = [...original].map((_, i) => i);
          edits.forEach(([a, b, inserted], v) => {
            const from = Math.min(a, b) % (text.length + 1);
            const to = Math.min(from + (Math.max(a, b) % 5), text.length);
            log.record('u', v + 2, from, to, inserted.length);
            text = text.slice(0, from) + inserted + text.slice(to);
            ids = [...ids.slice(0, from), ...Array<undefined>(inserted.length).fill(undefined), ...ids.slice(to)];
          });
          ids.forEach((id, offset) => {
            if (id !== undefined) expect(log.toVersion('u', offset, 1)).toBe(id);
          });
          // Trimmed to the newest version, there is nothing left to map through.
          log.trim('u', edits.length + 1);
          expect(log.toVersion('u', 3, edits.length + 1)).toBe(3);
        },
      ),
      { seed: 18, numRuns: 300 },
    );
  });
});
