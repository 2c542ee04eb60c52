import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { FINISHED, runNested, type Nested } from '../src/syntax/nested-calls.js';

/**
 * The driver of depth-safe passes: plain recursion for the first levels, an explicit stack
 * past them. These hold both halves, and the seam between them, to the same results.
 */

/** Sums 1..depth by nesting one call per level; a FINISHED call at every level on the way. */
function* sumTo(depth: number): Nested<number> {
  if (depth === 0) return 0;
  yield FINISHED;
  return depth + ((yield sumTo(depth - 1)) as number);
}

/** Throws at the bottom; the call `catchAt` levels up catches it and returns -depth. */
function* throwing(depth: number, catchAt: number): Nested<number> {
  if (depth === 0) throw new RangeError('bottom');
  if (depth !== catchAt) return (yield throwing(depth - 1, catchAt)) as number;
  try {
    return (yield throwing(depth - 1, catchAt)) as number;
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    return -depth;
  }
}

describe('runNested', () => {
  it('returns what a pass returns, shallow, at the seam and 100,000 levels deep', () => {
    for (const depth of [0, 1, 399, 400, 401, 402, 5_000, 100_000])
      expect(runNested(sumTo(depth))).toBe((depth * (depth + 1)) / 2);
  });

  it('gives a callee’s error to the caller that catches it, on either side of the seam', () => {
    for (const [depth, catchAt] of [
      [10, 3],
      [1_000, 900],
      [1_000, 500],
      [1_000, 100],
      [1_000, 1],
      [100_000, 50_000],
    ] as const)
      expect(runNested(throwing(depth, catchAt))).toBe(-catchAt);
  });

  it('throws what no caller catches', () => {
    expect(() => runNested(throwing(2_000, -1))).toThrow(RangeError);
  });

  it('runs 100,000 levels on a 512 KB worker stack, half the 1 MB the deep-program worker test gives', async () => {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.module).then(({ runNested, FINISHED }) => {
        function* sumTo(depth) {
          if (depth === 0) return 0;
          yield FINISHED;
          return depth + (yield sumTo(depth - 1));
        }
        parentPort.postMessage(runNested(sumTo(100000)));
      }, (error) => parentPort.postMessage(String(error)));
    `;
    const module = new URL('../dist/syntax/nested-calls.js', import.meta.url).href;
    const worker = new Worker(source, { eval: true, workerData: { module }, resourceLimits: { stackSizeMb: 0.5 } });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the worker did not answer in 20 s')), 20_000);
        worker.once('message', (value) => {
          clearTimeout(timer);
          resolve(value);
        });
        worker.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      expect(result).toBe((100_000 * 100_001) / 2);
    } finally {
      await worker.terminate();
    }
  }, 30_000);
});
