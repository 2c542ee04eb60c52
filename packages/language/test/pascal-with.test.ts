import { describe, expect, it } from 'vitest';
import type { SyntaxNode } from '@parsercraft/language';
import { analyzeWith, at, brief } from './helpers.js';

const PROGRAM = (...body: string[]): string =>
  [
    'PROGRAM P;',
    'TYPE Point = RECORD x, y: INTEGER END;',
    '     Shape = RECORD origin: Point; name: STRING END;',
    'VAR p: Point; s: Shape; x: REAL; i: INTEGER;',
    '    pts: ARRAY [1..3] OF Point;',
    'BEGIN',
    '  x := 1.5; i := 0;',
    ...body.map((line) => `${line};`),
    '  WriteLn(x, i, p.x, s.name, pts[1].y)',
    'END.',
  ].join('\n');

describe('WITH r DO', () => {
  it('parses as WithStatement: the records, then the statement', async () => {
    const text = PROGRAM('  WITH s, origin DO x := 1');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    const block = analysis.tree.children.find((c) => c.type === 'Block') as SyntaxNode;
    const withStatement = block.children.find((c) => c.type === 'WithStatement');
    expect(withStatement?.children.map((c) => `${c.type} ${text.slice(c.from, c.to)}`)).toEqual([
      'Identifier s',
      'Identifier origin',
      'Assignment x := 1',
    ]);
  });

  it("inside, a field name is r's field, typed as it; the later record's fields hide the earlier's", async () => {
    const text = PROGRAM(
      '  WITH p DO\n  BEGIN\n    x := 1;\n    y := x + 2\n  END',
      "  WITH s, origin DO\n  BEGIN\n    name := 'a';\n    x := y\n  END",
      '  WITH pts[2] DO y := 4',
    );
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([]);
    // Outside WITH, x is the REAL variable again: hover and definition say which x is meant.
    const insideX = at(text, 'x := 1;');
    expect(analysis.symbols.definition(insideX)?.start).toEqual(at(text, 'x, y: INTEGER'));
    expect(analysis.symbols.hover(insideX)?.markdown).toContain('INTEGER');
    expect(analysis.symbols.definition(at(text, 'x := y'))?.start).toEqual(at(text, 'x, y: INTEGER'));
    expect(analysis.symbols.definition(at(text, 'x := 1.5'))?.start).toEqual(at(text, 'x: REAL'));
    expect(analysis.symbols.definition(at(text, "name := 'a'"))?.start).toEqual(at(text, 'name: STRING'));
  });

  it('a field takes only values of its type, and a name that is no field is undefined, once', async () => {
    const text = PROGRAM("  WITH p DO x := 'a'", '  WITH p DO z := 1');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "8:18 type-mismatch: Cannot assign CHAR to 'x', which is INTEGER.",
      "9:13 undefined-name: 'z' is not declared.",
    ]);
  });

  it('what WITH opens must be a record', async () => {
    const text = PROGRAM('  WITH i DO i := 2');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "8:8 type-mismatch: WITH needs a record, but 'i' is INTEGER.",
    ]);
  });
});
