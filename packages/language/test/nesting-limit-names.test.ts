import { describe, expect, it } from 'vitest';
import { analyzeWith } from './helpers.js';

/** An expression nested past the parser's depth limit, so the parse stops inside it. */
const tooDeep = `${'('.repeat(2800)}1${')'.repeat(2800)}`;
const codes = async (text: string): Promise<string[]> =>
  (await analyzeWith('pascal_like.yaml', text)).diagnostics.map((d) => `${d.code}@${d.range.start.line}`);

describe('names before a parse cut at the depth limit', () => {
  it('an undefined name before the cut is still reported, with the nesting-limit warning', async () => {
    const text = `PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  qq := 1;\n  x := ${tooDeep};\n  WriteLn(x)\nEND.`;
    expect((await codes(text)).sort()).toEqual(['nesting-limit@4', 'undefined-name@3']);
  });

  it('a name the unparsed text spells is left alone: it may be declared or used there', async () => {
    // `later` is used before the cut and spelt after it; `unused` is declared and spelt after the cut.
    const text = `PROGRAM P;\nVAR x, unused: INTEGER;\nBEGIN\n  later := 1;\n  x := ${tooDeep};\n  later := unused + x\nEND.`;
    expect(await codes(text)).toEqual(['nesting-limit@4']);
  });

  it('a variable nothing uses before the cut or spells after it is still unused', async () => {
    const text = `PROGRAM P;\nVAR x, idle: INTEGER;\nBEGIN\n  x := ${tooDeep};\n  WriteLn(x)\nEND.`;
    expect(await codes(text)).toEqual(
      expect.arrayContaining(['nesting-limit@3', expect.stringMatching(/^unused-variable@1$/) as string]),
    );
  });
});
