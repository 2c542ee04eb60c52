import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, loadLanguageConfig, parseLanguageConfig, type Diagnostic } from '@parsercraft/language';
import { configPath } from './fixtures.js';
import { at, spec } from './helpers.js';

const dialect = (file: string): string => readFileSync(new URL(`./fixtures/dialects/${file}`, import.meta.url), 'utf8');
const located = (d: Diagnostic): string => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;

interface DialectCase {
  readonly config: string;
  readonly program: string;
  readonly layout: string;
  /** The one finding the invalid program gives: where, and which code. */
  readonly error: string;
}

const CASES: readonly DialectCase[] = [
  { config: 'forth_like.yaml', program: 'forth_like.%s.fs', layout: 'stack', error: '4:3 undefined-name' },
  {
    config: 'functional_ml.yaml',
    program: 'functional_ml.%s.ml',
    layout: 'braces',
    error: '5:29 undefined-name',
  },
  {
    config: 'demo_functional.json',
    program: 'demo_functional.%s.txt',
    layout: 'braces',
    error: '6:14 undefined-name',
  },
  {
    config: 'demo_oop.json',
    program: 'demo_oop.%s.txt',
    layout: 'braces',
    error: '5:13 undefined-name',
  },
  {
    config: 'timewarp_templecode.yaml',
    program: 'timewarp_templecode.%s.ret',
    layout: 'lines',
    error: '6:7 undefined-name',
  },
];

describe("ParserCraft's own configs load as ParserCraft loads them", () => {
  it.each(CASES)('$config loads without errors, in the $layout layout', async ({ config, layout }) => {
    const { spec: loaded, diagnostics } = await loadLanguageConfig(configPath(config));
    expect(diagnostics.filter((d) => d.severity === 'error').map(located)).toEqual([]);
    expect(loaded.syntax.blockStyle).toBe(layout);
  });

  it('in a case-insensitive language, keywords spelled alike but for case merge too', () => {
    // An attack session: `then: "Begin"` beside `begin: "BEGIN"` in a case-insensitive config
    // gave no finding, and every IF ... THEN broke.
    const text = readFileSync(configPath('pascal_like.yaml'), 'utf8')
      .replace('then: "THEN"', 'then: "Begin"')
      .replace('\nparsing:\n', '\nparsing:\n  case_sensitive: false\n');
    const { spec: loaded, diagnostics } = parseLanguageConfig(text, {}, 'case.yaml');
    const merged = diagnostics.filter((d) => d.code === 'PC_CONFIG_DUPLICATE_KEYWORD');
    expect(merged).toHaveLength(1);
    expect(merged[0]?.severity).toBe('warning');
    expect([...loaded.keywords.values()].filter((k) => k.custom.toLowerCase() === 'begin')).toHaveLength(1);
  });

  it('merges keywords spelled alike as ParserCraft does: the later entry wins, with a located warning', async () => {
    const oop = await loadLanguageConfig(configPath('demo_oop.json'));
    expect(oop.spec.keywords.get('function')).toMatchObject({ custom: 'def', merged: ['def'] });
    expect(oop.spec.keywords.has('def')).toBe(false);
    expect(oop.diagnostics.map((d) => `${located(d)} ${d.severity}`)).toEqual([
      '72:17 PC_CONFIG_DUPLICATE_KEYWORD warning',
    ]);
    expect(oop.diagnostics[0]?.message).toContain("'def' means function");

    const ml = (await loadLanguageConfig(configPath('functional_ml.yaml'))).spec;
    expect(ml.keywords.get('lambda')).toMatchObject({ custom: 'fun', merged: ['function'] });
    expect(ml.keywords.get('except')).toMatchObject({ custom: 'with', merged: ['with'] });
    expect(ml.keywords.has('function')).toBe(false);

    const temple = await loadLanguageConfig(configPath('timewarp_templecode.yaml'));
    expect(temple.spec.keywords.get('function')).toMatchObject({ custom: 'TO', merged: ['to'] });
    // SAY is both the print keyword and the say function: with a grammar section that is a warning only.
    expect(temple.diagnostics.filter((d) => d.code === 'PC_CONFIG_KEYWORD_IS_FUNCTION').map((d) => d.severity)).toEqual(
      ['warning', 'warning'],
    );
  });

  it('keeps a keyword spelled like a function an error where no grammar section decides', () => {
    const text = 'name: T\nkeywords:\n  print: "SAY"\nfunctions:\n  say: {name: "SAY"}\n';
    const { diagnostics } = parseLanguageConfig(text);
    expect(diagnostics.map((d) => `${located(d)} ${d.severity}`)).toEqual(['3:10 PC_CONFIG_KEYWORD_IS_FUNCTION error']);
  });

  it("reads functional_ml's ;; as the end of each phrase, and binds with let x = e", async () => {
    const ml = (await loadLanguageConfig(configPath('functional_ml.yaml'))).spec;
    expect(ml.lexical.statementSeparator).toBe(';;');
    expect(ml.syntax.assignmentOperator).toBe('=');
  });

  it('functional_ml: `let rec` binds as `let` does, and the name is known after it', async () => {
    const ml = await spec('functional_ml.yaml');
    const text = 'let rec total = 1;;\nprint_endline(string_of_int(total));;\n';
    expect(analyze(ml, text).diagnostics.map(located)).toEqual([]);
    expect(analyze(ml, 'let rec = 1;;\n').diagnostics).toHaveLength(1);
  });

  it("separates demo_functional's statements with `!`, since its `;` starts a comment", async () => {
    const functional = (await loadLanguageConfig(configPath('demo_functional.json'))).spec;
    expect(functional.lexical.lineComments).toContain(';');
    expect(functional.lexical.statementSeparator).toBe('!');
  });

  for (const c of CASES) {
    it(`${c.config}: a valid program gives no findings, an invalid one exactly one located error`, async () => {
      const language = await spec(c.config);
      const valid = analyze(language, dialect(c.program.replace('%s', 'valid')));
      expect(valid.diagnostics.map(located)).toEqual([]);
      const invalid = analyze(language, dialect(c.program.replace('%s', 'invalid')));
      expect(invalid.diagnostics.map(located)).toEqual([c.error]);
      expect(invalid.diagnostics[0]?.severity).toBe('error');
    });
  }
});

describe('the stack layout (Forth)', () => {
  const forth = async (text: string): Promise<string[]> =>
    analyze(await spec('forth_like.yaml'), text).diagnostics.map(
      (d) => `${located(d)} ${d.severity}: ${d.message.replace(/^Syntax error: /, '')}`,
    );

  it("checks the issue's real Forth without false errors", async () => {
    expect(await forth(': SQUARE DUP * ;\n: SUM-OF-SQUARES SQUARE SWAP SQUARE + ;\n5 3 SUM-OF-SQUARES .\n')).toEqual(
      [],
    );
  });

  it('knows a word from the end of its definition on, not before', async () => {
    expect(await forth(': QUAD DOUBLE DOUBLE ;\n: DOUBLE 2 * ;\n3 QUAD .\n')).toEqual([
      "1:8 undefined-name error: 'DOUBLE' is not declared.",
    ]);
    expect(await forth(': DOUBLE 2 * ;\n: QUAD DOUBLE DOUBLE ;\n3 QUAD .\n')).toEqual([]);
  });

  it('warns about a redefinition, and later words use the new definition', async () => {
    const text = ': SQ DUP * ;\n2 SQ .\n: SQ DUP DUP * * ;\n3 SQ .\n';
    expect(await forth(text)).toEqual([
      "3:3 redefined-word warning: 'SQ' is redefined; words after this use the new definition, words before it keep the one on line 1.",
    ]);
    const symbols = analyze(await spec('forth_like.yaml'), text).symbols;
    expect(symbols.definition(at(text, 'SQ', 1))?.start.line).toBe(0);
    expect(symbols.definition(at(text, 'SQ', 3))?.start.line).toBe(2);
  });

  it('gives one located error per mistake in the structure', async () => {
    expect(await forth(': SQUARE DUP *\n5 SQUARE .\n')).toEqual([
      "1:14 syntax-error error: ';' is missing after '*' to end the definition of 'SQUARE'.",
    ]);
    expect(await forth(': A 1 ;\n: B 2\n: C 3 ;\nA B C + + .\n')).toEqual([
      "2:1 syntax-error error: The definition of 'B' is not closed by ';' before the next ':'.",
    ]);
    expect(await forth('1 2 + ; .\n')).toEqual([
      "1:7 syntax-error error: ';' ends a definition, but no ':' definition is open.",
    ]);
    expect(await forth(': T 0 < IF 1 ;\n')).toEqual([
      "1:9 syntax-error error: 'IF' is not closed by 'THEN' before ';'.",
    ]);
    expect(await forth(': T 1 THEN THEN ;\n')).toEqual(["1:7 syntax-error error: 'THEN' has no open 'IF' to close."]);
    expect(await forth(': T BEGIN 1 LOOP ;\n')).toEqual(["1:13 syntax-error error: 'LOOP' has no open 'DO' to close."]);
    expect(await forth('1 IF 2 THEN\n')).toEqual([
      "1:3 syntax-error error: 'IF' can only be used inside a ':' definition.",
      "1:8 syntax-error error: 'THEN' can only be used inside a ':' definition.",
    ]);
    expect(await forth(': T 1 ( never closed\n2 + ;\n')).toEqual([
      '1:7 syntax-error error: This comment is not closed before the end of the text.',
    ]);
    expect(await forth('VARIABLE\n')).toEqual([
      "1:1 syntax-error error: 'VARIABLE' needs the name it declares after it.",
    ]);
    expect(await forth(': IF 1 ;\n')).toEqual([
      "1:3 syntax-error error: 'IF' is a keyword of this language; a definition needs a name of its own.",
    ]);
  });

  it('reads comments as the config spells them, and strings opened by a word like S"', async () => {
    expect(await forth('\\ a comment with UNKNOWN words\n( more UNKNOWN words ) S" UNKNOWN text" COUNT .\n')).toEqual(
      [],
    );
  });

  it('gives definitions symbols: outline, definition, references and hover', async () => {
    const text = dialect('forth_like.valid.fs');
    const { symbols } = analyze(await spec('forth_like.yaml'), text);
    expect(symbols.documentSymbols().map((s) => `${s.name} ${s.kind}`)).toEqual([
      'SQUARE function',
      'SUM-OF-SQUARES function',
      'TOTAL variable',
      'LIMIT constant',
      'CLAMP function',
      'SIGN function',
      'COUNTDOWN function',
      'STARS function',
      'BIGGER function',
    ]);
    const use = at(text, 'SQUARE', 2);
    expect(symbols.definition(use)).toEqual({
      start: { line: 1, character: 2 },
      end: { line: 1, character: 8 },
    });
    expect(
      symbols.references(use).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.role}`),
    ).toEqual(['2:3 declaration', '3:31 read', '3:43 read']);
    expect(symbols.hover(use)?.markdown).toContain(': SQUARE ( n -- n*n )');
    expect(symbols.hover(at(text, 'MIN'))?.markdown).toContain('Minimum of two values');
    expect(symbols.hover(at(text, 'TOTAL', 1))?.markdown).toContain('(variable) TOTAL');
  });

  it('is selectable with block_style: stack', () => {
    const config = [
      'name: Postfix',
      'keywords: {function: "define", return: "end", dup: "dup"}',
      'functions: {print: {name: "print", min_args: 1, max_args: 1}}',
      'operators: [{symbol: "+", precedence: 1}]',
      'syntax: {block_style: stack}',
      '',
    ].join('\n');
    const { spec: loaded, diagnostics } = parseLanguageConfig(config);
    expect(diagnostics).toEqual([]);
    expect(loaded.syntax.blockStyle).toBe('stack');
    const result = analyze(loaded, 'define twice dup + end\n2 twice print\n3 thrice print\n');
    expect(result.diagnostics.map(located)).toEqual(['3:3 undefined-name']);
  });

  it('never throws, and locates every finding inside the text (random word sequences)', async () => {
    const language = await spec('forth_like.yaml');
    const word = fc.constantFrom(
      ':',
      ';',
      'IF',
      'ELSE',
      'THEN',
      'BEGIN',
      'UNTIL',
      'DO',
      'LOOP',
      'LEAVE',
      'VARIABLE',
      'CONSTANT',
      'DUP',
      '+',
      '.',
      'S"',
      '"',
      '(',
      ')',
      '\\',
      'X',
      'Y',
      '42',
      '-1',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), (words) => {
        const text = words.join(' ');
        const { diagnostics } = analyze(language, text);
        for (const d of diagnostics) {
          expect(d.range.end.line).toBeLessThanOrEqual(text.split('\n').length - 1);
          expect(d.range.start.line * 1e6 + d.range.start.character).toBeLessThanOrEqual(
            d.range.end.line * 1e6 + d.range.end.character,
          );
        }
      }),
      { seed: 19_019, numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  });
});
