/**
 * Shared by the benchmarks of @parsercraft/language and @parsercraft/lsp-server.
 *
 * Generates a Pascal-like program for pascal_like.yaml of exactly `lines` lines: declaration
 * sections, then pairs of a function and a procedure (locals, parameters, VAR parameters,
 * IF/ELSE, WHILE, FOR, arrays, records, calls to configured functions), each pair after a
 * blank line and a comment, then a main block that calls them all. Lines average 19
 * characters, as in ParserCraft's own Pascal samples. Every name resolves and every type
 * checks, so the figures measure the common case: a correct program being edited.
 */
export function pascalProgram(lines: number): string {
  const head = [
    'PROGRAM Bench;',
    'CONST',
    '  Limit = 100;',
    'TYPE',
    '  Point = RECORD x, y: INTEGER END;',
    'VAR',
    '  total: INTEGER;',
    '  p: Point;',
    '  data: ARRAY [1..100] OF INTEGER;',
  ];
  const routine = (n: number): string[] => [
    '',
    `(* Mix${n} combines two numbers; Step${n} folds it over the data before printing *)`,
    `FUNCTION Mix${n}(a, b: INTEGER): INTEGER;`,
    'VAR t, u: INTEGER;',
    'BEGIN',
    `  t := a * b + ${n};`,
    '  u := t DIV 2;',
    '  IF t > u THEN',
    '    t := t - u',
    '  ELSE',
    '    t := u - t;',
    '  WHILE t > 0 DO',
    '  BEGIN',
    '    t := t - 1;',
    '    u := u + data[1];',
    '  END;',
    `  Mix${n} := t + u;`,
    'END;',
    `PROCEDURE Step${n}(VAR x: INTEGER);`,
    'VAR k: INTEGER;',
    'BEGIN',
    '  FOR k := 1 TO Limit DO',
    '  BEGIN',
    `    x := x + Mix${n}(k, ${n});`,
    '    data[k] := x MOD 7;',
    '  END;',
    '  p.x := x;',
    `  WriteLn('Step ${n}: x = ', x, ', p.x = ', p.x);`,
    'END;',
  ];
  const out = [...head];
  const routines: number[] = [];
  // Each routine pair is 29 lines and adds a call to the main block, which also needs 3 lines of its own.
  for (let n = 0; out.length + 29 + (n + 1) + 3 <= lines; n++) {
    out.push(...routine(n));
    routines.push(n);
  }
  out.push('BEGIN', '  total := 0;');
  for (const n of routines) out.push(`  Step${n}(total);`);
  while (out.length < lines - 1) out.push(`  total := total + Abs(total - ${out.length});`);
  out.push('END.');
  return out.join('\n');
}

/** A program of `statements` simple statements: the size of one edit's worth of re-analysis in a small file. */
export function pascalStatements(statements: number): string {
  const out = ['PROGRAM Small;', 'VAR a, b: INTEGER;', 'BEGIN', '  a := 1;', '  b := 2;'];
  for (let i = 0; i < statements - 2; i++) out.push(i % 4 === 3 ? `  WriteLn(a, b);` : `  a := a + b * ${i};`);
  out.push('END.');
  return out.join('\n');
}
