import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, LineIndex, loadLanguageConfig, type LanguageSpec } from '@parsercraft/language';
import { buildIndex } from '../src/index/build-index.js';
import { IndexView } from '../src/index/index-view.js';
import { CONFIGS } from './workspace.js';

let pascal: LanguageSpec;
beforeAll(async () => {
  pascal = (await loadLanguageConfig(join(CONFIGS, 'pascal_like.yaml'))).spec;
});

// Text of all three line endings, surrogate pairs (one character, two code units) and
// program-like words, so the analysis behind the index sees names on every kind of line.
const piece = fc.constantFrom('\r\n', '\n', '\r', '\r\r\n', '😀', 'x', 'ab', ' ', 'BEGIN', 'END.', 'x := 1;', '\u00e9');
const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

/** Every offset from before the start to past the end, and positions around every line. */
function probes(doc: TextDocument): { offsets: number[]; positions: { line: number; character: number }[] } {
  const length = doc.getText().length;
  const offsets = Array.from({ length: length + 4 }, (_, i) => i - 2);
  const positions: { line: number; character: number }[] = [];
  for (let line = -1; line <= doc.lineCount + 1; line++)
    for (let character = -1; character <= length + 2; character++) positions.push({ line, character });
  return { offsets, positions };
}

describe('line endings: \\r\\n, \\n and \\r each end one line, as in TextDocument', () => {
  it("the index's positionAt and offsetAt agree with TextDocument at every offset and position", () => {
    fc.assert(
      fc.property(text, (t) => {
        const doc = TextDocument.create('file:///p.pas', 'pascal', 1, t);
        const view = new IndexView(buildIndex('file:///p.pas', 1, pascal, analyze(pascal, t), t));
        const { offsets, positions } = probes(doc);
        expect(view.index.lineStarts.length).toBe(doc.lineCount);
        for (const offset of offsets) expect(view.positionAt(offset)).toEqual(doc.positionAt(offset));
        for (const position of positions) expect(view.offsetAt(position)).toBe(doc.offsetAt(position));
      }),
      { seed: 1818, numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  });

  it("the language package's LineIndex agrees with TextDocument too", () => {
    fc.assert(
      fc.property(text, (t) => {
        const doc = TextDocument.create('file:///p.pas', 'pascal', 1, t);
        const lines = new LineIndex(t);
        const { offsets, positions } = probes(doc);
        expect(lines.lineCount).toBe(doc.lineCount);
        for (const offset of offsets) expect(lines.position(offset)).toEqual(doc.positionAt(offset));
        for (const position of positions) expect(lines.offset(position)).toBe(doc.offsetAt(position));
      }),
      { seed: 1819, numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('a name on a line after lone CRs is located on its own line, as the client counts', () => {
    const t = 'PROGRAM P;\rVAR x: INTEGER;\rBEGIN\r  x := 1;\r  WriteLn(y)\rEND.\r';
    const doc = TextDocument.create('file:///p.pas', 'pascal', 1, t);
    const analysis = analyze(pascal, t);
    const view = new IndexView(buildIndex('file:///p.pas', 1, pascal, analysis, t));
    const undefinedName = analysis.diagnostics.find((d) => d.code === 'undefined-name');
    expect(undefinedName?.range.start).toEqual(doc.positionAt(t.indexOf('y)')));
    expect(view.positionAt(t.indexOf('y)'))).toEqual({ line: 4, character: 10 });
    expect(view.offsetAt({ line: 4, character: 99 })).toBe(t.indexOf(')\rEND') + 1);
    expect(view.lineContentEnd(4)).toBe(t.indexOf(')\rEND') + 1);
  });
});
