import { describe, expect, it } from 'vitest';
import { generateC, type SyntaxNode } from '@parsercraft/language';
import { analyzeWith, brief, spec } from './helpers.js';

const PROGRAM = (...body: string[]): string =>
  [
    'PROGRAM P;',
    'TYPE Digits = SET OF 0..9;',
    '     Letters = SET OF CHAR;',
    'VAR d: Digits; l: Letters; c: CHAR; i: INTEGER; b: BOOLEAN;',
    "    e: SET OF 'a'..'z';",
    'BEGIN',
    "  c := 'x'; i := 3; d := []; l := [];",
    ...body.map((line) => `${line};`),
    "  e := ['q']; WriteLn(b, i, c, d = d, e = l)",
    'END.',
  ].join('\n');
const findings = async (...body: string[]): Promise<string[]> =>
  brief((await analyzeWith('pascal_like.yaml', PROGRAM(...body))).diagnostics);

function first(tree: SyntaxNode, type: string): SyntaxNode | undefined {
  const stack = [tree];
  while (stack.length > 0) {
    const node = stack.shift() as SyntaxNode;
    if (node.type === type) return node;
    stack.push(...node.children);
  }
  return undefined;
}

describe('sets', () => {
  it('parse: SetType (the word, the element type), SetLiteral of elements and SetRanges, IN', async () => {
    const text = PROGRAM('  d := [1, 3..5, i]');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    const shape = (n: SyntaxNode | undefined): string[] =>
      (n?.children ?? []).map((c) => `${c.type} ${text.slice(c.from, c.to)}`);
    expect(shape(first(analysis.tree, 'SetType'))).toEqual(['Identifier SET', 'SubrangeType 0..9']);
    const literals: SyntaxNode[] = [];
    const stack = [analysis.tree];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'SetLiteral' && node.children.length > 0) literals.push(node);
      stack.push(...node.children);
    }
    expect(literals.map(shape)).toContainEqual(['Number 1', 'SetRange 3..5', 'Identifier i']);
  });

  it('membership, union, difference, intersection, equality and inclusion type-check', async () => {
    expect(
      await findings(
        '  d := [1, 3..5, i]',
        "  l := ['a'..'z', c]",
        '  b := i IN d',
        '  b := (c IN l) AND (3 IN [1, 2, 3])',
        '  d := d + [7] - [1] * d',
        '  b := (d <= [1..9]) OR (d >= d) OR (d = []) OR (l <> l)',
        "  IF c IN ['a', 'e'] THEN WriteLn(b)",
        '  b := c IN l + [c]',
      ),
    ).toEqual([]);
  });

  it('a set of another element type, a non-set after IN, and ordering sets are one finding each', async () => {
    expect(await findings("  d := ['a']", '  b := c IN d', '  b := c IN c', '  b := d < d', '  d := d + l')).toEqual([
      "8:8 type-mismatch: Cannot assign SET OF CHAR to 'd', which is Digits.",
      '9:8 type-mismatch: The set holds 0..9, not CHAR: the left side is CHAR, the right side Digits.',
      '10:8 type-mismatch: IN needs a set on its right: the left side is CHAR, the right side CHAR.',
      "11:8 type-mismatch: Sets cannot be compared with '<': the left side is Digits, the right side Digits.",
      "12:8 type-mismatch: Cannot apply '+' to these: the left side is Digits, the right side Letters.",
    ]);
  });

  it("a literal's elements share one ordinal type", async () => {
    expect(await findings("  d := [1, 'a']", '  d := [1.5]')).toEqual([
      "8:12 type-mismatch: This element is CHAR, but the set's first is INTEGER.",
      "9:9 type-mismatch: A set's elements must be INTEGER, CHAR or BOOLEAN, but this is REAL.",
    ]);
  });

  it('SET is checked as a word: another is one finding, with the fix', async () => {
    const text = PROGRAM('  b := i IN d').replace('Digits = SET OF', 'Digits = SETT OF');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "2:15 undefined-name: 'SETT' is not a type constructor; a set type is SET OF.",
    ]);
  });

  it('C generation translates them (test/fixtures/codegen checks the output against Free Pascal)', async () => {
    const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), PROGRAM('  b := i IN d'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(code).toContain('pc_set_in(');
  });
});
