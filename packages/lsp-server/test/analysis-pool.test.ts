import { afterEach, describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { AnalysisPool } from '@parsercraft/lsp-server';

const worker = new URL('./fixtures/runaway-worker.mjs', import.meta.url);
const job = (id: number, text: string) =>
  ({
    kind: 'analyze',
    id,
    uri: `file:///doc${id}.pas`,
    version: 1,
    configPath: '/none',
    text,
    protocols: false,
  }) as const;

let pool: AnalysisPool | undefined;
afterEach(async () => {
  await pool?.dispose();
  pool = undefined;
});

describe('AnalysisPool', () => {
  it('a runaway analysis is stopped at its deadline with PC_TIMEOUT, and the replacement worker serves the next job', async () => {
    pool = new AnalysisPool({ deadlineMs: 300, workerUrl: worker });
    const replaced: string[] = [];
    pool.on('replaced', ({ reason }) => replaced.push(reason.code));
    const started = performance.now();
    const error: unknown = await pool.run(job(1, 'loop forever')).catch((e: unknown) => e);
    expect(PcError.is(error) && error.code).toBe('PC_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(replaced).toEqual(['PC_TIMEOUT']);
    await expect(pool.run(job(2, 'fine'))).resolves.toMatchObject({ ok: true, id: 2 });
  });

  it('a worker that dies fails its job with PC_INTERNAL and is replaced', async () => {
    pool = new AnalysisPool({ deadlineMs: 10_000, workerUrl: worker });
    const error: unknown = await pool.run(job(1, 'crash')).catch((e: unknown) => e);
    expect(PcError.is(error) && error.code).toBe('PC_INTERNAL');
    await expect(pool.run(job(2, 'fine'))).resolves.toMatchObject({ ok: true });
  });

  it('jobs queue for the free worker in order; dispose cancels what waits', async () => {
    pool = new AnalysisPool({ deadlineMs: 10_000, workerUrl: worker });
    const results = await Promise.all([1, 2, 3].map((i) => pool!.run(job(i, 'fine'))));
    expect(results.map((r) => r.id)).toEqual([1, 2, 3]);
    const outcomes = [pool.run(job(4, 'loop forever')), pool.run(job(5, 'fine'))].map((p) =>
      p.catch((x: unknown) => x),
    );
    await pool.dispose();
    for (const e of await Promise.all(outcomes)) expect(PcError.is(e) && e.code).toBe('PC_CANCELLED');
  });
});
