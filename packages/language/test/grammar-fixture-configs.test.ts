import { describe, expect, it } from 'vitest';
import { analyze, layoutGrammarDiagnostics, type Diagnostic } from '@parsercraft/language';
import { spec } from './helpers.js';

/**
 * The braces-layout configs ParserCraft ships without a `grammar:` section: each builds a
 * conflict-free parser, and a program written with its own keywords and functions analyses
 * with no findings at all (syntax, names or types).
 */
const PROGRAMS: Record<string, string> = {
  demo_config: `// demo_config spells if as cuando
let count = 0;
const limit = 3;
var total = 0;
function add(a, b) {
  return a + b;
}
while count < limit {
  total = add(total, count * 2);
  count = count + 1;
}
cuando total == 6 {
  print("six");
} elif total > 6 {
  print(String(total));
} else {
  print("less", Number("1"), Boolean(0), List(1, 2));
}
`,
  demo_basic: `REM demo_basic, in braces
LET n = 5;
var total = 0;
DEF double(x) {
  RETURN x * 2;
}
WHILE n > 0 {
  total = total + double(n);
  n = n - 1;
}
IF total >= 30 {
  PRINT("total", STR$(total));
} ELSE {
  PRINT(LEN("short"), INT(2.5), ABS(0 - 1), INPUT());
}
`,
  demo_assembly: `; demo_assembly: ';' starts a comment, so '!' (statement_terminator) ends statements
MOV a = 10!
MOV b = ADD(a, 5)!
PROC twice(x) {
  RET MUL(x, 2)!
}
CMP b > a {
  OUT(twice(b))!
} else {
  OUT(SUB(b, a))!
}
while a > 0 {
  a = SUB(a, 1)!
}
JMP(a)!
JZ(IN())!
`,
  demo_python_custom: `// demo_python_custom: Python words in braces
const base = 10;
var result = 0;
def scale(value, factor) {
  return value * factor;
}
while result < base {
  result = scale(result + 1, 2);
  if result == 4 {
    continue;
  }
}
if result > 12 {
  print(String(result));
} elif result == 12 {
  print("twelve");
} else {
  print(Number("1"), Boolean(1), List());
}
`,
  demo_functional: `; demo_functional: ';' starts a comment, so '!' (statement_terminator) ends statements
let xs = cons(1, cons(2, List()))!
def square(n) {
  return n * n!
}
let total = fold(xs, 0, square)!
print(car(xs), cdr(xs))!
print(map(square, xs), filter(square, xs), total)!
`,
  demo_oop: `# demo_oop
var items = List(1, 2, 3);
def describe(thing) {
  puts("item", thing);
  return length(thing);
}
let count = describe(items);
each(items, describe);
if count > 2 and count != 5 {
  print(map(items));
}
`,
};

const CONFIGS: [config: string, program: string][] = [
  ['demo_config.json', PROGRAMS['demo_config'] ?? ''],
  ['demo_config.yaml', PROGRAMS['demo_config'] ?? ''],
  ['demo_basic.json', PROGRAMS['demo_basic'] ?? ''],
  ['demo_assembly.json', PROGRAMS['demo_assembly'] ?? ''],
  ['demo_python_custom.json', PROGRAMS['demo_python_custom'] ?? ''],
  [
    'demo_python_custom.yaml',
    `${PROGRAMS['demo_python_custom'] ?? ''}let flag = result > 1 and not (result == 3);\nprint(flag or result < 0);\n`,
  ],
  ['demo_functional.json', PROGRAMS['demo_functional'] ?? ''],
  ['demo_oop.json', PROGRAMS['demo_oop'] ?? ''],
];

/** Every finding, as `line:col code: message`. */
const findings = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);

describe('braces configs without a grammar section', () => {
  it.each(CONFIGS)('%s builds its parser and checks a valid program with no findings', async (config, program) => {
    const language = await spec(config);
    expect(layoutGrammarDiagnostics(language)).toEqual([]);
    const analysis = analyze(language, program);
    expect(findings(analysis.diagnostics)).toEqual([]);
    expect(analysis.symbols.documentSymbols().length).toBeGreaterThan(0);
  });

  it.each(CONFIGS)('%s reports a broken statement at its line', async (config, program) => {
    const lines = program.split('\n');
    // An assignment with no value, after the first declaration.
    const broken = [...lines.slice(0, 2), 'total = * 2', ...lines.slice(2)].join('\n');
    const errors = analyze(await spec(config), broken).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.range.start.line).toBe(2);
    expect(errors[0]?.code).toBe('syntax-error');
  });
});
