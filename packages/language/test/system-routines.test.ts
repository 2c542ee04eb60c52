import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, parseLanguageConfig, type LanguageSymbol } from '@parsercraft/language';
import { analyzeWith, at, brief } from './helpers.js';
import { configPath } from './fixtures.js';

const program = (vars: string, body: string): string => `PROGRAM P;\nVAR ${vars}\nBEGIN\n${body}\nEND.`;

describe("Free Pascal's System routines in the keywords layout", () => {
  it("are predeclared in Free Pascal's spelling and in lower, upper and capitalised case, each keyed by its lower-case name", async () => {
    const text = program(
      'i: INTEGER; c: CHAR; s: STRING; a: ARRAY [1..3] OF INTEGER;',
      [
        "  c := Chr(66); i := ORD('A'); i := succ(i); i := Pred(i); Inc(i); dec(i, 2);",
        "  IF Odd(i) THEN i := Sqr(i); c := UpCase(c); s := Copy('abc', 2, 1); i := Pos('b', s);",
        "  Insert('x', s, 1); Delete(s, 1, 1); s := Concat(s, 'y', 'z'); i := Low(a) + High(a);",
        '  i := Length(a); Str(i, s); s := IntToStr(i); WriteLn(s, c); Halt(0); Exit',
      ].join('\n'),
    );
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([]);
    const keys = new Set<string | undefined>();
    for (const s of analysis.symbols.languageSymbols) if (s.system) keys.add(s.builtin?.key);
    expect([...keys].sort()).toEqual(
      [
        'concat',
        'chr',
        'copy',
        'dec',
        'delete',
        'exit',
        'halt',
        'high',
        'inc',
        'insert',
        'low',
        'odd',
        'ord',
        'pos',
        'pred',
        'sqr',
        'str',
        'succ',
        'upcase',
      ].sort(),
    );
    const inc = analysis.symbols.symbolAt(at(text, 'Inc('));
    expect(inc).toMatchObject({ name: 'Inc', kind: 'builtin-function', system: true, builtin: { key: 'inc' } });
    expect(analysis.symbols.symbolAt(at(text, 'ORD'))?.builtin?.key).toBe('ord');
    expect(analysis.symbols.symbolAt(at(text, 'succ'))?.builtin?.key).toBe('succ');
  });

  it("a config function of the same name in any case wins: pascal_like's Length and IntToStr stay the config's", async () => {
    const text = program('s: STRING;', '  s := IntToStr(Length(s)); WriteLn(s)');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    const length = analysis.symbols.symbolAt(at(text, 'Length'));
    expect(length).toMatchObject({ name: 'Length', builtin: { key: 'len' } });
    expect(length?.system).toBeUndefined();
    expect(analysis.symbols.symbolAt(at(text, 'IntToStr'))?.builtin?.key).toBe('str');
    const named = (name: string): LanguageSymbol[] =>
      analysis.symbols.languageSymbols.filter((s) => s.name.toLowerCase() === name);
    expect(named('length')).toHaveLength(1);
    expect(named('inttostr')).toHaveLength(1);
  });

  it('in a case-insensitive config, any spelling names the one routine, and a config function in any case wins', () => {
    const yaml = readFileSync(configPath('pascal_like.yaml'), 'utf8').replace(
      'syntax:\n',
      'syntax:\n  case_sensitive: false\n',
    );
    const { spec } = parseLanguageConfig(yaml);
    expect(spec.lexical.caseSensitive).toBe(false);
    const text = program('i: INTEGER; s: STRING;', "  i := oRd('a'); INC(i); s := inttostr(LENGTH(s)); writeln(i, s)");
    const analysis = analyze(spec, text);
    expect(brief(analysis.diagnostics)).toEqual([]);
    expect(analysis.symbols.symbolAt(at(text, 'oRd'))).toMatchObject({ name: 'Ord', builtin: { key: 'ord' } });
    expect(analysis.symbols.symbolAt(at(text, 'INC'))).toMatchObject({ name: 'Inc', builtin: { key: 'inc' } });
    expect(analysis.symbols.symbolAt(at(text, 'LENGTH'))?.builtin?.key).toBe('len');
    expect(analysis.symbols.languageSymbols.filter((s) => s.builtin?.key === 'ord')).toHaveLength(1);
  });

  it('a user declaration shadows one, with no duplicate-declaration', async () => {
    const text = [
      'PROGRAM P;',
      'VAR Pos: INTEGER;',
      'FUNCTION Ord(x: STRING): STRING;',
      'BEGIN Ord := x END;',
      'BEGIN',
      "  Pos := 1; WriteLn(Ord('ab'), Pos)",
      'END.',
    ].join('\n');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([]);
    expect(analysis.symbols.symbolAt(at(text, "Ord('ab')"))?.kind).toBe('function');
    expect(analysis.symbols.symbolAt(at(text, 'Pos :='))?.kind).toBe('variable');
  });

  it('are not predeclared in other layouts', async () => {
    const py = await analyzeWith('python_like.yaml', 'x = 1\nprint(Ord(x))\n');
    expect(brief(py.diagnostics)).toEqual([
      "2:7 undefined-name: 'Ord' is not a declared function, procedure or array.",
    ]);
  });

  it('hover like configured functions, with their signature and where they come from', async () => {
    const text = program('i: INTEGER;', '  Inc(i); WriteLn(i)');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    const hover = analysis.symbols.hover(at(text, 'Inc'))?.markdown;
    expect(hover).toBe(
      [
        '```\n(built-in function) Inc(VAR x: ordinal [; n: INTEGER])\n```',
        'Adds 1, or n, to an ordinal variable.',
        "Predeclared, as in Free Pascal's System unit (`inc`).",
      ].join('\n\n'),
    );
  });
});
