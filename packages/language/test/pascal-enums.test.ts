import { describe, expect, it } from 'vitest';
import { generateC } from '@parsercraft/language';
import { analyzeWith, at, brief, spec } from './helpers.js';

const PROGRAM = (...body: string[]): string =>
  [
    'PROGRAM P;',
    'TYPE Color = (Red, Green, Blue);',
    '     Hue = Color;',
    '     Digit = 0..9;',
    "     Lower = 'a'..'z';",
    '     Warm = Red..Green;',
    'VAR c: Color; h: Hue; d: Digit; l: Lower; i: INTEGER; w: Warm;',
    '    counts: ARRAY [Color] OF INTEGER;',
    '    flags: ARRAY [Red..Blue] OF BOOLEAN;',
    '    s: SET OF Color;',
    'BEGIN',
    "  c := Green; h := c; d := 5; l := 'q'; w := Red; i := 0; s := [];",
    ...body.map((line) => `${line};`),
    '  WriteLn(h = c, d, l, i, w = Red, flags[Red], counts[Red], c IN s)',
    'END.',
  ].join('\n');
const findings = async (...body: string[]): Promise<string[]> =>
  brief((await analyzeWith('pascal_like.yaml', PROGRAM(...body))).diagnostics);

describe('enumerated types and subranges', () => {
  it('are ordinal types: compared, looped over, CASE selectors, array indexes and set elements', async () => {
    expect(
      await findings(
        '  i := d + 1',
        '  counts[Blue] := 3',
        '  flags[c] := TRUE',
        '  s := [Red, Blue]',
        '  IF (c IN s) AND (c < Blue) THEN WriteLn(i)',
        '  FOR c := Red TO Blue DO counts[c] := 0',
        '  CASE c OF\n    Red: WriteLn(i);\n    Green, Blue: WriteLn(l)\n  END',
      ),
    ).toEqual([]);
  });

  it('an enumeration is a type of its own: INTEGERs are not its values, nor its values INTEGERs', async () => {
    expect(await findings('  c := 1', '  i := Red', '  counts[1] := 2', '  CASE c OF 1: WriteLn(i) END')).toEqual([
      "13:8 type-mismatch: Cannot assign INTEGER to 'c', which is Color.",
      "14:8 type-mismatch: Cannot assign Color to 'i', which is INTEGER.",
      "15:10 type-mismatch: This index is INTEGER, but 'counts' is indexed by Color.",
      '16:13 type-mismatch: This CASE label is INTEGER, but the selector is Color.',
    ]);
  });

  it('its values are constants of the scope, with a declaration, a hover and no second declaration', async () => {
    const text = PROGRAM('  Red := Green');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      "13:3 assignment-to-constant: 'Red' is a constant and cannot be assigned.",
    ]);
    expect(analysis.symbols.definition(at(text, 'Green;'))?.start).toEqual(at(text, 'Green, Blue)'));
    expect(analysis.symbols.hover(at(text, 'Green;'))?.markdown).toContain('Color');
    const twice = PROGRAM().replace('Digit = 0..9;', 'Digit = 0..9;\n     Primary = (Red, Yellow);');
    expect(brief((await analyzeWith('pascal_like.yaml', twice)).diagnostics)).toEqual([
      "5:17 duplicate-declaration: 'Red' is already declared in this scope, on line 2.",
    ]);
  });

  it('a subrange is its host type, and its bounds are constants', async () => {
    expect(await findings("  d := 'a'", '  l := 1')).toEqual([
      "13:8 type-mismatch: Cannot assign CHAR to 'd', which is Digit.",
      "14:8 type-mismatch: Cannot assign INTEGER to 'l', which is Lower.",
    ]);
    const text = PROGRAM().replace('Digit = 0..9;', 'Digit = 0..i;');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "4:17 not-constant: A subrange's bound must be a constant, but 'i' is not.",
    ]);
  });

  it('C generation translates them (test/fixtures/codegen checks the output against Free Pascal)', async () => {
    const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), PROGRAM());
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(code).toContain('#define');
  });
});
