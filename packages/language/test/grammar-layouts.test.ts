import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyze,
  ConfigCodes,
  layoutGrammarDiagnostics,
  loadLanguageConfig,
  parseLanguageConfig,
  type Diagnostic,
} from '@parsercraft/language';
// Internal: no config the loader accepts reaches these fallbacks any more, so they are driven directly.
import { retreatsFrom, unhiddenTerms, writeUnparsedGrammar } from '../src/syntax/base/grammar-fallback.js';
import { writeBaseGrammar } from '../src/syntax/base/base-grammar.js';
import { Lexicon } from '../src/syntax/base/lexicon.js';
import { loadOrBuildParser } from '../src/syntax/base/parser-tables.js';
import { createTokenizer } from '../src/syntax/base/tokenizer.js';
import { configPath } from './fixtures.js';

const tables = mkdtempSync(join(tmpdir(), 'pc-grammar-layouts-'));
afterAll(() => rmSync(tables, { recursive: true, force: true }));

const findings = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);

const NON_ASSOCIATIVE = {
  '<': { symbol: '<', precedence: 5, associativity: 'none' },
  '+': { symbol: '+', precedence: 10, associativity: 'left' },
  '*': { symbol: '*', precedence: 20, associativity: 'right' },
};

/** One config per layout, all with a non-associative `<`, and a valid program of each. */
const LAYOUTS = {
  braces: {
    config: {
      keywords: { let: 'let', if: 'if', while: 'while' },
      operators: NON_ASSOCIATIVE,
      parsing_config: { block_start: '{', statement_separator: ';' },
    },
    valid: 'let a = 1;\nlet b = a + 2 * 3;\nif a < b { print(a); }\n',
    chained: 'let a = 1;\nprint(a < 2 < 3);\n',
  },
  indentation: {
    config: { keywords: { if: 'if', def: 'def', return: 'return' }, operators: NON_ASSOCIATIVE },
    valid: 'a = 1\nif a < 2:\n    print(a + 1 * 2)\n',
    chained: 'a = 1\nprint(a < 2 < 3)\n',
  },
  lines: {
    config: {
      keywords: { let: 'LET', if: 'IF', then: 'THEN' },
      operators: { ...NON_ASSOCIATIVE, '=': { symbol: '=', precedence: 5, associativity: 'none' } },
      parsing: { comment_style: 'REM' },
      functions: { PRINT: { name: 'PRINT', arity: -1 } },
    },
    valid: 'LET A = 1\nIF A < 2 THEN PRINT A + 1\n',
    chained: 'LET A = 1\nPRINT A < 2 < 3\n',
  },
  keywords: {
    config: {
      keywords: { begin: 'BEGIN', end: 'END', var: 'VAR', if: 'IF', then: 'THEN' },
      operators: { ...NON_ASSOCIATIVE, ':=': { symbol: ':=', precedence: 1, associativity: 'right' } },
      syntax: { case_sensitive: false },
      functions: { WriteLn: { name: 'WriteLn', arity: -1 } },
    },
    valid: 'VAR a: INTEGER;\nBEGIN\n  a := 1;\n  IF a < 2 THEN WriteLn(a + 1 * 2)\nEND.\n',
    chained: 'VAR a: INTEGER;\nBEGIN\n  a := 1;\n  WriteLn(a < 2 < 3)\nEND.\n',
  },
} as const;

/** A config from its object, with a `print` of any arity beside its own functions. */
function load(config: Readonly<Record<string, unknown>>): ReturnType<typeof parseLanguageConfig> {
  const functions = { print: { name: 'print', arity: -1 }, ...(config['functions'] as object | undefined) };
  return parseLanguageConfig(JSON.stringify({ ...config, functions }, null, 2), { format: 'json' });
}

describe('operators with associativity none', () => {
  it.each(Object.entries(LAYOUTS))('%s layout: builds, and a chain of them is one syntax error', (layout, c) => {
    const { spec, diagnostics } = load({ ...c.config, syntax_options: { block_style: layout } });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(layoutGrammarDiagnostics(spec)).toEqual([]);
    expect(findings(analyze(spec, c.valid).diagnostics).filter((f) => !f.includes('unused'))).toEqual([]);
    const chained = analyze(spec, c.chained).diagnostics.filter((d) => d.severity === 'error');
    expect(findings(chained)).toHaveLength(1);
    // At the second `<`, which the operator chain marks as misplaced.
    const line = c.chained.split('\n')[chained[0]?.range.start.line ?? 0] ?? '';
    expect(line.slice(chained[0]?.range.start.character)).toMatch(/^< 3/);
  });
});

describe('declaration keywords in braces layouts', () => {
  const braces = (keywords: Record<string, string>): ReturnType<typeof parseLanguageConfig>['spec'] =>
    load({ keywords, parsing_config: { block_start: '{', statement_separator: ';' } }).spec;

  it.each([
    [{ let: 'let' }, 'let x = 1;\nlet y;\ny = x + 1;\nprint(y);\n'],
    [{ var: 'var' }, 'var x = 1;\nx = x + 1;\nprint(x);\n'],
    [{ const: 'const', var: 'var' }, 'const k = 2;\nvar x = k;\nx = x * k;\nprint(x);\n'],
    [{ let: 'let', const: 'const', var: 'var' }, 'let a = 1;\nconst b = 2;\nvar c = a + b;\nprint(c);\n'],
  ])('%o: declarations and assignments parse with no findings', (keywords, program) => {
    const spec = braces(keywords);
    expect(layoutGrammarDiagnostics(spec)).toEqual([]);
    expect(findings(analyze(spec, program).diagnostics)).toEqual([]);
  });

  it('assigning a const declared with the keyword is reported, so the keyword still says what it declares', () => {
    const spec = braces({ const: 'const', var: 'var' });
    const codes = analyze(spec, 'const k = 2;\nk = 3;\nprint(k);\n').diagnostics.map((d) => d.code);
    expect(codes).toEqual(['assignment-to-constant']);
  });

  it('without a separator token (none, or one that starts a comment) statements end with the expression', () => {
    for (const parsing of [{}, { statement_separator: ';' }]) {
      const { spec } = load({
        keywords: { let: 'let', return: 'return', function: 'fn' },
        parsing_config: { block_start: '{', ...parsing },
        syntax_options: { single_line_comment: ';' },
      });
      const program = 'let a = 1 ; a comment\nlet b = a\n- 2\nfn f(x) {\n  return x\n}\nprint(f(b))\n(a)\n';
      expect(findings(analyze(spec, program).diagnostics)).toEqual([]);
    }
  });
});

describe('a layout grammar that cannot be built', () => {
  const configText = JSON.stringify(
    {
      keywords: { let: 'let' },
      functions: { print: { name: 'print', arity: -1 } },
      parsing_config: { block_start: '{', statement_separator: '(' },
    },
    null,
    2,
  );

  it('is reported as PC_CONFIG_LAYOUT_UNUSABLE at the config key to blame', () => {
    const { spec } = parseLanguageConfig(configText, { format: 'json' });
    const [problem, ...rest] = layoutGrammarDiagnostics(spec, configText);
    expect(rest).toEqual([]);
    expect(problem?.code).toBe(ConfigCodes.PC_CONFIG_LAYOUT_UNUSABLE.code);
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toMatch(/statement_separator '\('.*shift\/reduce conflict/);
    const keyLine = configText.split('\n').findIndex((l) => l.includes('statement_separator'));
    expect(problem?.range.start.line).toBe(keyLine);
  });

  it("still analyses programs, without the entry, and says so first; never the generator's error", () => {
    const { spec } = parseLanguageConfig(configText, { format: 'json' });
    const analysis = analyze(spec, 'let x = 1;\nprint(x);\n');
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['config-layout-unusable']);
    expect(analysis.diagnostics[0]?.message).toContain('PC_CONFIG_LAYOUT_UNUSABLE');
    expect(analysis.tree.children.map((c) => c.type)).toEqual(['VarDecl', 'ExpressionStatement']);
  });

  it('blames the config entries a conflict names, in order, each with its place in the config', () => {
    const { spec } = load({
      keywords: { let: { custom: 'let' } },
      operators: NON_ASSOCIATIVE,
      parsing_config: { block_start: '{', statement_separator: '.' },
    });
    const lexicon = new Lexicon(spec);
    const message = 'shift/reduce conflict between\n  VarDecl -> kw_let Identifier · op0 expr\nand\n  statement -> dot';
    const retreats = retreatsFrom(message, lexicon);
    expect(retreats.map((r) => r.key)).toEqual([
      'keywords.let',
      'operators.<',
      "statement_separator '.'",
      "keywords.let, operators.<, statement_separator '.'",
    ]);
    expect(retreats[0]?.range).toBeDefined();
    expect(retreats[1]?.range).toBeDefined();
    expect(retreats[2]?.spec.lexical.statementSeparator).toBe(';');
  });

  it('the last fallback reads any text into an empty Program', () => {
    const { spec } = load({ keywords: { if: 'if' }, parsing_config: { block_start: '{' } });
    const lexicon = new Lexicon(spec);
    const { parser } = loadOrBuildParser(
      writeUnparsedGrammar(lexicon),
      { configTokens: (terms) => createTokenizer(lexicon, unhiddenTerms(terms)) },
      tables,
      [],
    );
    const tree = parser.parse('if x { y = "s" } ( ] 12 // c\n');
    const names: string[] = [];
    tree.iterate({ enter: (n) => void names.push(n.name) });
    expect(names).toEqual(['Program']);
  });
});

describe('parser tables of a changed grammar', () => {
  it('are built anew, never read from the entry of the grammar before the change', () => {
    const dir = join(tables, 'changed');
    const build = (keywords: Record<string, string>): string => {
      const { spec } = load({ keywords, parsing_config: { block_start: '{', statement_separator: ';' } });
      const lexicon = new Lexicon(spec);
      const text = writeBaseGrammar(lexicon);
      const { from } = loadOrBuildParser(text, { configTokens: (terms) => createTokenizer(lexicon, terms) }, dir, []);
      return from;
    };
    expect(build({ var: 'var' })).toBe('built');
    expect(build({ var: 'var' })).toBe('disk');
    // One more declaration keyword changes the VarDecl rule, so the grammar and its entry.
    expect(build({ var: 'var', let: 'let' })).toBe('built');
    expect(readdirSync(dir)).toHaveLength(2);
  });
});

describe('punctuation a layout needs', () => {
  const pascal = readFileSync(configPath('pascal_like.yaml'), 'utf8');
  const codes = (text: string): string[] =>
    parseLanguageConfig(text, {}, 'x.yaml').diagnostics.map((d) => `${d.code} ${d.severity} ${d.range.start.line}`);

  it('an operator spelled like it is refused at its entry; a Pascal separator other than ; is reported unused', () => {
    const line = (text: string, what: string): number => text.split('\n').findIndex((l) => l.includes(what));
    for (const symbol of [';', ':', '(', ',']) {
      const text = pascal.replace('symbol: "<>"', `symbol: "${symbol}"`);
      expect(codes(text), symbol).toEqual([`PC_CONFIG_PUNCTUATION_TAKEN error ${line(text, `symbol: "${symbol}"`)}`]);
    }
    const bang = pascal.replace('statement_separator: ";"', 'statement_separator: "!"');
    expect(codes(bang)).toEqual([`PC_CONFIG_PUNCTUATION_TAKEN warning ${line(bang, 'statement_separator: "!"')}`]);
  });

  it("none of ParserCraft's own configs is refused for it", async () => {
    for (const name of readdirSync(configPath('.')))
      expect(
        (await loadLanguageConfig(configPath(name))).diagnostics.filter(
          (d) => d.code === 'PC_CONFIG_PUNCTUATION_TAKEN',
        ),
        name,
      ).toEqual([]);
  });
});
