import { describe, expect, it } from 'vitest';
import { generateC, type SyntaxNode } from '@parsercraft/language';
import { analyzeWith, brief, spec } from './helpers.js';

const PROGRAM = (body: string): string =>
  [
    'PROGRAM P;',
    'VAR x: REAL; i, w: INTEGER; s: STRING;',
    'PROCEDURE Q(a: INTEGER);',
    'BEGIN',
    '  WriteLn(a)',
    'END;',
    'BEGIN',
    "  x := 1.5; i := 3; w := 4; s := 'ab';",
    body,
    'END.',
  ].join('\n');

function nodesOf(tree: SyntaxNode, type: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === type) found.push(node);
    stack.push(...node.children);
  }
  return found.sort((a, b) => a.from - b.from);
}

describe('Write and WriteLn arguments with a width and a precision', () => {
  it('parse as FormattedArg: the value, the width, then the precision when given', async () => {
    const text = PROGRAM('  WriteLn(x:8:3, i:w + 1, s:10, i)');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([]);
    const formatted = nodesOf(analysis.tree, 'FormattedArg').map((n) =>
      n.children.map((c) => `${c.type} ${text.slice(c.from, c.to)}`),
    );
    expect(formatted).toEqual([
      ['Identifier x', 'Number 8', 'Number 3'],
      ['Identifier i', 'BinaryExpr w + 1'],
      ['Identifier s', 'Number 10'],
    ]);
    const argList = nodesOf(analysis.tree, 'ArgList').at(-1);
    expect(argList?.children.map((c) => c.type)).toEqual([
      'FormattedArg',
      'FormattedArg',
      'FormattedArg',
      'Identifier',
    ]);
  });

  it('a name in a width is a use of it, for unused-variable and for references', async () => {
    const text = PROGRAM('  Write(i:w)');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      "2:5 unused-variable: 'x' is assigned but its value is never read.",
      "2:29 unused-variable: 's' is assigned but its value is never read.",
    ]);
    const w = text.lastIndexOf('w)');
    expect(analysis.symbols.definition({ line: 8, character: w - text.lastIndexOf('\n', w) - 1 })).toBeDefined();
  });

  it('widths and precisions must be INTEGER, and the value is typed as without them', async () => {
    const text = PROGRAM("  WriteLn(x:2.5, i:'a', s:w);\n  s := s:w");
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      '9:13 type-mismatch: A width or precision must be INTEGER, but this is REAL.',
      '9:20 type-mismatch: A width or precision must be INTEGER, but this is CHAR.',
    ]);
    // Outside an argument list a width is not Pascal at all.
    expect(brief(analysis.diagnostics, 'parsercraft-syntax')).toHaveLength(1);
  });

  it('anywhere but a Write or WriteLn call they are misplaced-format, once per argument, and nothing else', async () => {
    const text = PROGRAM('  Q(i:3);\n  i := Length(s:2);\n  WriteLn(i, x, w)');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      '9:5 misplaced-format: A width or precision (`x:8:2`) can only be given to Write and WriteLn.',
      '10:15 misplaced-format: A width or precision (`x:8:2`) can only be given to Write and WriteLn.',
    ]);
  });

  it('C generation pads to them (test/fixtures/codegen checks the output against Free Pascal)', async () => {
    const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), PROGRAM('  WriteLn(i:w, x, s)'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(code).toContain('printf("%*ld", pc_width(w), (long)(i));');
  });
});
