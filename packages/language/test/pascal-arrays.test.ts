import { describe, expect, it } from 'vitest';
import { analyzeWith, at, brief } from './helpers.js';

const DECLARATIONS = [
  'PROGRAM P;',
  'CONST N = 3; M = 4;',
  'TYPE Vec = ARRAY [1..10] OF INTEGER;',
  '     Grid = ARRAY [1..N, 1..M] OF REAL;',
  'VAR a: ARRAY [1..3, 1..4] OF INTEGER;',
  '    b: ARRAY [1..3] OF ARRAY [1..4] OF CHAR;',
  "    h: ARRAY ['a'..'z'] OF INTEGER;",
  '    v: Vec; g: Grid; s: STRING; c: CHAR; i: INTEGER; r: REAL;',
  'PROCEDURE Fill(VAR w: Vec; x: INTEGER);',
  'BEGIN',
  '  w[1] := x',
  'END;',
];
const PROGRAM = (...body: string[]): string =>
  [
    ...DECLARATIONS,
    'BEGIN',
    ...body.map((line) => `${line};`),
    '  WriteLn(i, c, r, s, v[1], a[1, 1], b[1, 1], g[1, 1], h[c])',
    'END.',
  ].join('\n');
const findings = async (...body: string[]): Promise<string[]> =>
  brief((await analyzeWith('pascal_like.yaml', PROGRAM(...body))).diagnostics);

describe('arrays of several dimensions, named array types, CONST bounds', () => {
  it('a[i, j] and a[i][j] are one element, of either way of declaring two dimensions', async () => {
    expect(
      await findings(
        "  s := 'abc';",
        '  a[1, 2] := 5;',
        '  a[1][2] := 6;',
        "  b[1, 2] := 'x';",
        "  b[1][2] := 'y';",
        '  c := b[2, 3];',
        '  i := a[1, 2] + a[N][M];',
        '  g[1, 1] := 2.5;',
        '  r := g[2][3];',
        "  h['q'] := 1;",
        '  Fill(v, 3);',
        '  c := s[i]',
      ),
    ).toEqual([]);
  });

  it('a part of an array is an array, of the dimensions left', async () => {
    expect(await findings("  s := '';", '  i := a[1];', '  c := a[1, 2];', '  b[1] := a[2]')).toEqual([
      "15:8 type-mismatch: Cannot assign ARRAY [1..4] OF INTEGER to 'i', which is INTEGER.",
      "16:8 type-mismatch: Cannot assign INTEGER to 'c', which is CHAR.",
      "17:11 type-mismatch: Cannot assign ARRAY [1..4] OF INTEGER to 'b[1]', which is ARRAY [1..4] OF CHAR.",
    ]);
  });

  it('one index too many, and an index of the wrong ordinal type, are one finding each', async () => {
    expect(
      await findings("  s := '';", '  i := a[1, 2, 3];', '  i := h[1];', "  i := v['x'];", '  c := s[1, 2]'),
    ).toEqual([
      "15:16 type-mismatch: 'a' has 2 dimensions; this index is one too many.",
      "16:10 type-mismatch: This index is INTEGER, but 'h' is indexed by CHAR.",
      "17:10 type-mismatch: This index is CHAR, but 'v' is indexed by INTEGER.",
      "18:13 type-mismatch: 's' has 1 dimension; this index is one too many.",
    ]);
  });

  it('a named array type passes to a VAR parameter of it; another shape does not', async () => {
    expect(await findings("  s := '';", '  Fill(g, 1);', '  Fill(v, 1)')).toEqual([
      "15:8 type-mismatch: Argument 1 of 'Fill' is Grid, but parameter 'w' is Vec.",
    ]);
  });

  it("a bound must be a constant; a CONST's name is one, and goes to its declaration", async () => {
    const text = PROGRAM("  s := ''").replace('VAR a: ARRAY [1..3,', 'VAR k: INTEGER; a: ARRAY [1..k,');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      "5:30 not-constant: An array's bound must be a constant, but 'k' is not.",
    ]);
    const definition = analysis.symbols.definition(at(text, 'N, 1..M', 0));
    expect(definition?.start).toEqual(at(text, 'N = 3'));
  });
});
