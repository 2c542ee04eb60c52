import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  checkProtocols,
  CODEGEN_CODES,
  generateC,
  PROTOCOL_CODES,
  SEMANTIC_CODES,
  type Fix,
} from '@parsercraft/language';
import { analyzeWith, applyFix, brief, spec } from './helpers.js';
import { program } from './fixtures.js';
import { editDistance } from '../src/diagnostics/edit-distance.js';

const pascal = (text: string): Promise<string[]> =>
  analyzeWith('pascal_like.yaml', text).then((r) => brief(r.diagnostics));

describe("ParserCraft's own samples are clean", () => {
  it.each(['hello', 'fibonacci', 'sort'])('pascal/%s.pas has no findings about names or types', async (name) => {
    expect(await pascal(program(`pascal/${name}.pas`))).toEqual([]);
  });

  it('star_academy.ret: only the two variables it really never reads', async () => {
    const result = await analyzeWith('timewarp_templecode.yaml', program('templecode/star_academy.ret'));
    // `title` is assigned and never printed; `done` only waits for Enter.
    expect(brief(result.diagnostics)).toEqual([
      "16:5 unused-variable: 'title' is assigned but its value is never read.",
      "180:9 unused-variable: 'done' is assigned but its value is never read.",
    ]);
    expect(result.diagnostics.find((d) => d.code === 'unused-variable')).toMatchObject({
      severity: 'hint',
      tags: ['unnecessary'],
    });
  });
});

describe('syntax-only analysis', () => {
  it('reports syntax errors but nothing about names or types, and keeps the language symbols', async () => {
    const s = await spec('pascal_like.yaml');
    const text = 'PROGRAM P;\nBEGIN\n  WriteLn(missing);\n  x := := 1\nEND.';
    const full = analyze(s, text);
    const syntax = analyze(s, text, { syntaxOnly: true });
    expect(full.diagnostics.map((d) => d.source)).toEqual(
      expect.arrayContaining(['parsercraft-syntax', 'parsercraft-semantic']),
    );
    expect(syntax.diagnostics.map((d) => d.source)).toEqual(
      full.diagnostics.filter((d) => d.source === 'parsercraft-syntax').map((d) => d.source),
    );
    expect(syntax.symbols.declared).toEqual([]);
    expect(syntax.symbols.languageSymbols.map((x) => x.name)).toContain('WriteLn');
  });
});

describe('deep nesting', () => {
  it('is checked in full: names, types, protocols and C generation follow any depth the parser reads', async () => {
    const s = await spec('pascal_like.yaml');
    const text = `PROGRAM D;\nVAR x: INTEGER;\nBEGIN\n  x := ${'('.repeat(1000)}1${')'.repeat(1000)};\n  WriteLn(nope)\nEND.`;
    const result = analyze(s, text);
    expect(brief(result.diagnostics)).toEqual([
      "2:5 unused-variable: 'x' is assigned but its value is never read.",
      "5:11 undefined-name: 'nope' is not declared.",
    ]);
    expect(result.symbols.declared.map((d) => d.name)).toEqual(['D', 'x']);
    expect(checkProtocols(s, result)).toEqual([]);
    const fine = `PROGRAM D;\nVAR x: INTEGER;\nBEGIN\n  x := ${'('.repeat(1000)}1${')'.repeat(1000)};\n  WriteLn(x)\nEND.`;
    const c = generateC(s, fine);
    expect(c.diagnostics).toEqual([]);
    expect(c.code).toContain(`x = (int32_t)(${'('.repeat(1000)}1L${')'.repeat(1000)});`);
  });

  it("past the parser's depth, says so with nesting-limit and checks the text above, with no false syntax errors", async () => {
    const s = await spec('pascal_like.yaml');
    const text = `PROGRAM D;\nVAR x: INTEGER;\nBEGIN\n  x := 'text';\n  x := ${'('.repeat(4000)}1${')'.repeat(4000)}\nEND.`;
    const result = analyze(s, text);
    // Type errors above the limit are reported, and name findings for names the unparsed
    // text never spells (x is only ever assigned: unused, as a whole parse says too).
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([
      ['nesting-limit', 'warning', 4],
      ['unused-variable', 'hint', 1],
      ['type-mismatch', 'error', 3],
    ]);
    // Inside the brackets, a little short of MAX_PARSER_DEPTH of them: the states above count too.
    expect(result.diagnostics[0]?.range.start.character).toBeGreaterThan(2700);
    expect(result.diagnostics[0]?.range.start.character).toBeLessThan(7 + 2780);
  });
});

describe('names', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect([
      editDistance('cuont', 'count'),
      editDistance('count', 'counts'),
      editDistance('abc', 'abc'),
      editDistance('', 'ab'),
      editDistance('kitten', 'sitting'),
    ]).toEqual([1, 1, 0, 2, 3]);
  });

  it('an undefined name comes with fixes to the similar names in scope, closest first, callables for calls', async () => {
    const text =
      'PROGRAM P;\nVAR count, counts, total: INTEGER;\nPROCEDURE Show(n: INTEGER);\nBEGIN WriteLn(n) END;\nBEGIN\n  count := 1; counts := 2; total := 3;\n  WriteLn(cuont + counts + totl);\n  Shwo(count)\nEND.';
    const result = await analyzeWith('pascal_like.yaml', text);
    const fixes = result.diagnostics
      .filter((d) => d.code === 'undefined-name')
      .map((d) => d.fixes?.map((f) => f.title));
    expect(fixes).toEqual([["Change to 'count'"], ["Change to 'total'"], ["Change to 'Show'"]]);
    const shwo = result.diagnostics.find((d) => d.message.startsWith("'Shwo'"));
    expect(shwo?.fixes?.[0]?.preferred).toBe(true);
    const fixed = applyFix(text, shwo?.fixes?.[0] as Fix);
    expect(fixed).toContain('  Show(count)\nEND.');
    // Nothing similar: no fix rather than a wild guess.
    const far = await analyzeWith('pascal_like.yaml', 'PROGRAM P;\nBEGIN\n  WriteLn(zebra)\nEND.');
    expect(far.diagnostics.find((d) => d.code === 'undefined-name')?.fixes).toBeUndefined();
  });

  it('undefined names, routines, labels and fields', async () => {
    expect(
      await pascal(
        'PROGRAM P;\nTYPE R = RECORD a: INTEGER END;\nVAR r: R;\nBEGIN\n  WriteLn(missing);\n  Nowhere(1);\n  r.b := 2;\n  r.a := 1\nEND.',
      ),
    ).toEqual([
      "5:11 undefined-name: 'missing' is not declared.",
      "6:3 undefined-name: 'Nowhere' is not a declared function, procedure or array.",
      "7:5 undefined-name: R has no field 'b'.",
    ]);
    const basic = await analyzeWith('gw_basic.yaml', '10 GOTO 30\n20 PRINT "x"\n');
    expect(brief(basic.diagnostics)).toEqual(["1:9 undefined-name: There is no line or label '30' to jump to."]);
  });

  it('an unknown type name is an undefined name', async () => {
    expect(await pascal('PROGRAM P;\nVAR x: INTEGR;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.')).toEqual([
      "2:8 undefined-name: 'INTEGR' is not declared.",
    ]);
  });

  it('a duplicate declaration points at the first one', async () => {
    const result = await analyzeWith(
      'pascal_like.yaml',
      'PROGRAM P;\nVAR a: INTEGER;\n    a: REAL;\nBEGIN\n  a := 1;\n  WriteLn(a)\nEND.',
    );
    expect(brief(result.diagnostics)).toEqual([
      "3:5 duplicate-declaration: 'a' is already declared in this scope, on line 2.",
    ]);
    expect(result.diagnostics.find((d) => d.code === 'duplicate-declaration')?.related).toEqual([
      {
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } },
        message: "'a' is first declared here.",
      },
    ]);
  });

  it('the same name in two routines, or a local over a global, is not a duplicate', async () => {
    const text =
      'PROGRAM P;\nVAR n: INTEGER;\nPROCEDURE A(n: INTEGER);\nBEGIN WriteLn(n) END;\nPROCEDURE B;\nVAR n: INTEGER;\nBEGIN n := 1; WriteLn(n) END;\nBEGIN n := 2; A(n); B END.';
    expect(await pascal(text)).toEqual([]);
  });

  it('unused variables are hints; parameters and _names are not reported', async () => {
    const text =
      'PROGRAM P;\nVAR never, onlySet, _ignored: INTEGER;\nPROCEDURE Q(unusedParam: INTEGER);\nBEGIN END;\nBEGIN\n  onlySet := 1;\n  Q(1)\nEND.';
    const result = await analyzeWith('pascal_like.yaml', text);
    expect(brief(result.diagnostics)).toEqual([
      "2:5 unused-variable: 'never' is declared but never used.",
      "2:12 unused-variable: 'onlySet' is assigned but its value is never read.",
    ]);
    expect(result.diagnostics.filter((d) => d.code === 'unused-variable').map((d) => d.severity)).toEqual([
      'hint',
      'hint',
    ]);
  });

  it('BASIC: a variable read but never assigned is a warning (it reads as 0)', async () => {
    const result = await analyzeWith('gw_basic.yaml', 'X = 1\nPRINT X + Y\n');
    expect(brief(result.diagnostics)).toEqual([
      "2:11 unassigned-variable: 'Y' is read but never assigned, so it is always 0 or empty.",
    ]);
    expect(result.diagnostics.at(-1)?.severity).toBe('warning');
  });

  it('python_like: a name read and never assigned is an error', async () => {
    const result = await analyzeWith('python_like.yaml', 'def f(a):\n    return a + b\nprint(f(1))\n');
    expect(brief(result.diagnostics)).toEqual(["2:16 undefined-name: 'b' is not declared."]);
  });
});

describe('calls', () => {
  it('configured functions: min_args and max_args from the config', async () => {
    // pascal_like.yaml: Length takes exactly 1; Write at least 1; ReadLn 0 to 1; WriteLn any number.
    const text =
      "PROGRAM P;\nVAR s: STRING;\nBEGIN\n  s := 'ab';\n  WriteLn(Length(s, s));\n  Write;\n  ReadLn(s, s);\n  WriteLn\nEND.";
    expect(await pascal(text)).toEqual([
      "5:17 wrong-argument-count: 'Length' takes 1 argument, but 2 were given.",
      "6:3 wrong-argument-count: 'Write' takes at least 1 argument, but none was given.",
      "7:9 wrong-argument-count: 'ReadLn' takes 0 to 1 arguments, but 2 were given.",
    ]);
    const basic = await analyzeWith('gw_basic.yaml', 'PRINT LEFT$("abc")\n');
    expect(brief(basic.diagnostics)).toEqual([
      "1:12 wrong-argument-count: 'LEFT$' takes 2 arguments, but 1 was given.",
    ]);
  });

  it('user routines: count, argument types and VAR parameters', async () => {
    const text =
      "PROGRAM P;\nVAR r: REAL;\nPROCEDURE Scale(VAR x: REAL; by: INTEGER);\nBEGIN x := x * by END;\nBEGIN\n  r := 1;\n  Scale(r);\n  Scale(r, 'two');\n  Scale(2.5, 2);\n  Scale(r, 2)\nEND.";
    expect(await pascal(text)).toEqual([
      "7:8 wrong-argument-count: 'Scale' takes 2 arguments, but 1 was given.",
      "8:12 type-mismatch: Argument 2 of 'Scale' is STRING, but parameter 'by' is INTEGER.",
      "9:9 not-assignable: Parameter 'x' of 'Scale' is a VAR parameter, so argument 1 must be a variable.",
    ]);
    const py = await analyzeWith('python_like.yaml', 'def add(a, b):\n    return a + b\nprint(add(1))\n');
    expect(brief(py.diagnostics)).toEqual(["3:10 wrong-argument-count: 'add' takes 2 arguments, but 1 was given."]);
  });

  it('calling a variable is an error in Pascal; in BASIC A(I) indexes an array', async () => {
    expect(await pascal('PROGRAM P;\nVAR a: INTEGER;\nBEGIN\n  a := a(1)\nEND.')).toEqual([
      "4:8 not-callable: 'a' is a variable, not a function or procedure.",
    ]);
    const basic = await analyzeWith('gw_basic.yaml', 'DIM A$(3)\nA$(1) = "x"\nPRINT A$(1)\n');
    expect(brief(basic.diagnostics)).toEqual([]);
  });
});

describe('assignments and types', () => {
  it('assigning a constant, a routine or a type', async () => {
    const text =
      'PROGRAM P;\nCONST Max = 10;\nTYPE T = INTEGER;\nPROCEDURE Q; BEGIN END;\nBEGIN\n  Max := 3;\n  Q := 1;\n  T := 2;\n  FOR Max := 1 TO 3 DO Q\nEND.';
    expect(await pascal(text)).toEqual([
      "6:3 assignment-to-constant: 'Max' is a constant and cannot be assigned.",
      "7:3 not-assignable: 'Q' is a procedure; only variables, parameters and a function's own result can be assigned.",
      "8:3 not-assignable: 'T' is a type; only variables, parameters and a function's own result can be assigned.",
      "9:7 assignment-to-constant: 'Max' is a constant and cannot be a loop's control variable.",
    ]);
    const py = await analyzeWith('python_like.yaml', 'const limit = 3\nlimit = 4\nprint(limit)\n');
    expect(brief(py.diagnostics)).toEqual([
      "2:1 assignment-to-constant: 'limit' is a constant and cannot be assigned.",
    ]);
  });

  it("a function's result is assigned through its name inside it, and only there", async () => {
    const text =
      'PROGRAM P;\nVAR n: INTEGER;\nFUNCTION F: INTEGER;\nBEGIN F := 1 END;\nBEGIN\n  n := F;\n  F := 2;\n  WriteLn(n)\nEND.';
    expect(await pascal(text)).toEqual([
      "7:3 not-assignable: 'F' is a function; only variables, parameters and a function's own result can be assigned.",
    ]);
  });

  it('type mismatches where types are declared', async () => {
    const text = [
      'PROGRAM P;',
      'CONST Greeting: STRING = 42;',
      'VAR i: INTEGER; r: REAL; s: STRING; c: CHAR; b: BOOLEAN; a: ARRAY [1..3] OF INTEGER;',
      'BEGIN',
      "  i := 'xy';", // 5: STRING into INTEGER
      '  r := i;', // widening is fine
      "  s := c; c := 'y';", // CHAR into STRING is fine, a one-letter literal is a CHAR
      '  i := r;', // 8: REAL into INTEGER
      '  IF i THEN b := TRUE;', // 9: condition
      '  WHILE b AND (i > s) DO i := i + 1;', // 10: compare INTEGER with STRING
      '  i := i DIV r;', // 11: DIV of REAL
      '  s := s + 1;', // 12: STRING + INTEGER
      '  a[r] := 1;', // 13: REAL index
      '  i := a[1] + a[2];', // element type INTEGER: fine
      '  FOR r := 1 TO 3 DO i := 0;', // 15: REAL control variable
      "  FOR i := 1 TO 'z' DO i := 0;", // 16: CHAR bound for an INTEGER variable
      '  b := NOT s', // 17
      'END.',
    ].join('\n');
    expect(await pascal(text)).toEqual([
      "2:26 type-mismatch: Constant 'Greeting' is declared STRING, but its value is INTEGER.",
      "5:8 type-mismatch: Cannot assign STRING to 'i', which is INTEGER.",
      "8:8 type-mismatch: Cannot assign REAL to 'i', which is INTEGER.",
      '9:6 type-mismatch: A condition must be BOOLEAN, but this is INTEGER.',
      "10:16 type-mismatch: Cannot compare these with '>': the left side is INTEGER, the right side STRING.",
      '11:8 type-mismatch: DIV needs INTEGER operands: the left side is INTEGER, the right side REAL.',
      "12:8 type-mismatch: Cannot apply '+' to these: the left side is STRING, the right side INTEGER.",
      '13:5 type-mismatch: An index must be INTEGER, CHAR or BOOLEAN, but this is REAL.',
      "15:7 type-mismatch: A FOR loop's control variable must be INTEGER, CHAR or BOOLEAN, but 'r' is REAL.",
      "16:17 type-mismatch: This bound is CHAR, but the control variable 'i' is INTEGER.",
      '17:8 type-mismatch: Cannot apply NOT to STRING.',
    ]);
  });

  it('BASIC knows strings from numbers by the $ suffix', async () => {
    const result = await analyzeWith(
      'gw_basic.yaml',
      'A$ = 5\nN = "five"\nB$ = "x" + 1\nC$ = A$ + "!"\nPRINT A$, N, B$, C$\n',
    );
    expect(brief(result.diagnostics)).toEqual([
      "1:6 type-mismatch: Cannot assign INTEGER to 'A$', which is STRING.",
      "2:5 type-mismatch: Cannot assign STRING to 'N', which is number.",
      "3:6 type-mismatch: Cannot apply '+' to these: the left side is STRING, the right side INTEGER.",
    ]);
  });

  it('dynamically typed layouts are not type-checked', async () => {
    const result = await analyzeWith('python_like.yaml', 'x = "a"\nx = x * 3\nprint(x)\n');
    expect(brief(result.diagnostics)).toEqual([]);
  });
});

describe('the codes are documented', () => {
  it("the package README's table lists every program code with its severity", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = new Map([...readme.matchAll(/^\| `([a-z-]+)` +\| (\w+) +\|/gm)].map((m) => [m[1], m[2]]));
    for (const [code, severity] of Object.entries({ ...SEMANTIC_CODES, ...PROTOCOL_CODES, ...CODEGEN_CODES }))
      expect(rows.get(code), code).toBe(severity);
  });
});
