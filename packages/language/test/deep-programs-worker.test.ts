import { Worker, type ResourceLimits } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { configPath } from './fixtures.js';

/**
 * The language server analyses in worker threads, whose stack is smaller than the main
 * thread's. These run the built package in a real Worker: with Node's default limits, and
 * with a stack of 1 MB, where no pass may recurse on the depth of a 50,000-deep tree (the
 * invariant ARCHITECTURE.md states for the language package).
 */

const PACKAGE = new URL('../dist/index.js', import.meta.url).href;

interface WorkerReport {
  readonly codes: string[];
  readonly plantedAt: { line: number; character: number } | undefined;
  readonly expected: { line: number; character: number };
  readonly treeDepth: number;
  readonly c: string;
  readonly formatEdits: number;
}

// Plain JavaScript for the worker: it builds the program, analyses it and reports findings.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.pkg).then(async (lang) => {
  const spec = (await lang.loadLanguageConfig(workerData.config)).spec;
  const terms = Array.from({ length: workerData.terms }, (_, i) => (i === workerData.plantAt ? 'zz' : 'y'));
  const open = '('.repeat(workerData.parens);
  const close = ')'.repeat(workerData.parens);
  const head = 'PROGRAM P;\\nVAR x, y: INTEGER;\\nBEGIN\\n  y := 1;\\n  x := ' + open;
  const text = head + terms.join(' + ') + close + ';\\n  WriteLn(x)\\nEND.\\n';
  const analysis = lang.analyze(spec, text);
  const planted = analysis.diagnostics.find((d) => d.code === 'undefined-name');
  const expected = analysis.lines.position(text.indexOf('zz'));
  let treeDepth = 0;
  const stack = [[analysis.tree, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    treeDepth = Math.max(treeDepth, top[1]);
    for (const c of top[0].children) stack.push([c, top[1] + 1]);
  }
  lang.checkProtocols(spec, analysis);
  const withoutPlant = text.replace('zz', 'y');
  const generated = lang.generateC(spec, withoutPlant);
  const edits = lang.formatText(spec, text, { tabSize: 2, insertSpaces: true });
  parentPort.postMessage({
    codes: analysis.diagnostics.map((d) => d.code),
    plantedAt: planted && planted.range.start,
    expected,
    treeDepth,
    c: generated.code === undefined ? generated.diagnostics.map((d) => d.message).join('; ') : 'ok',
    formatEdits: edits.length,
  });
});
`;

function runInWorker(
  work: { terms: number; plantAt: number; parens: number },
  resourceLimits?: ResourceLimits,
): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...work, pkg: PACKAGE, config: configPath('pascal_like.yaml') },
      ...(resourceLimits && { resourceLimits }),
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('the worker did not report within 60 s'));
    }, 60_000);
    worker.once('message', (report: WorkerReport) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(report));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('deep programs in a worker thread', () => {
  it("with Node's default limits: 100,000 terms inside 2,000 brackets, checked in full", async () => {
    const report = await runInWorker({ terms: 100_000, plantAt: 77_777, parens: 2_000 });
    expect(report.codes).toEqual(['undefined-name']);
    expect(report.plantedAt).toEqual(report.expected);
    expect(report.treeDepth).toBeGreaterThan(100_000);
    expect(report.c).toBe('ok');
  });

  it('with a 1 MB stack: no pass recurses on the depth of a 50,000-deep tree', async () => {
    const report = await runInWorker({ terms: 50_000, plantAt: 49_000, parens: 0 }, { stackSizeMb: 1 });
    expect(report.codes).toEqual(['undefined-name']);
    expect(report.plantedAt).toEqual(report.expected);
    expect(report.treeDepth).toBeGreaterThanOrEqual(50_000);
    expect(report.c).toBe('ok');
    expect(report.formatEdits).toBe(0);
  });
});
