import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeWith } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'pc-system-fpc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One program around `body`, with a variable of each type, a constant and the routines `decls` declares. */
const program = (body: string, decls = ''): string =>
  [
    'PROGRAM P;',
    'CONST Max = 3;',
    'VAR i: INTEGER; r: REAL; c: CHAR; s: STRING; b: BOOLEAN; a: ARRAY [1..3] OF INTEGER;',
    decls,
    'BEGIN',
    `  ${body}`,
    'END.',
  ].join('\n');

/** Whether Free Pascal (Delphi mode) compiles the program. */
function fpcAccepts(text: string, n: number): boolean {
  const source = join(work, `case${n}.pas`);
  writeFileSync(source, text);
  const run = spawnSync('fpc', ['-Mdelphi', `-FE${work}`, `-o${join(work, `case${n}`)}`, source], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.error) throw run.error;
  return run.status === 0;
}

/** Whether the analysis finds an error (hints about unused variables are not). */
async function weAccept(text: string): Promise<boolean> {
  const { diagnostics } = await analyzeWith('pascal_like.yaml', text);
  return !diagnostics.some((d) => d.severity === 'error');
}

const FUNCTION_F = 'FUNCTION F(n: INTEGER): INTEGER;\nBEGIN\n  %\nEND;';
const PROCEDURE_Q = 'PROCEDURE Q;\nBEGIN\n  %\nEND;';

/** Statements of the main program, and routine bodies, each accepted or rejected by Free Pascal. */
const CASES: readonly { readonly body: string; readonly decls?: string }[] = [
  ...[
    'c := Chr(66);',
    "i := Ord('A') + Ord(b) + Ord(i);",
    "c := Succ('a'); b := Pred(TRUE); i := Succ(i);",
    'Inc(i); Dec(c, 2); Inc(a[1]); Inc(b);',
    'b := Odd(i);',
    'r := Sqr(r); i := Sqr(i); r := Sqr(i);',
    'c := UpCase(c); s := UpCase(s);',
    's := Copy(s, 2, 1); s := Copy(s, 2); s := Copy(c, 1, 1);',
    "i := Pos('b', s); i := Pos(c, s);",
    "Insert('x', s, 1); Insert(c, s, 1);",
    'Delete(s, 1, 1);',
    "s := Concat(s, 'y', c); s := Concat(s);",
    'i := Low(a) + High(a) + High(s) + Low(i) + High(INTEGER);',
    'c := High(CHAR); b := Low(BOOLEAN);',
    'i := Length(a) + Length(s);',
    'Str(i, s); Str(r, s);',
    'Halt; Halt(0);',
    'Exit;',
    'ReadLn(i); ReadLn(a[2]); Read(s); ReadLn;',
    'i := Ord(r);',
    "c := Chr('a');",
    'r := Succ(r);',
    'b := Odd(c);',
    'i := Sqr(c);',
    'c := UpCase(i);',
    's := Copy(i, 1, 2);',
    "s := Copy(s, 'x', 1);",
    's := Copy(s);',
    'i := Pos(1, s);',
    's := Concat(s, 1);',
    's := Concat;',
    'Halt(r);',
    'i := Length(i);',
    'Inc(5);',
    'Dec(Max);',
    'Inc(i + 1);',
    'Inc(r);',
    'Dec(i, r);',
    'Inc(i, 1, 2);',
    "Insert('x', 'abc', 1);",
    "Insert('x', c, 1);",
    "Delete('abc', 1, 1);",
    'Delete(s, c, 1);',
    "Str(i, 'x');",
    'Str(i, i);',
    'i := High(r);',
    'i := Low(REAL);',
    'Exit(1);',
    'ReadLn(5);',
    'Read(i + 1);',
    'ReadLn(Max);',
    'i := Chr(66);',
    "s := Ord('A');",
    'i := High(CHAR);',
    'c := Copy(s, 1, 1);',
    'b := Odd(i) + 1;',
  ].map((body) => ({ body })),
  ...[
    'Result := n',
    'Result := Result + 1; F := Result',
    "Result := 'x'",
    'IF n > 0 THEN Exit(n); Exit(0)',
    "Exit('zero')",
    'Exit(r)',
    'Exit',
  ].map((body) => ({ body: 'WriteLn(F(1));', decls: FUNCTION_F.replace('%', body) })),
  ...['Exit', 'Exit(1)', 'Result := 1'].map((body) => ({ body: 'Q;', decls: PROCEDURE_Q.replace('%', body) })),
  { body: 'Result := 1;' },
  {
    body: 'WriteLn(F(1));',
    decls: "FUNCTION F(n: INTEGER): INTEGER;\nVAR Result: STRING;\nBEGIN\n  F := n; Result := 's'\nEND;",
  },
  {
    body: 'WriteLn(F(1));',
    decls: 'FUNCTION F(n: INTEGER): INTEGER;\n  PROCEDURE G; BEGIN Result := n END;\nBEGIN\n  G\nEND;',
  },
];

describe('the System routines, Result and Read/ReadLn are checked as Free Pascal checks them', () => {
  it('a program has an error in our analysis exactly when fpc -Mdelphi rejects it', async () => {
    const disagreements: string[] = [];
    let rejected = 0;
    for (const [n, { body, decls }] of CASES.entries()) {
      const text = program(body, decls);
      const fpc = fpcAccepts(text, n);
      if (!fpc) rejected++;
      if ((await weAccept(text)) !== fpc)
        disagreements.push(`${fpc ? 'fpc accepts' : 'fpc rejects'}: ${decls ?? ''} ${body}`);
    }
    expect(disagreements).toEqual([]);
    // Both sides are exercised: a case list fpc accepted whole would prove nothing.
    expect(rejected).toBeGreaterThan(30);
    expect(rejected).toBeLessThan(CASES.length - 15);
  });
});
