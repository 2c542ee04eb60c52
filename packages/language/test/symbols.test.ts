import { describe, expect, it } from 'vitest';
import type { DocumentSymbol } from '@parsercraft/language';
import { analyzeWith, at } from './helpers.js';
import { program } from './fixtures.js';

/** The outline as `kind name` lines, indented by depth. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.kind} ${s.name}`, ...outline(s.children, depth + 1)]);
}

const ROUTINES = `PROGRAM Shapes;
CONST Sides = 4;
TYPE Point = RECORD x, y: INTEGER END;
VAR total: INTEGER; origin: Point;

FUNCTION Area(width, height: INTEGER): INTEGER;
VAR total: INTEGER;
BEGIN
  total := width * height;
  Area := total;
END;

PROCEDURE Report(VAR value: INTEGER);
BEGIN
  WriteLn('value = ', value);
END;

BEGIN
  origin.x := 0;
  total := Area(Sides, 3) + origin.x;
  Report(total);
END.
`;

describe('scopes and symbols of a Pascal program', () => {
  it('the outline nests locals in their routine and fields in their record', async () => {
    const { symbols } = await analyzeWith('pascal_like.yaml', ROUTINES);
    expect(outline(symbols.documentSymbols())).toEqual([
      'program Shapes',
      '  constant Sides',
      '  type Point',
      '    field x',
      '    field y',
      '  variable total',
      '  variable origin',
      '  function Area',
      '    variable total',
      '  procedure Report',
    ]);
    const area = symbols.documentSymbols()[0]?.children.find((s) => s.name === 'Area');
    expect(area?.detail).toBe('FUNCTION Area(width, height: INTEGER): INTEGER');
    expect(area?.range.start.line).toBe(5);
    expect(area?.range.end.line).toBe(10);
    expect(area?.selectionRange).toEqual({ start: { line: 5, character: 9 }, end: { line: 5, character: 13 } });
  });

  it('a local shadows the global of the same name; each has its own references', async () => {
    const { symbols } = await analyzeWith('pascal_like.yaml', ROUTINES);
    const localUse = at(ROUTINES, 'total := width');
    const globalUse = at(ROUTINES, 'total := Area');
    expect(symbols.definition(localUse)).toEqual({ start: { line: 6, character: 4 }, end: { line: 6, character: 9 } });
    expect(symbols.definition(globalUse)).toEqual({ start: { line: 3, character: 4 }, end: { line: 3, character: 9 } });
    expect(symbols.references(localUse).map((r) => [r.range.start.line, r.role])).toEqual([
      [6, 'declaration'],
      [8, 'write'],
      [9, 'read'],
    ]);
    expect(symbols.references(globalUse).map((r) => [r.range.start.line, r.role])).toEqual([
      [3, 'declaration'],
      [19, 'write'],
      [20, 'read'],
    ]);
    expect(symbols.references(globalUse, false)).toHaveLength(2);
  });

  it('parameters, constants, routines and record fields resolve from their uses', async () => {
    const { symbols } = await analyzeWith('pascal_like.yaml', ROUTINES);
    expect(symbols.symbolAt(at(ROUTINES, 'width *'))).toMatchObject({ kind: 'parameter', name: 'width' });
    expect(symbols.symbolAt(at(ROUTINES, 'Sides, 3'))).toMatchObject({ kind: 'constant', name: 'Sides' });
    expect(symbols.symbolAt(at(ROUTINES, 'Report(total)'))).toMatchObject({ kind: 'procedure', name: 'Report' });
    expect(symbols.symbolAt(at(ROUTINES, 'value)'))).toMatchObject({ kind: 'parameter', byReference: true });
    expect(symbols.symbolAt(at(ROUTINES, 'x := 0'))).toMatchObject({ kind: 'field', name: 'x' });
    expect(symbols.definition(at(ROUTINES, 'origin.x', 1, 7))).toEqual({
      start: { line: 2, character: 20 },
      end: { line: 2, character: 21 },
    });
    // `Area := total` assigns the function's result: it names the function.
    expect(symbols.symbolAt(at(ROUTINES, 'Area := total'))).toMatchObject({ kind: 'function', name: 'Area' });
    expect(symbols.definition(at(ROUTINES, 'WriteLn'))).toBeUndefined();
  });

  it('hovers show the declaration, its type and line, and the config descriptions', async () => {
    const { symbols } = await analyzeWith('pascal_like.yaml', ROUTINES);
    expect(symbols.hover(at(ROUTINES, 'total := width'))?.markdown).toBe(
      "```\n(variable) total: INTEGER\n```\n\nDeclared on line 7 in function 'Area'.",
    );
    expect(symbols.hover(at(ROUTINES, 'Area(Sides'))?.markdown).toBe(
      '```\nFUNCTION Area(width, height: INTEGER): INTEGER\n```\n\nDeclared on line 6.',
    );
    expect(symbols.hover(at(ROUTINES, 'value)'))?.markdown).toBe(
      "```\n(parameter) VAR value: INTEGER\n```\n\nDeclared on line 13 in procedure 'Report'.",
    );
    expect(symbols.hover(at(ROUTINES, 'Sides, 3'))?.markdown).toBe(
      '```\n(constant) Sides = 4\n```\n\nDeclared on line 2.',
    );
    expect(symbols.hover(at(ROUTINES, 'WriteLn'))?.markdown).toBe(
      '```\n(built-in function) WriteLn\n```\n\nWrite line to output\n\nTakes 0 or more arguments. Configured in the language config as `print`.',
    );
    const hover = symbols.hover(at(ROUTINES, 'PROCEDURE', 0, 3));
    expect(hover?.markdown).toBe('```\n(keyword) PROCEDURE\n```\n\nStands for `procedure`.');
    expect(hover?.range).toEqual({ start: { line: 12, character: 0 }, end: { line: 12, character: 9 } });
    // Inside a string there is nothing to explain.
    expect(symbols.hover(at(ROUTINES, "value = '", 0, 2))).toBeUndefined();
  });

  it("sort.pas: ParserCraft's own sample resolves every name", async () => {
    const text = program('pascal/sort.pas');
    const { symbols } = await analyzeWith('pascal_like.yaml', text);
    expect(outline(symbols.documentSymbols())).toEqual([
      'program Sorting',
      '  constant N',
      '  variable data',
      '  variable i',
      '  variable j',
      '  variable temp',
      '  variable swaps',
    ]);
    expect(symbols.references(at(text, 'swaps :=')).length).toBe(5);
    expect(symbols.hover(at(text, 'data[1]'))?.markdown).toBe(
      '```\n(variable) data: ARRAY [1..N] OF INTEGER\n```\n\nDeclared on line 11.',
    );
    // N in the array bounds is a use of the constant.
    expect(symbols.definition(at(text, 'N] OF'))).toEqual({
      start: { line: 7, character: 2 },
      end: { line: 7, character: 3 },
    });
    expect(symbols.hover(at(text, '(* Initialise', 0, 4))).toBeUndefined();
  });
});

describe('other layouts', () => {
  const PY = 'limit = 3\ndef grow(n):\n    total = n * limit\n    return total\n\ntotal = grow(2)\nprint(total)\n';

  it('python_like: assignment declares, in the function for locals and at the top for globals', async () => {
    const { symbols } = await analyzeWith('python_like.yaml', PY);
    expect(outline(symbols.documentSymbols())).toEqual([
      'variable limit',
      'function grow',
      '  variable total',
      'variable total',
    ]);
    expect(symbols.definition(at(PY, 'total\n\n'))?.start.line).toBe(2);
    expect(symbols.definition(at(PY, 'total)'))?.start.line).toBe(5);
    expect(symbols.definition(at(PY, 'limit\n'))?.start.line).toBe(0);
    expect(symbols.hover(at(PY, 'grow(2)'))?.markdown).toBe('```\ndef grow(n)\n```\n\nDeclared on line 2.');
    expect(symbols.hover(at(PY, 'limit = 3'))?.markdown).toBe(
      '```\n(variable) limit\n```\n\nFirst assigned on line 1.',
    );
  });

  it('gw_basic: line numbers are labels, GOSUB finds them, only jump targets are in the outline', async () => {
    const text = '10 INPUT N\n20 GOSUB 100\n30 PRINT N$\n40 GOTO 200\n100 N = N * 2\n110 RETURN\n200 PRINT N\n';
    const { symbols } = await analyzeWith('gw_basic.yaml', text);
    expect(outline(symbols.documentSymbols())).toEqual(['variable N', 'variable N$', 'label 100', 'label 200']);
    expect(symbols.definition(at(text, '100\n'))).toEqual({
      start: { line: 4, character: 0 },
      end: { line: 4, character: 3 },
    });
    expect(symbols.references(at(text, '200\n')).map((r) => r.range.start.line)).toEqual([3, 6]);
    expect(symbols.hover(at(text, 'N * 2'))?.markdown).toBe(
      '```\n(variable) N: number\n```\n\nFirst assigned on line 1.',
    );
    expect(symbols.hover(at(text, 'N$'))?.markdown).toBe(
      '```\n(variable) N$: STRING\n```\n\nFirst used on line 3; never assigned.',
    );
    expect(symbols.hover(at(text, 'GOSUB'))?.markdown).toBe(
      '```\n(keyword) GOSUB\n```\n\nSubroutine call\n\nStands for `call`.',
    );
  });

  it("timewarp_templecode: names in a config's own grammar (LET, FOR, ASK, PROGRAM)", async () => {
    const text = program('templecode/star_academy.ret');
    const { symbols } = await analyzeWith('timewarp_templecode.yaml', text);
    const [main] = symbols.documentSymbols();
    expect(main?.name).toBe('StarAcademy');
    expect(main?.children.map((c) => c.name)).toEqual([
      'title',
      'score',
      'total',
      'answer1',
      'answer2',
      'answer3',
      'dist',
      'i',
      'done',
    ]);
    expect(symbols.definition(at(text, 'score + 1'))?.start.line).toBe(16);
    expect(symbols.references(at(text, 'answer1 = 90')).map((r) => r.role)).toEqual(['declaration', 'read']);
    // FORWARD is a literal of the grammar, and a function the config describes.
    expect(symbols.hover(at(text, 'FORWARD dist'))?.markdown).toContain('Move turtle forward N pixels');
    expect(symbols.hover(at(text, 'REM  A teaching', 0, 6))).toBeUndefined();
  });
});
