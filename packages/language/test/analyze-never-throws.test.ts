import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyze,
  layoutGrammarDiagnostics,
  LineIndex,
  parseLanguageConfig,
  type Diagnostic,
  type Position,
} from '@parsercraft/language';
import { randomConfig, randomProgram } from './grammar-random-configs.js';

// Random configs build grammars no one else uses: their tables go to a folder of this test's own.
const cache = mkdtempSync(join(tmpdir(), 'pc-never-throws-'));
const previousCache = process.env['PARSERCRAFT_CACHE'];
beforeAll(() => {
  process.env['PARSERCRAFT_CACHE'] = cache;
});
afterAll(() => {
  if (previousCache === undefined) delete process.env['PARSERCRAFT_CACHE'];
  else process.env['PARSERCRAFT_CACHE'] = previousCache;
  rmSync(cache, { recursive: true, force: true });
});

function inside(lines: LineIndex, text: string, p: Position): boolean {
  if (p.line < 0 || p.line >= lines.lineCount || p.character < 0) return false;
  const lineStart = lines.offset({ line: p.line, character: 0 });
  const lineEnd = lines.offset({ line: p.line, character: Number.MAX_SAFE_INTEGER });
  return p.character <= lineEnd - lineStart && lineEnd <= text.length;
}

/** Every finding is located in the text it is about, start before end. */
function located(text: string, diagnostics: readonly Diagnostic[]): string | undefined {
  const lines = new LineIndex(text);
  for (const d of diagnostics) {
    const { start, end } = d.range;
    const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
    if (!inside(lines, text, start) || !inside(lines, text, end) || !ordered)
      return `${d.code} at ${JSON.stringify(d.range)} is not inside the text`;
    if (d.code === 'PC_UNKNOWN' || d.message === '') return `unclassified finding ${JSON.stringify(d)}`;
  }
  return undefined;
}

describe('analyze() never throws', () => {
  it('for random configs of every layout and random programs (fixed seed, about 20 s)', () => {
    const configs = new Map<string, Record<string, unknown>>();
    fc.assert(
      fc.property(
        randomConfig.chain((config) =>
          fc.tuple(fc.constant(config), fc.array(randomProgram(config), { minLength: 1, maxLength: 4 })),
        ),
        ([config, programs]) => {
          const configText = JSON.stringify(config, null, 2);
          configs.set(configText, config);
          const loaded = parseLanguageConfig(configText, { format: 'json' });
          expect(located(configText, loaded.diagnostics)).toBeUndefined();
          const layout = layoutGrammarDiagnostics(loaded.spec);
          expect(located(configText, layout)).toBeUndefined();
          for (const program of programs) {
            const analysis = analyze(loaded.spec, program);
            expect(analysis.tree.type).toBeTypeOf('string');
            expect(located(program, analysis.diagnostics)).toBeUndefined();
          }
        },
      ),
      { seed: 20261202, numRuns: Number(process.env['PC_NEVER_THROWS_RUNS'] ?? 150), interruptAfterTimeLimit: 20_000 },
    );
    // The bound is time, not luck: the run covered configs of every layout.
    expect(configs.size).toBeGreaterThan(10);
  }, 60_000);
});
