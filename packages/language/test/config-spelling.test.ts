import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLanguageConfig, type Diagnostic, type LanguageSpec } from '@parsercraft/language';

const at = (d: Diagnostic): string => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`;
const errors = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.severity === 'error').map(at);

/** A double-quoted scalar that YAML and JSON read alike, with everything outside ASCII escaped. */
const quote = (s: string): string =>
  JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Where a spelling can stand in a config, and how to tell that it was left out. */
interface Site {
  readonly name: string;
  /** The config's lines, and the 1-based line and column of the spelling's value. */
  readonly yaml: (q: string) => { lines: string[]; line: number; column: number };
  readonly json: (q: string) => { lines: string[]; line: number; column: number };
  readonly absent: (spec: LanguageSpec, spelling: string) => boolean;
}

const SITES: readonly Site[] = [
  {
    name: 'a flat keyword',
    yaml: (q) => ({ lines: ['name: T', 'keywords:', '  if: "IF"', `  then: ${q}`], line: 4, column: 9 }),
    json: (q) => ({ lines: ['{"name": "T",', ' "keywords": {"if": "IF",', `  "then": ${q}}}`], line: 3, column: 11 }),
    absent: (spec) => !spec.keywords.has('then') && spec.keywords.has('if'),
  },
  {
    name: "a canonical keyword's custom",
    yaml: (q) => ({
      lines: ['metadata: {name: T}', 'keywords:', '  then:', '    original: then', `    custom: ${q}`],
      line: 5,
      column: 13,
    }),
    json: (q) => ({
      lines: ['{"metadata": {"name": "T"},', ' "keywords": {"then": {"original": "then",', `  "custom": ${q}}}}`],
      line: 3,
      column: 13,
    }),
    absent: (spec) => !spec.keywords.has('then'),
  },
  {
    name: "a function's name",
    yaml: (q) => ({
      lines: ['name: T', 'functions:', '  out:', `    name: ${q}`, '    arity: 1'],
      line: 4,
      column: 11,
    }),
    json: (q) => ({
      lines: ['{"name": "T",', ' "functions": {"out": {"arity": 1,', `  "name": ${q}}}}`],
      line: 3,
      column: 11,
    }),
    absent: (spec) => spec.functions.size === 0,
  },
  {
    name: "a function's key (no name)",
    yaml: (q) => ({ lines: ['name: T', 'functions:', `  ${q}: {arity: 1}`], line: 3, column: 3 }),
    json: (q) => ({ lines: ['{"name": "T",', ' "functions": {', `  ${q}: {"arity": 1}}}`], line: 3, column: 3 }),
    absent: (spec) => spec.functions.size === 0,
  },
  {
    name: 'an operator in a list',
    yaml: (q) => ({
      lines: ['name: T', 'operators:', '  - {symbol: "+", precedence: 1}', `  - {symbol: ${q}, precedence: 2}`],
      line: 4,
      column: 14,
    }),
    json: (q) => ({
      lines: [
        '{"name": "T", "operators": [',
        '  {"symbol": "+", "precedence": 1},',
        `  {"symbol": ${q}, "precedence": 2}]}`,
      ],
      line: 3,
      column: 14,
    }),
    absent: (spec, s) => spec.operators.length === 1 && !spec.operators.some((o) => o.symbol === s),
  },
  {
    name: 'an operator by symbol (canonical)',
    yaml: (q) => ({
      lines: ['metadata: {name: T}', 'operators:', '  "+": {precedence: 1}', `  ${q}: {precedence: 2}`],
      line: 4,
      column: 3,
    }),
    json: (q) => ({
      lines: ['{"metadata": {"name": "T"}, "operators": {', '  "+": {"precedence": 1},', `  ${q}: {"precedence": 2}}}`],
      line: 3,
      column: 3,
    }),
    absent: (spec, s) => spec.operators.length === 1 && !spec.operators.some((o) => o.symbol === s),
  },
];

function load(site: Site, format: 'yaml' | 'json', spelling: string) {
  const { lines, line, column } = site[format](quote(spelling));
  const loaded = parseLanguageConfig(lines.join('\n') + '\n', { format });
  return { ...loaded, where: `${line}:${column}` };
}

describe('spellings no program can write are refused, at their place', () => {
  const cases: [string, string, string][] = [
    ['empty', '', 'is empty'],
    ['only spaces', '   ', 'is only whitespace'],
    ['two words', 'THEN DO', 'contains whitespace (U+0020)'],
    ['a tab inside', 'THEN\tDO', 'contains whitespace (U+0009)'],
    ['a space before', ' THEN', 'has whitespace before or after it'],
    ['a space after', 'THEN ', 'has whitespace before or after it'],
    ['a no-break space after', 'THEN\u00a0', 'has whitespace before or after it'],
    ['a NUL inside', 'TH\0EN', 'contains the invisible character U+0000'],
    ['an escape character', '\u001bTHEN', 'contains the invisible character U+001B'],
    ['a right-to-left override', 'TH\u202eEN', 'contains the invisible character U+202E'],
  ];
  for (const site of SITES) {
    for (const [what, spelling, problem] of cases) {
      for (const format of ['yaml', 'json'] as const) {
        it(`${site.name}, ${what} (${format})`, () => {
          const { spec, diagnostics, where } = load(site, format, spelling);
          expect(errors(diagnostics)).toEqual([`PC_CONFIG_INVALID_SPELLING ${where}`]);
          const finding = diagnostics.find((d) => d.code === 'PC_CONFIG_INVALID_SPELLING');
          expect(finding?.message).toContain(`${JSON.stringify(spelling)}) ${problem}`);
          expect(finding?.message).toContain('it is left out');
          expect(site.absent(spec, spelling)).toBe(true);
        });
      }
    }
  }

  it('the same when the file holds the character itself rather than an escape', () => {
    for (const text of [
      '{"keywords": {"if": "I\u0000F"}}',
      'keywords:\n  if: I\u0000F\n',
      'keywords:\n  if: I\u202eF\n',
    ]) {
      const { spec, diagnostics } = parseLanguageConfig(text);
      expect(errors(diagnostics), JSON.stringify(text)).toEqual([
        text.startsWith('{') ? 'PC_CONFIG_INVALID_SPELLING 1:21' : 'PC_CONFIG_INVALID_SPELLING 2:7',
      ]);
      expect(spec.keywords.size).toBe(0);
    }
  });

  it('keeps spellings in any script, and the zero-width non-joiner Persian words need', () => {
    for (const spelling of ['ALORS', 'entonces', 'тогда', 'ならば', 'می\u200cشود', '<=>', ':=']) {
      // A symbol is an operator's spelling; a keyword or function spelled so is never read (config-layout-spelling.test.ts).
      // An operator spelled as a word is ASCII letters, as the tokenizer's operator table reads them.
      const operatorSite = (s: Site): boolean => s.name.includes('operator');
      const sites = SITES.filter((s) =>
        /^[A-Za-z]/.test(spelling) ? true : /^\p{L}/u.test(spelling) ? !operatorSite(s) : operatorSite(s),
      );
      for (const site of sites) {
        const { spec, diagnostics } = load(site, 'yaml', spelling);
        expect(errors(diagnostics), `${site.name}: ${spelling}`).toEqual([]);
        expect(site.absent(spec, spelling), `${site.name}: ${spelling}`).toBe(false);
      }
    }
  });

  // Characters that cannot be in a token: every kind of whitespace, C0 and C1 controls,
  // direction marks, embeddings, overrides and isolates, the byte-order mark.
  const BAD = [
    ' ',
    '\t',
    '\n',
    '\r',
    '\v',
    '\f',
    '\u00a0',
    '\u2003',
    '\u2028',
    '\u3000',
    '\0',
    '\u0001',
    '\u001f',
    '\u007f',
    '\u0085',
    '\u009b',
    '\u200e',
    '\u202a',
    '\u202e',
    '\u2066',
    '\u2069',
    '\ufeff',
  ];
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,6}$/);
  const badSpelling = fc.oneof(
    fc.constant(''),
    fc
      .tuple(fc.option(word, { nil: '' }), fc.array(fc.constantFrom(...BAD), { minLength: 1, maxLength: 3 }), word)
      .chain(([left, bad, right]) =>
        fc.constantFrom(left + bad.join('') + right, bad.join('') + right, right + bad.join('')),
      ),
  );

  it('for random spellings with whitespace or control characters: never throws, one finding at the value (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SITES),
        fc.constantFrom('yaml' as const, 'json' as const),
        badSpelling,
        (site, format, spelling) => {
          const { spec, diagnostics, where } = load(site, format, spelling);
          expect(errors(diagnostics)).toEqual([`PC_CONFIG_INVALID_SPELLING ${where}`]);
          expect(site.absent(spec, spelling)).toBe(true);
        },
      ),
      { seed: 20_261_219, numRuns: 400 },
    );
  });

  it('for random clean spellings: no finding, and the entry is kept (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SITES),
        fc.constantFrom('yaml' as const, 'json' as const),
        word,
        (site, format, s) => {
          const { spec, diagnostics } = load(site, format, s);
          expect(errors(diagnostics)).toEqual([]);
          expect(site.absent(spec, s)).toBe(false);
        },
      ),
      { seed: 20_261_220, numRuns: 200 },
    );
  });
});
