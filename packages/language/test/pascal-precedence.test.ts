import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '@parsercraft/language';
import { analyzeWith, brief } from './helpers.js';

/** An expression as nested parentheses by how the tree groups it: `(a > ((0 AND b) > 0))`. */
function grouped(text: string, n: SyntaxNode): string {
  if (n.type !== 'BinaryExpr' || n.children.length !== 2) return text.slice(n.from, n.to);
  const [l, r] = n.children as [SyntaxNode, SyntaxNode];
  return `(${grouped(text, l)} ${text.slice(l.to, r.from).trim()} ${grouped(text, r)})`;
}

/** The value of the `n`th assignment's right side in the program's tree. */
function assignedValue(tree: SyntaxNode, nth: number): SyntaxNode | undefined {
  const found: SyntaxNode[] = [];
  const stack = [tree];
  while (stack.length > 0 && found.length <= nth) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'Assignment' && node.children[1]) found.push(node.children[1]);
    else stack.push(...[...node.children].reverse());
  }
  return found[nth];
}

const PROGRAM = (body: string): string =>
  `PROGRAM P;\nVAR a, b: INTEGER; p, q, r: BOOLEAN;\nBEGIN\n  a := 1; b := 2; p := TRUE; q := FALSE; r := p;\n${body}\nEND.`;

describe("Pascal's precedence in the keywords layout", () => {
  it.each([
    ['p AND q = r', '((p AND q) = r)'],
    ['p OR q AND r', '(p OR (q AND r))'],
    ['a * b AND a + b OR a', '((((a * b) AND a) + b) OR a)'],
    ['a < b OR p', '(a < (b OR p))'],
    ['NOT p AND q', '(NOT p AND q)'],
  ])('%s groups as %s', async (expression, expected) => {
    const text = PROGRAM(`  r := ${expression}`);
    const analysis = await analyzeWith('pascal_like.yaml', text);
    const value = assignedValue(analysis.tree, 5);
    expect(value && grouped(text, value)).toBe(expected);
  });

  it('`IF a > 0 AND b > 0` compares a BOOLEAN with 0, one finding, as Free Pascal refuses it', async () => {
    const text = PROGRAM('  IF a > 0 AND b > 0 THEN WriteLn(r);\n  IF (a > 0) AND (b > 0) THEN WriteLn(q)');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "5:6 type-mismatch: Cannot compare these with '>': the left side is BOOLEAN, the right side INTEGER.",
    ]);
  });

  it('AND, OR and NOT of INTEGERs are bitwise and INTEGER; mixing them with BOOLEANs is one finding', async () => {
    const text = PROGRAM('  a := a AND b OR NOT 3;\n  p := a AND b;\n  a := a OR p;\n  WriteLn(q, r)');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "6:8 type-mismatch: Cannot assign INTEGER to 'p', which is BOOLEAN.",
      '7:8 type-mismatch: OR needs two BOOLEAN or two INTEGER operands: the left side is INTEGER, the right side BOOLEAN.',
    ]);
  });

  it('other layouts keep AND and OR below the comparisons', async () => {
    const text = '10 LET A = 1\n20 LET B = 2\n30 IF A > 0 AND B > 0 THEN PRINT A\n';
    expect(brief((await analyzeWith('basic_like.yaml', text)).diagnostics)).toEqual([]);
  });
});
