import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '@parsercraft/language';
import { analyzeWith, brief } from './helpers.js';

const PROGRAM = (body: string): string =>
  [
    'PROGRAM P;',
    'CONST Top = 9;',
    'VAR i, j: INTEGER; c: CHAR;',
    'BEGIN',
    "  i := 3; j := 4; c := 'x';",
    body,
    'END.',
  ].join('\n');

const findings = async (body: string): Promise<string[]> =>
  brief((await analyzeWith('pascal_like.yaml', PROGRAM(body))).diagnostics);

function armsOf(tree: SyntaxNode, text: string): string[][] {
  const arms: SyntaxNode[] = [];
  const stack = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'CaseArm') arms.push(node);
    else stack.push(...node.children);
  }
  return arms
    .sort((a, b) => a.from - b.from)
    .map((arm) => arm.children.slice(0, -1).map((c) => `${c.type} ${text.slice(c.from, c.to)}`));
}

describe('CASE labels', () => {
  it('are lists of constants and ranges, each range a CaseRange of its two bounds', async () => {
    const text = PROGRAM(
      "  CASE i OF\n    1..5, 7: WriteLn('small');\n    Top, Top + 1..20: WriteLn('big')\n  ELSE WriteLn('other')\n  END",
    );
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      "3:8 unused-variable: 'j' is assigned but its value is never read.",
      "3:20 unused-variable: 'c' is assigned but its value is never read.",
    ]);
    expect(armsOf(analysis.tree, text)).toEqual([
      ['CaseRange 1..5', 'Number 7'],
      ['Identifier Top', 'CaseRange Top + 1..20'],
    ]);
  });

  it('a CHAR selector takes CHAR labels and ranges of them', async () => {
    const body = "  CASE c OF\n    'a'..'z': WriteLn(i);\n    '0'..'9', '_': WriteLn(j)\n  END";
    expect(await findings(body)).toEqual([]);
  });

  it("a label of another type than the selector's is one finding, a range's bound too", async () => {
    const body = "  CASE c OF\n    1: WriteLn(i);\n    'ab': WriteLn(j);\n    'a'..5: WriteLn(c)\n  END";
    expect(await findings(body)).toEqual([
      '7:5 type-mismatch: This CASE label is INTEGER, but the selector is CHAR.',
      '8:5 type-mismatch: This CASE label is STRING, but the selector is CHAR.',
      '9:10 type-mismatch: This CASE label is INTEGER, but the selector is CHAR.',
    ]);
  });

  it('a label that is not a constant is not-constant; constants, their sums and Ord-like calls are', async () => {
    const body =
      "  CASE i OF\n    j: WriteLn(c);\n    1..j: WriteLn(c);\n    -Top, Top * 2, Length('abc'): WriteLn(c)\n  END";
    expect(await findings(body)).toEqual([
      "7:5 not-constant: A CASE label must be a constant, but 'j' is not.",
      "8:8 not-constant: A CASE label must be a constant, but 'j' is not.",
    ]);
  });
});
