import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateC } from '@parsercraft/language';
import { PcError } from '@parsercraft/core';
import { program } from './fixtures.js';
import { spec } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'pc-codegen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compiles C with the flags the issue names (and links the math library) and runs it on `input`; returns its stdout. */
function compileAndRun(name: string, code: string, input = ''): string {
  const source = join(work, `${name}.c`);
  const binary = join(work, name);
  writeFileSync(source, code);
  execFileSync('cc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', binary, source, '-lm'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return execFileSync(binary, { encoding: 'utf8', timeout: 10_000, input });
}

async function run(name: string, source: string, input = ''): Promise<string> {
  const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), source);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(code).toBeDefined();
  return compileAndRun(name, code ?? '', input);
}

describe('C from the Pascal samples prints exactly what Free Pascal prints', () => {
  it.each(['hello', 'fibonacci', 'sort'])('pascal/%s.pas', async (name) => {
    expect(await run(name, program(`pascal/${name}.pas`))).toBe(program(`pascal/${name}.expected`));
  });
});

const OWN = fileURLToPath(new URL('./fixtures/codegen/', import.meta.url));

describe('C from programs written for these tests prints exactly what Free Pascal prints', () => {
  it.each(
    readdirSync(OWN)
      .filter((f) => f.endsWith('.pas'))
      .map((f) => f.slice(0, -4)),
  )('codegen/%s.pas', async (name) => {
    const input = existsSync(join(OWN, `${name}.input`)) ? readFileSync(join(OWN, `${name}.input`), 'utf8') : '';
    expect(await run(`own-${name}`, readFileSync(join(OWN, `${name}.pas`), 'utf8'), input)).toBe(
      readFileSync(join(OWN, `${name}.expected`), 'utf8'),
    );
  });
});

describe('translation rules', () => {
  it('parentheses come from the tree; DOWNTO, REPEAT, CASE, functions with results and recursion', async () => {
    const source = [
      'PROGRAM T;',
      'VAR i, n: INTEGER;',
      'FUNCTION Fact(k: INTEGER): INTEGER;',
      'BEGIN',
      '  IF k <= 1 THEN Fact := 1 ELSE Fact := k * Fact(k - 1)',
      'END;',
      'BEGIN',
      "  WriteLn((1 + 2) * 3, ' ', 1 + 2 * 3, ' ', 10 - (4 - 3), ' ', -7 DIV 2, ' ', -7 MOD 2);",
      '  FOR i := 3 DOWNTO 1 DO Write(i);',
      '  WriteLn;',
      '  n := 0;',
      '  REPEAT n := n + 2 UNTIL n >= 5;',
      "  CASE n OF 1, 2: WriteLn('small'); 6: WriteLn('six') ELSE WriteLn('other') END;",
      "  WriteLn(Fact(5), ' ', (n > 5) AND (n < 7), ' ', NOT (n = 6))",
      'END.',
    ].join('\n');
    // Pascal DIV truncates toward zero and MOD takes the dividend's sign, as C99's / and % do.
    expect(await run('rules', source)).toBe('9 7 9 -3 -1\n321\nsix\n120 TRUE FALSE\n');
  });

  it('identifiers that are C keywords or library names are renamed, and still distinct', async () => {
    const source =
      'PROGRAM K;\nVAR int, printf, main: INTEGER;\nBEGIN\n  int := 1; printf := 2; main := int + printf;\n  WriteLn(int, printf, main)\nEND.';
    const { code } = generateC(await spec('pascal_like.yaml'), source);
    expect(code).toContain('static long int_1;');
    expect(compileAndRun('keywords', code ?? '')).toBe('123\n');
  });

  it('DIV and MOD by zero stop the program as Free Pascal does: stdout so far, run-time error 200', async () => {
    const source = 'PROGRAM Z;\nVAR a, b: INTEGER;\nBEGIN\n  a := 5; b := 0;\n  WriteLn(1);\n  WriteLn(a MOD b)\nEND.';
    const { code } = generateC(await spec('pascal_like.yaml'), source);
    const c = join(work, 'zero.c');
    writeFileSync(c, code ?? '');
    execFileSync('cc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', join(work, 'zero'), c, '-lm']);
    const run = spawnSync(join(work, 'zero'), { encoding: 'utf8', timeout: 10_000 });
    // fpc 3.2.2 prints the same stdout, and "Runtime error 200 at $<address>" on stderr.
    expect([run.stdout, run.status, run.stderr]).toEqual(['1\n', 200, 'Runtime error 200\n']);
  });

  // Exit codes and stdout measured with fpc 3.2.2: it unmasks these floating-point exceptions.
  it.each([
    ['an invalid operation', 'x := -1; y := Sqrt(x); WriteLn(y)', 'a\n', 207],
    ['a division by zero', "WriteLn('b', x / y)", 'a\nb', 208],
    ['an overflow', "x := 1e300; IF x * x > 0 THEN WriteLn('never')", 'a\n', 205],
  ])('%s in REAL arithmetic stops the program as Free Pascal does', async (_, statement, stdout, status) => {
    const source = `PROGRAM F;\nVAR x, y: REAL;\nBEGIN\n  x := 1; y := 0;\n  WriteLn('a');\n  ${statement};\n  WriteLn('c')\nEND.`;
    const { code } = generateC(await spec('pascal_like.yaml'), source);
    const c = join(work, `float-${status}.c`);
    writeFileSync(c, code ?? '');
    execFileSync('cc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', join(work, `float-${status}`), c, '-lm']);
    const run = spawnSync(join(work, `float-${status}`), { encoding: 'utf8', timeout: 10_000 });
    expect([run.stdout, run.status, run.stderr]).toEqual([stdout, status, `Runtime error ${status}\n`]);
  });

  it('every construct outside the subset is named, each at its place, in one run', async () => {
    const source = 'PROGRAM R;\nVAR x: REAL; c: Currency;\nBEGIN\n  x := Sin(x);\n  WriteLn(Cos(x))\nEND.';
    const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), source);
    expect(code).toBeUndefined();
    const lines = diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^1:16 Cannot generate C: Currency values are outside the subset/),
      expect.stringMatching(/^3:7 Cannot generate C: 'Sin' of real is outside the subset/),
      expect.stringMatching(/^4:10 Cannot generate C: 'Cos' of real is outside the subset/),
    ]);
  });

  it('a construct outside the subset is a located diagnostic, and there is no code', async () => {
    // Sin is computed by the x87 in Free Pascal, which C's sinl does not reproduce to the last bit.
    const { code, diagnostics } = generateC(
      await spec('pascal_like.yaml'),
      'PROGRAM R;\nVAR x: REAL;\nBEGIN\n  x := 1.5;\n  WriteLn(x, Sin(x))\nEND.',
    );
    expect(code).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'codegen-unsupported',
        severity: 'error',
        source: 'parsercraft-codegen',
        range: { start: { line: 4, character: 13 }, end: { line: 4, character: 19 } },
      }),
    ]);
  });

  it.each([
    [
      'Currency (a scaled integer in Free Pascal)',
      'VAR c: Currency;',
      'c := 1',
      'Currency',
      'Currency values are outside the subset',
    ],
    [
      'Sin (extended precision in Free Pascal)',
      'VAR r: REAL;',
      'r := Sin(r)',
      'Sin(r)',
      "'Sin' of real is outside the subset",
    ],
    [
      'an integer type C has no long for',
      'VAR b: QWord;',
      'b := 1',
      'QWord',
      'the integer type QWord is outside the subset',
    ],
    [
      'an array assigned to one of other bounds',
      'VAR a: ARRAY [1..3] OF INTEGER; b: ARRAY [0..2] OF INTEGER;',
      'b := a',
      'a\nEND',
      'assigning or passing an array to one of other bounds',
    ],
  ])('%s is a located diagnostic', async (_, decls, statement, at, message) => {
    const source = `PROGRAM U;\n${decls}\nBEGIN\n  ${statement}\nEND.`;
    const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), source);
    expect(code).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(message);
    const start = source.indexOf(at);
    expect(errors[0]?.range.start).toEqual({
      line: source.slice(0, start).split('\n').length - 1,
      character: start - source.lastIndexOf('\n', start) - 1,
    });
  });

  it('reuses an analysis of the same text, and ignores one of another text', async () => {
    const s = await spec('pascal_like.yaml');
    const text = program('pascal/hello.pas');
    const { analyze } = await import('@parsercraft/language');
    expect(generateC(s, text, { analysis: analyze(s, text) }).code).toBe(generateC(s, text).code);
    expect(generateC(s, text, { analysis: analyze(s, 'PROGRAM X; BEGIN END.') }).code).toBe(generateC(s, text).code);
  });

  it('a program with errors gets its diagnostics and no code', async () => {
    const { code, diagnostics } = generateC(
      await spec('pascal_like.yaml'),
      'PROGRAM E;\nBEGIN\n  WriteLn(missing)\nEND.',
    );
    expect(code).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['undefined-name']);
  });

  it('an aborted signal stops it with PC_CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    const s = await spec('pascal_like.yaml');
    try {
      generateC(s, program('pascal/sort.pas'), { signal: controller.signal });
      throw new Error('expected a cancellation');
    } catch (error) {
      expect(PcError.is(error) && error.code).toBe('PC_CANCELLED');
    }
  });
});

describe('ELSIF chains', () => {
  it('translate to else-if chains, an empty branch doing nothing', async () => {
    const source = [
      'PROGRAM T;',
      'VAR x : INTEGER;',
      'BEGIN',
      '  FOR x := 1 TO 4 DO',
      '    IF x = 1 THEN WriteLn(10)',
      '    ELSIF x = 2 THEN WriteLn(20)',
      '    ELSIF x = 3 THEN',
      '    ELSE WriteLn(40)',
      'END.',
    ].join('\n');
    expect(await run('elsif', source)).toBe('10\n20\n40\n');
  });
});

describe('refusals', () => {
  it("name the construct by the program's own text", async () => {
    const { code, diagnostics } = generateC(
      await spec('pascal_like.yaml'),
      'PROGRAM T;\nUSES Crt;\nBEGIN\n  WriteLn(1)\nEND.\n',
    );
    expect(code).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ['codegen-unsupported', "Cannot generate C: 'USES Crt' is outside the subset the C generator translates.", 1],
    ]);
  });
});
