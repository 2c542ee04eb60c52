import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLanguageConfig, parseLanguageConfig, type Diagnostic } from '@parsercraft/language';
import { FIXTURES, configPath } from './fixtures.js';

const at = (d: Diagnostic): string => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`;

// The findings each genuinely invalid fixture must produce, exactly, and why each is right.
const EXPECTED: Record<string, string[]> = {
  // lambda and function are both spelled "lambda" (keywords.lambda.custom, line 84).
  'demo_functional.json': ['PC_CONFIG_DUPLICATE_KEYWORD 84:17'],
  // def and function are both spelled "def".
  'demo_oop.json': ['PC_CONFIG_DUPLICATE_KEYWORD 72:17'],
  // except is spelled "with" like with; lambda is spelled "fun" like function.
  'functional_ml.yaml': ['PC_CONFIG_DUPLICATE_KEYWORD 41:11', 'PC_CONFIG_DUPLICATE_KEYWORD 51:11'],
  // `operators: []`: the default table applies, and the loader says so.
  'minimal.json': ['PC_CONFIG_DEFAULT_APPLIED 88:16'],
  'python_like.yaml': ['PC_CONFIG_DEFAULT_APPLIED 112:12'],
  // Two IDE-only sections no dialect defines; function is spelled TO like to; print and
  // input are spelled SAY and ASK, which are also builtin function names.
  'timewarp_templecode.yaml': [
    'PC_CONFIG_UNKNOWN_KEY 584:1',
    'PC_CONFIG_UNKNOWN_KEY 603:1',
    'PC_CONFIG_DUPLICATE_KEYWORD 142:13',
    'PC_CONFIG_KEYWORD_IS_FUNCTION 183:13',
    'PC_CONFIG_KEYWORD_IS_FUNCTION 188:13',
  ],
};

describe('ParserCraft fixture configs', () => {
  const files = readdirSync(`${FIXTURES}configs`).sort();

  it.each(files)('%s loads with exactly the expected findings', async (file) => {
    const { spec, diagnostics } = await loadLanguageConfig(configPath(file));
    expect(spec.name).not.toBe('Unnamed language');
    expect(spec.keywords.size).toBeGreaterThan(0);
    expect(spec.functions.size).toBeGreaterThan(0);
    expect(spec.operators.length).toBeGreaterThan(0);
    expect(diagnostics.map(at)).toEqual(EXPECTED[file] ?? []);
  });

  it('reads each dialect into the same shape', async () => {
    const pascal = (await loadLanguageConfig(configPath('pascal_like.yaml'))).spec;
    expect(pascal.dialects).toEqual(['flat']);
    expect(pascal.keywords.get('begin')?.custom).toBe('BEGIN');
    expect(pascal.functions.get('WriteLn')).toMatchObject({ minArgs: 0, maxArgs: Infinity });
    expect(pascal.operators.find((o) => o.symbol === 'DIV')).toMatchObject({ precedence: 5, associativity: 'left' });
    expect(pascal.syntax).toMatchObject({ blockStyle: 'keywords', assignmentOperator: ':=' });
    expect(pascal.lexical.blockComments).toEqual([['(*', '*)']]);

    const gw = (await loadLanguageConfig(configPath('gw_basic.yaml'))).spec;
    expect(gw.dialects).toEqual(['canonical']);
    expect(gw.keywords.get('wend')).toMatchObject({ original: 'endwhile', custom: 'WEND', category: 'loop' });
    expect(gw.functions.get('LEFT$')).toMatchObject({ minArgs: 2, maxArgs: 2 });
    expect(gw.syntax.blockStyle).toBe('lines');

    const python = (await loadLanguageConfig(configPath('python_like.yaml'))).spec;
    expect(python.dialects).toEqual(['canonical', 'legacy']);
    expect(python.functions.get('len')).toMatchObject({ minArgs: 1, maxArgs: 1 });
    expect(python.syntax.blockStyle).toBe('indentation');

    const temple = (await loadLanguageConfig(configPath('timewarp_templecode.yaml'))).spec;
    expect(temple.fileExtensions).toEqual(['.ret']);
    expect(temple.grammar?.start).toBe('program');
    expect(temple.grammar?.rules).toHaveLength(34);
  });
});

describe('config validation is located', () => {
  const load = (text: string, format?: 'json' | 'yaml'): Diagnostic[] => [
    ...parseLanguageConfig(text, format ? { format } : {}).diagnostics,
  ];

  it('reports bad arity, precedence and associativity where they stand', () => {
    const text = [
      'name: T',
      'keywords: {if: "IF"}',
      'functions:',
      '  f: {name: "F", min_args: 3, max_args: 1}',
      '  g: {name: "G", arity: 1.5}',
      'operators:',
      '  - {symbol: "+", precedence: high, associativity: left}',
      '  - {symbol: "*", precedence: 5, associativity: sideways}',
      '  - {symbol: "*", precedence: 6}',
    ].join('\n');
    expect(load(text).map(at)).toEqual([
      'PC_CONFIG_INVALID_ARITY 4:28',
      'PC_CONFIG_INVALID_ARITY 5:25',
      'PC_CONFIG_WRONG_TYPE 7:31',
      'PC_CONFIG_INVALID_ASSOCIATIVITY 8:49',
      'PC_CONFIG_DUPLICATE_OPERATOR 9:5',
    ]);
  });

  it('warns about unknown keys and flags a keyword spelled like a function', () => {
    const text =
      'name: T\nkeyword: {}\nkeywords:\n  print: "PRINT"\nfunctions:\n  out: {name: "Print"}\nparsing: {case_sensitive: false}\n';
    const diagnostics = load(text);
    expect(diagnostics.map(at)).toEqual(['PC_CONFIG_UNKNOWN_KEY 2:1', 'PC_CONFIG_KEYWORD_IS_FUNCTION 4:10']);
    expect(diagnostics[0]?.severity).toBe('warning');
    expect(diagnostics[1]?.message).toContain("like function 'out'");
  });

  it('reports left recursion with its cycle, and missing rules at the reference', () => {
    const text = [
      'name: G',
      'grammar:',
      '  start: program',
      '  rules:',
      '    program: "expr+"',
      '    expr: "term \'+\' expr / term"',
      '    term: "term \'*\' factor / factor"',
      "    factor: \"NUMBER / '(' expr ')' / missing\"",
    ].join('\n');
    const diagnostics = load(text);
    expect(diagnostics.map(at)).toEqual([
      'PC_CONFIG_GRAMMAR_MISSING_RULE 8:38',
      'PC_CONFIG_GRAMMAR_LEFT_RECURSION 7:12',
    ]);
    expect(diagnostics[1]?.message).toContain('term -> term');
  });

  it('reports malformed PEG notation inside the rule', () => {
    const diagnostics = load('name: G\ngrammar:\n  start: a\n  rules:\n    a: "\'x\' ( b"\n    b: "\'y\'"\n');
    expect(diagnostics.map(at)).toEqual(['PC_CONFIG_GRAMMAR_SYNTAX 5:16']);
  });

  it('turns YAML and JSON syntax errors into located diagnostics', () => {
    expect(load('name: [unclosed\nkeywords: {}\n').map((d) => d.code)).toEqual(['PC_YAML_SYNTAX']);
    const json = load('{\n  "name": "J",\n  "name": "K"\n}', 'json');
    expect(json.map(at)).toEqual(['PC_JSON_SYNTAX 3:3']);
  });

  it('returns a classified diagnostic for a file that cannot be read', async () => {
    const { diagnostics } = await loadLanguageConfig('/nonexistent/dir/lang.yaml');
    expect(diagnostics.map((d) => d.code)).toEqual(['PC_FS_NOT_FOUND']);
  });
});
