import { afterEach, describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { AnalysisPool } from '@parsercraft/lsp-server';

const worker = new URL('./fixtures/runaway-worker.mjs', import.meta.url);

/** The main thread's documents, as the pool's source sees them. */
const documents = new Map<string, { version: number; text: string }>();
const uri = (name: string): string => `file:///${name}.pas`;
const open = (name: string, text: string, version = 1): void => void documents.set(uri(name), { version, text });

let nextId = 1;
const job = (name: string, version = documents.get(uri(name))?.version ?? 1) =>
  ({ kind: 'analyze', id: nextId++, uri: uri(name), version, configPath: '/none' }) as const;

/** What the fixture worker answered: the session text it analysed, and on which thread. */
const seen = (result: { diagnostics: readonly unknown[] }): { message: string; thread: number } =>
  result.diagnostics[0] as { message: string; thread: number };

let pool: AnalysisPool | undefined;
const start = (options: { deadlineMs?: number; size?: number; moveAfterMs?: number } = {}): AnalysisPool => {
  pool = new AnalysisPool({
    deadlineMs: options.deadlineMs ?? 10_000,
    workerUrl: worker,
    size: options.size ?? 1,
    source: (u) => documents.get(u),
    ...(options.moveAfterMs !== undefined && { moveAfterMs: options.moveAfterMs }),
  });
  return pool;
};
afterEach(async () => {
  await pool?.dispose();
  pool = undefined;
  documents.clear();
});

const code = (e: unknown): string | undefined => (PcError.is(e) ? e.code : undefined);

describe('AnalysisPool', () => {
  it('a runaway analysis is stopped at its deadline with PC_TIMEOUT, and the replacement worker serves the next job', async () => {
    const p = start({ deadlineMs: 300 });
    const replaced: string[] = [];
    p.on('replaced', ({ reason }) => replaced.push(reason.code));
    open('runaway', 'loop forever');
    open('fine', 'fine');
    const started = performance.now();
    expect(code(await p.run(job('runaway')).catch((e: unknown) => e))).toBe('PC_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(replaced).toEqual(['PC_TIMEOUT']);
    await expect(p.run(job('fine'))).resolves.toMatchObject({ ok: true });
  });

  it('a worker that dies fails its job with PC_INTERNAL and is replaced', async () => {
    const p = start();
    open('crash', 'crash');
    open('fine', 'fine');
    expect(code(await p.run(job('crash')).catch((e: unknown) => e))).toBe('PC_INTERNAL');
    await expect(p.run(job('fine'))).resolves.toMatchObject({ ok: true });
  });

  it('jobs run by priority, then in order; dispose cancels what waits', async () => {
    const p = start();
    for (const name of ['a', 'b', 'c']) open(name, name);
    const order: string[] = [];
    const runs = [
      p.run(job('a')).then(() => order.push('a')),
      p.run(job('b'), { priority: 2 }).then(() => order.push('b')),
      p.run(job('c'), { priority: 0 }).then(() => order.push('c')),
    ];
    await Promise.all(runs);
    // a was already running when c came in.
    expect(order).toEqual(['a', 'c', 'b']);
    open('runaway', 'loop forever');
    const outcomes = [p.run(job('runaway')), p.run(job('a'))].map((r) => r.catch((e: unknown) => e));
    await p.dispose();
    for (const e of await Promise.all(outcomes)) expect(code(e)).toBe('PC_CANCELLED');
  });

  it('a session follows incremental changes; a job for a version the document has left is dropped', async () => {
    const p = start();
    open('doc', 'one two three');
    expect(seen(await p.run(job('doc'))).message).toBe('one two three');
    const change = { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } }, text: 'TWO' };
    documents.set(uri('doc'), { version: 2, text: 'one TWO three' });
    p.changed(uri('doc'), 1, 2, [change]);
    expect(seen(await p.run(job('doc'))).message).toBe('one TWO three');
    // The pool's source is at version 2: a job for version 1 never reaches a worker.
    expect(code(await p.run(job('doc', 1)).catch((e: unknown) => e))).toBe('PC_SERVER_CONTENT_MODIFIED');
    // A change the pool cannot forward (it did not know the version it came from) reopens the session instead.
    documents.set(uri('doc'), { version: 9, text: 'reopened' });
    p.changed(uri('doc'), 7, 9, [{ text: 'ignored' }]);
    expect(seen(await p.run(job('doc'))).message).toBe('reopened');
  });

  it('a document whose worker is held up by another document moves to an idle worker', async () => {
    const p = start({ size: 2, deadlineMs: 3000, moveAfterMs: 100 });
    open('doc', 'fine');
    open('runaway', 'loop forever');
    // With every worker idle, a document without a home takes the first: doc's, then the runaway's too.
    const home = seen(await p.run(job('doc'))).thread;
    const runaway = p.run(job('runaway')).catch((e: unknown) => e);
    const started = performance.now();
    const moved = await p.run(job('doc'));
    // Not the runaway's 3 s deadline: the move after 100 ms, plus a fresh session on the other worker.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(seen(moved)).toMatchObject({ message: 'fine' });
    expect(seen(moved).thread).not.toBe(home);
    expect(code(await runaway)).toBe('PC_TIMEOUT');
    // doc stays on its new home.
    expect(seen(await p.run(job('doc'))).thread).toBe(seen(moved).thread);
  });
});
