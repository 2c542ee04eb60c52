import { describe, expect, it } from 'vitest';
import { parseLanguageConfig, type Diagnostic } from '@parsercraft/language';

const at = (d: Diagnostic): string => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`;
const load = (lines: string[], format?: 'yaml' | 'json') =>
  parseLanguageConfig(lines.join('\n') + '\n', format ? { format } : {});

describe('values of the wrong type are reported where they stand, never converted', () => {
  it('a number or boolean where a string belongs (YAML)', () => {
    const { spec, diagnostics } = load([
      'metadata:',
      '  name: 42',
      '  version: 1.0',
      '  description: true',
      '  file_extension: 7',
      'keywords:',
      '  if: True',
      '  then: {custom: 12}',
      '  else: "ELSE"',
    ]);
    expect(diagnostics.map(at)).toEqual([
      'PC_CONFIG_WRONG_TYPE 7:7',
      'PC_CONFIG_WRONG_TYPE 8:18',
      'PC_CONFIG_WRONG_TYPE 5:19',
      'PC_CONFIG_WRONG_TYPE 2:9',
      'PC_CONFIG_WRONG_TYPE 3:12',
      'PC_CONFIG_WRONG_TYPE 4:16',
    ]);
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    // YAML's 1.0 is the number 1: the message quotes what the file says, and how to keep it.
    expect(diagnostics[4]?.message).toBe(
      'metadata.version must be a string, not the number 1.0; put it in quotes ("1.0") if that is the text you mean.',
    );
    expect(diagnostics[0]?.message).toContain('not the boolean True');
    expect(spec.name).toBe('Unnamed language');
    expect(spec.version).toBe('0.0.0');
    expect(spec.description).toBe('');
    expect(spec.fileExtensions).toEqual([]);
    expect([...spec.keywords.values()].map((k) => `${k.concept}=${k.custom}`)).toEqual(['else=ELSE']);
  });

  it('a number where a string belongs (JSON), reported once', () => {
    const { spec, diagnostics } = load(
      ['{', '  "name": 42,', '  "keywords": {"if": ["IF"]},', '  "functions": {"f": {"name": 3}}', '}'],
      'json',
    );
    expect(diagnostics.map(at)).toEqual([
      'PC_CONFIG_WRONG_TYPE 3:22',
      'PC_CONFIG_WRONG_TYPE 4:31',
      'PC_CONFIG_WRONG_TYPE 2:11',
    ]);
    expect(diagnostics[1]?.message).toContain('functions.f.name must be a string, not the number 3');
    expect(spec.name).toBe('Unnamed language');
    expect(spec.keywords.size).toBe(0);
    // The function keeps its key as its name, as when `name` is left out.
    expect([...spec.functions.keys()]).toEqual(['f']);
  });

  it('a number written as a string, for precedence, arity and the array base', () => {
    const { spec, diagnostics } = load([
      'name: T',
      'functions:',
      '  f: {name: F, arity: "2"}',
      '  g: {name: G, min_args: "1", max_args: 3}',
      'operators:',
      '  - {symbol: "+", precedence: "5"}',
      '  - {symbol: "*", precedence: 6}',
      'syntax: {array_index_base: "1"}',
    ]);
    expect(diagnostics.map(at)).toEqual([
      'PC_CONFIG_WRONG_TYPE 3:23',
      'PC_CONFIG_WRONG_TYPE 4:26',
      // One mistake, one finding: the precedence's type, not also its range.
      'PC_CONFIG_WRONG_TYPE 6:31',
      'PC_CONFIG_WRONG_TYPE 8:28',
    ]);
    expect(diagnostics[0]?.message).toBe('functions.f.arity must be a number, not the string "2"; remove the quotes.');
    expect(diagnostics[2]?.message).toBe(
      'operator \'+\'.precedence must be a number, not the string "5"; remove the quotes.',
    );
    // Each ignored value falls back to its default: any arity, precedence 0, base 0.
    expect(spec.functions.get('F')).toMatchObject({ minArgs: 0, maxArgs: Infinity });
    expect(spec.functions.get('G')).toMatchObject({ minArgs: 0, maxArgs: 3 });
    expect(spec.operators.map((o) => `${o.symbol}/${o.precedence}`)).toEqual(['+/0', '*/6']);
    expect(spec.syntax.arrayIndexBase).toBe(0);
  });

  it('a boolean written as a word, and a list or mapping where a scalar belongs', () => {
    const { spec, diagnostics } = load([
      'name: T',
      'functions:',
      '  f: {name: F, enabled: "yes"}',
      '  g: {name: G, enabled: [false]}',
      'operators:',
      '  - {symbol: "+", precedence: [5]}',
      'parsing: {case_sensitive: "false"}',
      'syntax: {parentheses_required: "no"}',
    ]);
    expect(diagnostics.map(at)).toEqual([
      'PC_CONFIG_WRONG_TYPE 7:27',
      'PC_CONFIG_WRONG_TYPE 3:25',
      'PC_CONFIG_WRONG_TYPE 4:25',
      'PC_CONFIG_WRONG_TYPE 6:31',
      'PC_CONFIG_WRONG_TYPE 8:32',
    ]);
    expect(diagnostics[1]?.message).toBe(
      'functions.f.enabled must be true or false, not the string "yes"; write true.',
    );
    expect(diagnostics[2]?.message).toBe('functions.g.enabled must be true or false.');
    expect(diagnostics[0]?.message).toContain('write false');
    expect(spec.lexical.caseSensitive).toBe(true);
  });

  it('a single value where a list belongs', () => {
    const { spec, diagnostics } = load([
      'name: T',
      'parsing:',
      '  string_delimiters: "\'"',
      'grammar:',
      '  comments: "#.*"',
      '  rules:',
      '    program: "\'x\'"',
    ]);
    expect(diagnostics.map(at)).toEqual(['PC_CONFIG_WRONG_TYPE 3:22', 'PC_CONFIG_WRONG_TYPE 5:13']);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'parsing.string_delimiters must be a list.',
      'grammar.comments must be a list.',
    ]);
    expect(spec.lexical.stringDelimiters).toEqual(['"', "'"]);
  });

  it('a keyword listed without a spelling, and a wrongly typed custom, are each reported once', () => {
    const { spec, diagnostics } = load([
      'keywords:',
      '  if: "IF"',
      '  then:',
      '  else: null',
      '  while: {custom: [WHILE]}',
      '  do: {original: do}',
    ]);
    expect(diagnostics.map(at)).toEqual([
      'PC_CONFIG_WRONG_TYPE 3:8',
      'PC_CONFIG_WRONG_TYPE 4:9',
      'PC_CONFIG_WRONG_TYPE 5:19',
      'PC_CONFIG_WRONG_TYPE 6:3',
    ]);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'keywords.then must be the spelling programs use.',
      'keywords.else must be the spelling programs use.',
      'keywords.while.custom must be a string.',
      'keywords.do.custom must be the spelling programs use.',
    ]);
    expect([...spec.keywords.keys()]).toEqual(['if']);
  });

  it('an operator whose symbol has the wrong type is reported once and left out', () => {
    const { spec, diagnostics } = load([
      'name: T',
      'operators:',
      '  - {symbol: 7, precedence: 1}',
      '  - {precedence: 2}',
    ]);
    expect(diagnostics.map(at)).toEqual(['PC_CONFIG_WRONG_TYPE 3:14', 'PC_CONFIG_WRONG_TYPE 4:5']);
    expect(diagnostics[0]?.message).toContain('not the number 7');
    expect(spec.operators).toEqual([]);
  });
});
