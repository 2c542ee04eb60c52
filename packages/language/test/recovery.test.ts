import { describe, expect, it } from 'vitest';
import { analyze, walkTree, type Analysis } from '@parsercraft/language';
import { program } from './fixtures.js';
import { spec } from './helpers.js';
import { CORPUS_PROGRAMS } from './recovery-programs.js';

const INVENTORY = (CORPUS_PROGRAMS.find((p) => p.name === 'inventory.pas') as { text: string }).text;

/** Errors and warnings as `line code: message`, 1-based lines. */
const findings = (a: Analysis): string[] =>
  a.diagnostics
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .map((d) => `${d.range.start.line + 1} ${d.code}: ${d.message}`);

/** The program with the `nth` occurrence of `find` (0-based) replaced. */
function mutate(text: string, find: string, replace: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(find, at + 1);
  if (at === -1) throw new Error(`no '${find}'`);
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('one error, one finding (issue #19)', () => {
  it('a RECORD missing its END: one error, where the indentation says the END belongs', async () => {
    const text = mutate(INVENTORY, '    price : REAL\n  END;', '    price : REAL\n  ;');
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      `${lineOf(text, '    price : REAL\n  ;') + 1} syntax-error: Syntax error: END is missing before ';'.`,
    ]);
  });

  it('a missing THEN: one error on its line, with the insertion as a fix', async () => {
    const text = mutate(INVENTORY, 'IF r > Limit THEN', 'IF r > Limit');
    const a = analyze(await spec('pascal_like.yaml'), text);
    expect(findings(a)).toEqual([
      `${lineOf(text, 'IF r > Limit')} syntax-error: Syntax error: THEN is missing after 'Limit'.`,
    ]);
    expect(a.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe(' THEN');
  });

  it('WHIL for WHILE: one error that names the keyword', async () => {
    const text = mutate(INVENTORY, 'WHILE i <= MaxItems', 'WHIL i <= MaxItems');
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      `${lineOf(text, 'WHIL i')} syntax-error: Syntax error: 'WHIL' is not a keyword; did you mean WHILE?`,
    ]);
  });

  it('a missing DO: the syntax error alone, no type error before it', async () => {
    const text = mutate(INVENTORY, 'WHILE i <= MaxItems DO', 'WHILE i <= MaxItems');
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      `${lineOf(text, 'WHILE i <=')} syntax-error: Syntax error: DO is missing after 'MaxItems'.`,
    ]);
  });

  it("a missing END of a WHILE's BEGIN: one error where the indentation says the block ends, not at the program's end", async () => {
    const text = mutate(INVENTORY, '    i := i + 1\n  END;', '    i := i + 1\n  ;');
    const a = analyze(await spec('pascal_like.yaml'), text);
    expect(findings(a)).toEqual([
      `${lineOf(text, '    i := i + 1\n  ;') + 1} syntax-error: Syntax error: END is missing before ';'.`,
    ]);
    // The line with END and its `;` deleted: END; goes before the first line that leaves the block.
    const gone = mutate(INVENTORY, '    i := i + 1\n  END;\n', '    i := i + 1\n');
    const b = analyze(await spec('pascal_like.yaml'), gone);
    expect(findings(b)).toEqual([
      `${lineOf(gone, '  REPEAT')} syntax-error: Syntax error: END; is missing before 'REPEAT'.`,
    ]);
    expect(b.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('END;\n  ');
    const short =
      'PROGRAM P;\nVAR i : INTEGER;\nBEGIN\n  i := 1;\n  WHILE i < 3 DO\n  BEGIN\n    i := i + 1;\n  WriteLn(i)\nEND.\n';
    expect(findings(analyze(await spec('pascal_like.yaml'), short))).toEqual([
      "8 syntax-error: Syntax error: END; is missing before 'WriteLn'.",
    ]);
  });

  it("braces: a block's missing } is placed where the indentation leaves the block", async () => {
    const text =
      'let x = 0;\nwhile x < 3 {\n  x = x + 1;\n  cuando x == 2 {\n    print("two");\n\n  print(x);\n}\nprint("done");\n';
    expect(findings(analyze(await spec('demo_config.json'), text))).toEqual([
      "7 syntax-error: Syntax error: } is missing before 'print'.",
    ]);
  });

  it('`count = 0;` compares and does not assign: a warning whose fix writes :=', async () => {
    const text = mutate(INVENTORY, 'count := 0;', 'count = 0;');
    const a = analyze(await spec('pascal_like.yaml'), text);
    expect(findings(a)).toEqual([
      `${lineOf(text, 'count = 0')} comparison-as-statement: This compares 'count' with a value and drops the result; to assign, write ':='.`,
    ]);
    expect(a.diagnostics.find((d) => d.code === 'comparison-as-statement')?.fixes?.[0]?.edits[0]?.newText).toBe(':=');
  });

  it('`count + 1;` computes and drops a value: a warning; a call in it has an effect, so none', async () => {
    const text = mutate(INVENTORY, 'count := 0;', 'count + 1;');
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      `${lineOf(text, 'count + 1')} expression-has-no-effect: This statement computes a value and drops it: it does nothing.`,
    ]);
    const python = await spec('python_like.yaml');
    expect(findings(analyze(python, 'x = 1\nx + 1\nprint(x)\n'))).toEqual([
      '2 expression-has-no-effect: This statement computes a value and drops it: it does nothing.',
    ]);
    expect(findings(analyze(python, 'x = 1\nprint(x) + 1\n'))).toEqual([]);
  });

  it('python_like: a missing `:` is one error, and no identifier is split', async () => {
    const text = 'count = 0\nwhile count < 3\n    count = count + 1\nprint(count)\n';
    const a = analyze(await spec('python_like.yaml'), text);
    expect(findings(a)).toEqual(["2 syntax-error: Syntax error: : is missing after '3'."]);
    const identifiers: string[] = [];
    walkTree(a.tree, (n) => {
      if (n.type === 'Identifier') identifiers.push(text.slice(n.from, n.to));
    });
    expect(new Set(identifiers)).toEqual(new Set(['count', 'print']));
  });

  it('python_like: without the repair either, Lezer never splits a word after a missing `:`', async () => {
    // syntaxOnly still repairs; an edit far past the repairable size keeps Lezer's recovery.
    const body = 'x = 1\n'.repeat(20_000);
    const text = `${body}if x > 0\n    total = x\n    print(total)\nelse:\n    print(x)\n`;
    const a = analyze(await spec('python_like.yaml'), text, { syntaxOnly: true });
    for (const d of a.diagnostics) expect(d.message).not.toMatch(/unexpected '(p|t|o|e)'/);
  });

  it('lower-case Pascal: one finding that says keywords are case-sensitive', async () => {
    const text = program('pascal/sort.pas').replace(
      /\b(PROGRAM|CONST|VAR|ARRAY|OF|BEGIN|END|FOR|TO|DO|IF|THEN)\b/g,
      (k) => k.toLowerCase(),
    );
    const found = findings(analyze(await spec('pascal_like.yaml'), text));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /keywords are case-sensitive in this language, and 'program' is spelled PROGRAM \(so are \d+ more/,
    );
  });

  it("lower-case Pascal: the finding's one fix spells every keyword right and leaves comments and strings alone", async () => {
    const pascal = await spec('pascal_like.yaml');
    const original = program('pascal/sort.pas');
    // Lowered after the header comment, which names keywords too and must stay as it is.
    const code = original.indexOf('*)') + 2;
    const lowered =
      original.slice(0, code) +
      original
        .slice(code)
        .replace(/\b(PROGRAM|CONST|VAR|ARRAY|OF|BEGIN|END|FOR|TO|DO|IF|THEN)\b/g, (k) => k.toLowerCase());
    const text = `${lowered}// begin and end stay as written here\n`;
    const [finding] = analyze(pascal, text).diagnostics.filter((d) => d.code === 'syntax-error');
    const fix = finding?.fixes?.[0];
    expect(fix?.edits.length).toBeGreaterThan(1);
    const offset = (p: { line: number; character: number }): number =>
      text
        .split('\n')
        .slice(0, p.line)
        .reduce((n, l) => n + l.length + 1, 0) + p.character;
    let fixed = text;
    for (const e of [...(fix?.edits ?? [])].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
      fixed = fixed.slice(0, offset(e.range.start)) + e.newText + fixed.slice(offset(e.range.end));
    expect(fixed).toBe(`${original}// begin and end stay as written here\n`);
    expect(analyze(pascal, fixed).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a keyword value in the wrong case (`true`) says how the keyword is spelled', async () => {
    const text = 'PROGRAM P;\nVAR b : BOOLEAN;\nBEGIN\n  b := true;\n  WriteLn(b)\nEND.\n';
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      "4 undefined-name: 'true' is not declared; keywords are case-sensitive in this language, and the keyword is spelled TRUE.",
    ]);
  });

  it('an undefined name is one finding at its first use, with its other uses as related information', async () => {
    const text = 'PROGRAM P;\nBEGIN\n  total := 1;\n  WriteLn(total);\n  total := total + 1\nEND.\n';
    const a = analyze(await spec('pascal_like.yaml'), text);
    expect(findings(a)).toEqual(["3 undefined-name: 'total' is not declared."]);
    expect(a.diagnostics[0]?.related?.map((r) => r.range.start.line + 1)).toEqual([4, 5, 5]);
  });

  it('a declared type deleted (`count : ;`): one error that a name is missing, nothing after it', async () => {
    const text = mutate(INVENTORY, '  count : INTEGER;\n  i :', '  count : ;\n  i :');
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      `${lineOf(text, 'count : ;')} syntax-error: Syntax error: a name is missing after ':'.`,
    ]);
  });

  it('a declaration that lost its name: one error, and no name it may have declared is reported', async () => {
    const pascal = mutate(INVENTORY, 'FUNCTION Twice(', 'FUNCTION (');
    expect(findings(analyze(await spec('pascal_like.yaml'), pascal))).toEqual([
      `${lineOf(pascal, 'FUNCTION (')} syntax-error: Syntax error: a name is missing after 'FUNCTION'.`,
    ]);
    const python = 'limit = 3\n = "31415"\nprint(numbers, limit)\n';
    expect(findings(analyze(await spec('python_like.yaml'), python))).toEqual([
      "2 syntax-error: Syntax error: a name is missing before '='.",
    ]);
    const basic = 'LET X = 1\nLET = 2\nPRINT X + Y\n';
    expect(findings(analyze(await spec('basic_like.yaml'), basic))).toEqual([
      "2 syntax-error: Syntax error: a name is missing after 'LET'.",
    ]);
  });

  it('a statement that lost its first word points at the line it is on, not the line before', async () => {
    const text = mutate(INVENTORY, "  name := 'stock';", "  := 'stock';");
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      `${lineOf(text, ":= 'stock'")} syntax-error: Syntax error: a name is missing before ':='.`,
    ]);
  });

  it('several repairs in one broken statement are one finding', async () => {
    const text = 'X = 1\nFOR = 1 TO 10 STEP 2\n  X = X + 1\nNEXT K\n';
    const found = findings(analyze(await spec('gw_basic.yaml'), text));
    expect(found.filter((f) => f.startsWith('2 '))).toHaveLength(1);
  });

  it('while the text has a syntax error, no statement is said to have no effect', async () => {
    const text = 'I = 1\n  I <= 5\n  I = I + 1\nWEND\n';
    const found = findings(analyze(await spec('gw_basic.yaml'), text));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^4 syntax-error:/);
    const alone = findings(analyze(await spec('gw_basic.yaml'), 'I = 1\nI <= 5\nPRINT I\n'));
    expect(alone).toEqual([
      '2 expression-has-no-effect: This statement computes a value and drops it: it does nothing.',
    ]);
  });

  it('numbered BASIC: NEXT, WEND and ENDIF lines carry numbers, and GOTO may jump to them', async () => {
    const text =
      '10 FOR I = 1 TO 3\n20 PRINT I\n30 NEXT I\n40 WHILE I > 0\n50 I = I - 1\n60 WEND\n70 IF I = 0 THEN GOTO 30\n';
    expect(findings(analyze(await spec('gw_basic.yaml'), text))).toEqual([]);
    expect(findings(analyze(await spec('gw_basic.yaml'), '10 PRINT 1\n20 NEXT I\n'))).toHaveLength(1);
  });

  it("numbered BASIC: a missing NEXT's fix inserts a numbered line", async () => {
    const text = '10 FOR I = 1 TO 3\n20 PRINT I\n';
    const [d, ...rest] = analyze(await spec('gw_basic.yaml'), text).diagnostics;
    expect(rest).toEqual([]);
    expect(d?.message).toBe("Syntax error: NEXT is missing after 'I'.");
    expect(d?.fixes?.[0]?.edits[0]?.newText).toBe('30 NEXT');
    const between = '10 FOR I = 1 TO 3\n20 PRINT I\n25 PRINT 2\n';
    expect(analyze(await spec('gw_basic.yaml'), between).diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('35 NEXT');
  });

  it('python_like: a block whose first line is not indented is one error, and its fix indents the line', async () => {
    const a = analyze(await spec('python_like.yaml'), 'x = 1\nif x:\nprint(x)\n');
    expect(findings(a)).toEqual(["3 syntax-error: Syntax error: expected an indented block after the ':' on line 2."]);
    expect(a.diagnostics[0]?.fixes?.[0]?.edits[0]).toEqual({
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      newText: '    ',
    });
  });

  it('python_like: an unexpected indent and an unindent to no level are errors, as in Python', async () => {
    expect(findings(analyze(await spec('python_like.yaml'), 'x = 1\n    y = x\nprint(y)\n'))).toEqual([
      '2 syntax-error: Syntax error: unexpected indent: this line is indented deeper than its block, and nothing before it opens a block.',
    ]);
    const text = 'x = 1\nif x:\n    y = 2\n  print(y)\n';
    expect(findings(analyze(await spec('python_like.yaml'), text))).toEqual([
      '4 syntax-error: Syntax error: this line is indented to no level of the blocks around it (unindent does not match any outer indentation level).',
    ]);
    const nested = 'def f(a):\n    if a:\n        return 1\n    return 2\nprint(f(1))\n';
    expect(findings(analyze(await spec('python_like.yaml'), nested))).toEqual([]);
  });

  it('two neighbouring letters swapped in a keyword are one slip: OFR, NED, elt, EWND, EBGIN', async () => {
    const cases: [string, string, string][] = [
      [
        'pascal_like.yaml',
        'PROGRAM T;\nVAR i : INTEGER;\nBEGIN\n  OFR i := 1 TO 3 DO\n    WriteLn(i);\n  i := 2;\n  WriteLn(i)\nEND.\n',
        "4 syntax-error: Syntax error: 'OFR' is not a keyword; did you mean FOR?",
      ],
      [
        'pascal_like.yaml',
        'PROGRAM T;\nVAR i : INTEGER;\nBEGIN\n  i := 2;\n  WriteLn(i)\nNED.\n',
        "6 syntax-error: Syntax error: 'NED' is not a keyword; did you mean END?",
      ],
      [
        'demo_config.json',
        'elt x = 1;\nprint(x);\n',
        "1 syntax-error: Syntax error: 'elt' is not a keyword; did you mean let?",
      ],
      [
        'gw_basic.yaml',
        'I = 1\nWHILE I < 3\n  I = I + 1\nEWND\nPRINT I\n',
        "4 syntax-error: Syntax error: 'EWND' is not a keyword; did you mean WEND?",
      ],
      [
        'forth_like.yaml',
        ': C ( n -- ) EBGIN DUP . 1 - DUP 0 = UNTIL DROP ;\n3 C\n',
        "1 syntax-error: Syntax error: 'EBGIN' is not a keyword; did you mean BEGIN?",
      ],
    ];
    for (const [config, text, finding] of cases)
      expect(findings(analyze(await spec(config), text)), text).toEqual([finding]);
  });

  it('a byte order mark before a Forth or a config-grammar program is no mistake', async () => {
    expect(findings(analyze(await spec('forth_like.yaml'), '\uFEFF\\ squares\n: SQ DUP * ;\n3 SQ .\n'))).toEqual([]);
    const templecode = await spec('timewarp_templecode.yaml');
    const text = 'LET x = 1\nSAY x\n';
    expect(findings(analyze(templecode, `\uFEFF${text}`))).toEqual(findings(analyze(templecode, text)));
  });

  it("python_like: a stray indent on the first line is that line's error; else must line up with its if", async () => {
    const stray = ' LIMIT = 10\n\ndef square(n):\n    return n * n\n\nprint(square(LIMIT))\n';
    expect(findings(analyze(await spec('python_like.yaml'), stray))).toEqual([
      '1 syntax-error: Syntax error: unexpected indent: this line is indented deeper than its block, and nothing before it opens a block.',
    ]);
    const text = 'def f(n):\n    if n:\n        return 1\n      else:\n        return 2\nprint(f(1))\n';
    const a = analyze(await spec('python_like.yaml'), text);
    expect(findings(a)).toEqual([
      "4 syntax-error: Syntax error: 'else' is indented to column 7, but its 'if' starts in column 5: they must line up.",
    ]);
    expect(a.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('    ');
  });

  it('BASIC: NEXT J after FOR I is one error whose fix names the loop variable; a lone number does nothing', async () => {
    const a = analyze(await spec('gw_basic.yaml'), '10 FOR I = 1 TO 3\n20 PRINT I\n30 NEXT J\n');
    expect(findings(a)).toEqual(["3 next-mismatch: This NEXT names 'J', but it closes the FOR loop of 'I'."]);
    expect(a.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('I');
    expect(findings(analyze(await spec('gw_basic.yaml'), '10 PRINT 1\n120 200\n200 PRINT 2\n'))).toEqual([
      '2 expression-has-no-effect: This statement computes a value and drops it: it does nothing.',
    ]);
    const docstring = 'def f(n):\n    "doc"\n    return n\nprint(f(1))\n';
    expect(findings(analyze(await spec('python_like.yaml'), docstring))).toEqual([]);
  });

  it('Pascal: a missing CONST after a blank line, and a parameter list missing its ), are one error each', async () => {
    const constant = 'PROGRAM T;\n\n  Max = 10;\n\nVAR\n  i : INTEGER;\n\nBEGIN\n  i := Max;\n  WriteLn(i);\nEND.\n';
    expect(findings(analyze(await spec('pascal_like.yaml'), constant))).toEqual([
      "1 syntax-error: Syntax error: CONST is missing after ';'.",
    ]);
    const paren =
      'PROGRAM T;\nVAR a, b : INTEGER;\nPROCEDURE Swap(VAR u, v : INTEGER;\nVAR t : INTEGER;\nBEGIN\n  t := u;\n  u := v;\n  v := t\nEND;\nBEGIN\n  a := 1;\n  b := 2;\n  Swap(a, b);\n  WriteLn(a)\nEND.\n';
    expect(findings(analyze(await spec('pascal_like.yaml'), paren))).toEqual([
      "3 syntax-error: Syntax error: ) is missing after 'INTEGER'.",
    ]);
  });

  it('an assignment sign inside an expression is read as the comparison, not split off with a ;', async () => {
    const a = analyze(await spec('demo_config.json'), 'let count = 2;\nlet flag = count = 2;\nprint(flag);\n');
    expect(findings(a)).toEqual(["2 syntax-error: Syntax error: expected == instead of '='."]);
    expect(a.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('==');
  });

  it('Pascal: USES names the units a program uses; a USES without one is one error', async () => {
    const text = 'PROGRAM T;\nUSES Crt, Dos;\nVAR i : INTEGER;\nBEGIN\n  i := 1;\n  WriteLn(i)\nEND.\n';
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([]);
    expect(
      findings(analyze(await spec('pascal_like.yaml'), 'PROGRAM T;\nUSES ;\nBEGIN\n  WriteLn(1)\nEND.\n')),
    ).toEqual(["2 syntax-error: Syntax error: a name is missing after 'USES'."]);
  });

  it("Pascal: ELSIF, which the config spells, continues an IF; its condition is checked like the IF's", async () => {
    const text =
      'PROGRAM T;\nVAR x : INTEGER;\nBEGIN\n  x := 2;\n  IF x = 1 THEN WriteLn(1)\n  ELSIF x = 2 THEN WriteLn(2)\n  ELSE WriteLn(0);\n  IF x = 1 THEN WriteLn(1) ELSIF x + 1 THEN WriteLn(3)\nEND.\n';
    expect(findings(analyze(await spec('pascal_like.yaml'), text))).toEqual([
      '8 type-mismatch: A condition must be BOOLEAN, but this is INTEGER.',
    ]);
  });

  it('a missing END of a procedure goes before the next BEGIN at its column, not at the end of the program', async () => {
    const text =
      'PROGRAM T;\nVAR x: INTEGER;\nPROCEDURE p;\nBEGIN\n  x := 1;\n  IF x > 0 THEN\n  BEGIN\n    x := 2;\n  END;\n\nBEGIN\n  p;\n  WriteLn(x);\nEND.\n';
    const a = analyze(await spec('pascal_like.yaml'), text);
    expect(findings(a)).toEqual(["11 syntax-error: Syntax error: END; is missing before 'BEGIN'."]);
    expect(a.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('END;\n');
    const braces = 'def f(x) {\n    if x {\n        return 1;\n    }\n    return x;\n\nprint(f(1));\n';
    expect(findings(analyze(await spec('demo_python_custom.yaml'), braces))).toEqual([
      "7 syntax-error: Syntax error: } is missing before 'print'.",
    ]);
  });

  it('a ( left open at the end of a line gets ); there; a NEXT with no FOR is removed, not respelled', async () => {
    const paren = 'PROGRAM T;\nVAR x: INTEGER;\nBEGIN\n  x := Abs(3\n  WriteLn(x);\nEND.\n';
    const a = analyze(await spec('pascal_like.yaml'), paren);
    expect(findings(a)).toEqual(["4 syntax-error: Syntax error: ); is missing after '3'."]);
    const extra = '10 FOR I = 1 TO 3\n20 PRINT I\n30 NEXT I\n40 NEXT I\n';
    for (const config of ['gw_basic.yaml', 'basic_like.yaml']) {
      const b = analyze(await spec(config), extra);
      expect(findings(b)).toEqual(["4 syntax-error: Syntax error: unexpected 'NEXT I'."]);
      expect(b.diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('');
    }
  });

  it('python_like: an indentation fix edits only the indentation, and moves a line to the nearest level', async () => {
    const tab = analyze(await spec('python_like.yaml'), 'x = 1\nif x:\n    print(x)\n\tprint(x)\n');
    expect(tab.diagnostics[0]?.fixes?.[0]?.edits[0]).toEqual({
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
      newText: '    ',
    });
    const text = 'def f(a):\n    if a:\n        return 1\n   return 2\nprint(f(1))\n';
    expect(analyze(await spec('python_like.yaml'), text).diagnostics[0]?.fixes?.[0]?.edits[0]?.newText).toBe('    ');
  });
});
