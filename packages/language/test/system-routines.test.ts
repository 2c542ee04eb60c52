import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, parseLanguageConfig, type LanguageSymbol } from '@parsercraft/language';
import { analyzeWith, at, brief } from './helpers.js';
import { configPath } from './fixtures.js';

const pascal = (text: string): Promise<string[]> =>
  analyzeWith('pascal_like.yaml', text).then((r) => brief(r.diagnostics));

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

describe('System routines are type-checked', () => {
  // The programs below declare more variables than each uses.
  const typeFindings = (text: string): Promise<string[]> =>
    pascal(text).then((found) => found.filter((f) => !f.includes(' unused-variable: ')));
  const vars =
    "i: INTEGER; r: REAL; c: CHAR; s: STRING; b: BOOLEAN; a: ARRAY [1..3] OF INTEGER; k: ARRAY ['a'..'z'] OF BOOLEAN;";

  it('results: Ord gives INTEGER, Chr CHAR, Succ and Pred keep the type, Copy STRING, Pos INTEGER, Odd BOOLEAN', async () => {
    const body = [
      "  s := Ord('A');",
      '  i := Chr(66);',
      "  i := Succ('a');",
      '  c := Pred(i);',
      '  i := Copy(s, 1, 2);',
      "  s := Pos('a', s);",
      '  i := Odd(i);',
      '  c := UpCase(c); s := UpCase(s); c := UpCase(s);',
      '  i := Sqr(i); r := Sqr(r); i := Sqr(r);',
      "  s := Concat(s, c, 'x'); i := Concat(s);",
      '  s := IntToStr(i); i := Length(a) + Length(s)',
    ].join('\n');
    expect(await typeFindings(program(vars, body))).toEqual([
      "4:8 type-mismatch: Cannot assign INTEGER to 's', which is STRING.",
      "5:8 type-mismatch: Cannot assign CHAR to 'i', which is INTEGER.",
      "6:8 type-mismatch: Cannot assign CHAR to 'i', which is INTEGER.",
      "7:8 type-mismatch: Cannot assign INTEGER to 'c', which is CHAR.",
      "8:8 type-mismatch: Cannot assign STRING to 'i', which is INTEGER.",
      "9:8 type-mismatch: Cannot assign INTEGER to 's', which is STRING.",
      "10:8 type-mismatch: Cannot assign BOOLEAN to 'i', which is INTEGER.",
      "11:40 type-mismatch: Cannot assign STRING to 'c', which is CHAR.",
      "12:34 type-mismatch: Cannot assign REAL to 'i', which is INTEGER.",
      "13:32 type-mismatch: Cannot assign STRING to 'i', which is INTEGER.",
    ]);
  });

  it('arguments: ordinals, integers and strings where Free Pascal wants them', async () => {
    const body = [
      '  i := Ord(r);',
      "  c := Chr('a');",
      '  r := Succ(r);',
      '  b := Odd(c);',
      '  i := Sqr(c);',
      '  c := UpCase(i);',
      "  s := Copy(i, 1, 2); s := Copy(s, 'x');",
      // Free Pascal takes Pos of a number.
      '  i := Pos(1, s);',
      '  s := Concat(s, 1);',
      '  Halt(r);',
      '  i := Length(i)',
    ].join('\n');
    expect(await typeFindings(program(vars, body))).toEqual([
      "4:12 type-mismatch: Argument 1 of 'Ord' is REAL, but it must be an ordinal value (INTEGER, CHAR or BOOLEAN).",
      "5:12 type-mismatch: Argument 1 of 'Chr' is CHAR, but it must be INTEGER.",
      "6:13 type-mismatch: Argument 1 of 'Succ' is REAL, but it must be an ordinal value (INTEGER, CHAR or BOOLEAN).",
      "7:12 type-mismatch: Argument 1 of 'Odd' is CHAR, but it must be INTEGER.",
      "8:12 type-mismatch: Argument 1 of 'Sqr' is CHAR, but it must be INTEGER or REAL.",
      "9:15 type-mismatch: Argument 1 of 'UpCase' is INTEGER, but it must be CHAR or STRING.",
      "10:13 type-mismatch: Argument 1 of 'Copy' is INTEGER, but it must be STRING.",
      "10:36 type-mismatch: Argument 2 of 'Copy' is CHAR, but it must be INTEGER.",
      "12:18 type-mismatch: Argument 2 of 'Concat' is INTEGER, but it must be STRING.",
      "13:8 type-mismatch: Argument 1 of 'Halt' is REAL, but it must be INTEGER.",
      "14:15 type-mismatch: Argument 1 of 'Length' is INTEGER, but it must be a STRING or an array.",
    ]);
  });

  it('argument counts come from each routine: Copy 2 or 3, Inc 1 or 2, Concat at least 1', async () => {
    const body = ['  s := Copy(s);', '  Inc(i, 1, 2);', '  s := Concat;', '  i := Ord'].join('\n');
    expect(await typeFindings(program(vars, body))).toEqual([
      "4:12 wrong-argument-count: 'Copy' takes 2 to 3 arguments, but 1 was given.",
      "5:6 wrong-argument-count: 'Inc' takes 1 to 2 arguments, but 3 were given.",
      "6:8 wrong-argument-count: 'Concat' takes at least 1 argument, but none was given.",
      "7:8 wrong-argument-count: 'Ord' takes 1 argument, but none was given.",
    ]);
  });

  it('Inc, Dec, Insert, Delete and Str store into a variable: not-assignable otherwise', async () => {
    const text = [
      'PROGRAM P;',
      'CONST Max = 3;',
      'VAR i: INTEGER; r: REAL; c: CHAR; s: STRING; a: ARRAY [1..3] OF INTEGER;',
      'BEGIN',
      '  Inc(i); Dec(c, 2); Inc(a[1]); Inc(s[1]);',
      '  Inc(5); Dec(Max); Inc(i + 1);',
      '  Inc(r); Dec(i, r);',
      "  Insert('x', s, 1); Insert('x', 'abc', 1); Insert('x', c, 1);",
      "  Delete(s, 1, 1); Delete('abc', 1, 1); Delete(s, c, 1);",
      "  Str(i, s); Str(r, s); Str(i, 'x'); Str(c, s); Str(i, i)",
      'END.',
    ].join('\n');
    expect(await typeFindings(text)).toEqual([
      "6:7 not-assignable: Argument 1 of 'Inc' must be a variable: it is stored into.",
      "6:15 not-assignable: Argument 1 of 'Dec' must be a variable: it is stored into.",
      "6:25 not-assignable: Argument 1 of 'Inc' must be a variable: it is stored into.",
      "7:7 type-mismatch: Argument 1 of 'Inc' is REAL, but it must be an ordinal variable (INTEGER, CHAR or BOOLEAN).",
      "7:18 type-mismatch: Argument 2 of 'Dec' is REAL, but it must be INTEGER.",
      "8:34 not-assignable: Argument 2 of 'Insert' must be a variable: it is stored into.",
      "8:57 type-mismatch: Argument 2 of 'Insert' is CHAR, but it must be a STRING variable.",
      "9:27 not-assignable: Argument 1 of 'Delete' must be a variable: it is stored into.",
      "9:51 type-mismatch: Argument 2 of 'Delete' is CHAR, but it must be INTEGER.",
      "10:32 not-assignable: Argument 2 of 'Str' must be a variable: it is stored into.",
      "10:42 type-mismatch: Argument 1 of 'Str' is CHAR, but it must be INTEGER or REAL.",
      "10:56 type-mismatch: Argument 2 of 'Str' is INTEGER, but it must be a STRING variable.",
    ]);
  });

  it('Low and High: of an array its index type, of a string INTEGER, of an ordinal type or value that type', async () => {
    const text = [
      'PROGRAM P;',
      'TYPE Digits = ARRAY [0..9] OF CHAR;',
      'VAR i: INTEGER; r: REAL; c: CHAR; s: STRING; b: BOOLEAN; a: ARRAY [1..3] OF INTEGER;',
      "  k: ARRAY ['a'..'z'] OF BOOLEAN; d: Digits;",
      'BEGIN',
      '  i := Low(a) + High(a) + High(s) + Low(Digits) + High(d) + High(INTEGER) + Low(i);',
      '  c := High(k); b := Low(BOOLEAN); c := High(CHAR);',
      '  i := High(k); i := Low(CHAR);',
      '  i := High(r); i := Low(REAL)',
      'END.',
    ].join('\n');
    expect(await typeFindings(text)).toEqual([
      "8:8 type-mismatch: Cannot assign CHAR to 'i', which is INTEGER.",
      "8:22 type-mismatch: Cannot assign CHAR to 'i', which is INTEGER.",
      "9:13 type-mismatch: Argument 1 of 'High' is REAL, but it must be an array, a STRING or an ordinal type or value.",
      "9:26 type-mismatch: Argument 1 of 'Low' is REAL, but it must be an array, a STRING or an ordinal type or value.",
    ]);
  });

  it('Exit takes a value only in a function, of its result type', async () => {
    const text = [
      'PROGRAM P;',
      'FUNCTION F(n: INTEGER): INTEGER;',
      'BEGIN',
      "  IF n < 0 THEN Exit(0); IF n = 0 THEN Exit('zero'); Exit; F := n",
      'END;',
      'PROCEDURE Q;',
      'BEGIN',
      '  Exit; Exit(1)',
      'END;',
      'BEGIN',
      '  WriteLn(F(1)); Q; Exit(2); Exit',
      'END.',
    ].join('\n');
    expect(await typeFindings(text)).toEqual([
      "4:45 type-mismatch: 'Exit' gives 'F' the result STRING, but 'F' returns INTEGER.",
      "8:14 wrong-argument-count: 'Exit' takes a value only inside a function; 'Q' is a procedure, so it takes none here.",
      "11:26 wrong-argument-count: 'Exit' takes a value only inside a function; this is the main program, so it takes none here.",
    ]);
  });
});

describe("a function's Result (Delphi mode)", () => {
  it('is an implicit variable of the result type inside a function and the routines nested in it', async () => {
    const text = [
      'PROGRAM P;',
      'FUNCTION Twice(n: INTEGER): INTEGER;',
      '  PROCEDURE Add; BEGIN Result := Result + n END;',
      'BEGIN',
      '  Result := n; Add;',
      "  Result := 'two'",
      'END;',
      'FUNCTION Name: STRING;',
      "BEGIN Result := 'x'; Result := Result + Name END;",
      'BEGIN',
      '  WriteLn(Twice(2), Name)',
      'END.',
    ].join('\n');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      "6:13 type-mismatch: Cannot assign STRING to 'Result', which is INTEGER.",
    ]);
    const inAdd = analysis.symbols.symbolAt(at(text, 'Result'));
    expect(inAdd).toMatchObject({ name: 'Result', kind: 'variable', type: { display: 'INTEGER' } });
    expect(inAdd?.scope.owner?.name).toBe('Twice');
    expect(analysis.symbols.symbolAt(at(text, 'Result', 3))).toBe(inAdd);
    const inName = analysis.symbols.symbolAt(at(text, "Result := 'x'"));
    expect(inName?.type).toMatchObject({ display: 'STRING' });
    expect(inName).not.toBe(inAdd);
    expect(analysis.symbols.references(at(text, 'Result')).map((r) => r.role)).toEqual([
      'write',
      'read',
      'write',
      'write',
    ]);
    expect(analysis.symbols.definition(at(text, 'Result'))).toBeUndefined();
    expect(analysis.symbols.hover(at(text, 'Result'))?.markdown).toBe(
      [
        '```\n(variable) Result: INTEGER\n```',
        "The result of function 'Twice': what it holds when the function ends is what it returns.",
      ].join('\n\n'),
    );
    // Not an outline entry, and never an unused variable.
    expect(JSON.stringify(analysis.symbols.documentSymbols())).not.toContain('"Result"');
  });

  it('outside a function it is an ordinary name: undefined in a procedure and in the main program', async () => {
    const text = 'PROGRAM P;\nPROCEDURE Q;\nBEGIN Result := 1 END;\nBEGIN\n  Q; WriteLn(Result)\nEND.';
    expect(await pascal(text)).toEqual([
      // One finding per undefined name; the second use is among its related locations.
      "3:7 undefined-name: 'Result' is not declared.",
    ]);
  });

  it('in the function itself a parameter, local or constant named Result is a duplicate (as in Free Pascal); a nested routine may declare its own', async () => {
    const text = [
      'PROGRAM P;',
      'VAR Result: BOOLEAN;',
      'FUNCTION F(Result: INTEGER): INTEGER;',
      'BEGIN F := 1 END;',
      'FUNCTION G: INTEGER;',
      'VAR Result: STRING;',
      'BEGIN G := 2 END;',
      'FUNCTION H: INTEGER;',
      "  PROCEDURE Inner; VAR Result: CHAR; BEGIN Result := 'c'; WriteLn(Result) END;",
      'BEGIN Result := 3; Inner END;',
      'BEGIN',
      '  Result := TRUE; WriteLn(F(1), G, H, Result)',
      'END.',
    ].join('\n');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([
      "3:12 duplicate-declaration: 'Result' is already declared in function 'F': it is the function's result variable.",
      "6:5 duplicate-declaration: 'Result' is already declared in function 'G': it is the function's result variable.",
    ]);
    expect(analysis.symbols.symbolAt(at(text, "Result := 'c'"))?.scope.owner?.name).toBe('Inner');
    expect(analysis.symbols.symbolAt(at(text, 'Result := 3'))?.scope.owner?.name).toBe('H');
    expect(analysis.symbols.symbolAt(at(text, 'Result := TRUE'))?.type).toMatchObject({ display: 'BOOLEAN' });
  });
});

describe('Read and ReadLn', () => {
  it('read into variables: any other argument is not-assignable', async () => {
    const text = [
      'PROGRAM P;',
      'CONST Max = 3;',
      'VAR i: INTEGER; s: STRING; a: ARRAY [1..3] OF INTEGER;',
      'BEGIN',
      '  ReadLn(i); ReadLn(a[2]); Read(s); ReadLn;',
      "  ReadLn(5); Read(i + 1); ReadLn(Max); Read('x');",
      '  WriteLn(i, s, a[2])',
      'END.',
    ].join('\n');
    expect(await pascal(text)).toEqual([
      "6:10 not-assignable: Argument 1 of 'ReadLn' must be a variable: it is read into.",
      "6:19 not-assignable: Argument 1 of 'Read' must be a variable: it is read into.",
      "6:34 not-assignable: Argument 1 of 'ReadLn' must be a variable: it is read into.",
      "6:45 not-assignable: Argument 1 of 'Read' must be a variable: it is read into.",
    ]);
  });

  it('Read, ReadLn, Inc, Dec, Insert, Delete and Str store into their variable: a write, which Inc and the rest read first', async () => {
    const text = [
      'PROGRAM P;',
      'VAR i, n: INTEGER; s, t: STRING; a: ARRAY [1..3] OF INTEGER;',
      'BEGIN',
      "  ReadLn(n); Inc(i, n); Insert('x', s, i); Delete(s, 1, 1); Str(i, t); ReadLn(a[i]);",
      '  WriteLn(i, s, t, a[1])',
      'END.',
    ].join('\n');
    const analysis = await analyzeWith('pascal_like.yaml', text);
    expect(brief(analysis.diagnostics)).toEqual([]);
    const roles = (needle: string): string[] => analysis.symbols.references(at(text, needle)).map((r) => r.role);
    expect(roles('n:')).toEqual(['declaration', 'write', 'read']);
    expect(roles('i,')).toEqual(['declaration', 'write', 'read', 'read', 'read', 'read']);
    expect(roles('s,')).toEqual(['declaration', 'write', 'write', 'read']);
    expect(roles('t:')).toEqual(['declaration', 'write', 'read']);
    expect(roles('a:')).toEqual(['declaration', 'write', 'read']);
    const readOnly = await pascal('PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  ReadLn(x)\nEND.');
    expect(readOnly).toEqual(["2:5 unused-variable: 'x' is assigned but its value is never read."]);
    const incremented = await pascal('PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  Inc(x)\nEND.');
    expect(incremented).toEqual([]);
  });

  it('stay unchecked in BASIC, whose INPUT declares what it reads into', async () => {
    const basic = await analyzeWith('gw_basic.yaml', 'INPUT A\nPRINT A\n');
    expect(brief(basic.diagnostics)).toEqual([]);
  });
});
