import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLanguageConfig, type Diagnostic } from '@parsercraft/language';
import { leadingWord } from '../src/config/layout-spelling.js';
import { LexemeRules } from '../src/syntax/base/lexeme-rules.js';
import { Lexicon } from '../src/syntax/base/lexicon.js';

const FIXTURES = new URL('../../../test/fixtures/parsercraft/configs/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const at = (d: Diagnostic): string => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`;
const errors = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.severity === 'error');

const PASCAL = fixture('pascal_like.yaml');
/** pascal_like.yaml with one change, which must be in it. */
function pascalWith(from: string, to: string) {
  expect(PASCAL).toContain(from);
  return parseLanguageConfig(PASCAL.replace(from, () => to));
}

describe('spellings the layout tokenizer cannot read are refused', () => {
  const thenCases: [string, string][] = [
    ['//T', 'contains the line-comment marker "//"'],
    ['(*T', 'contains the block-comment start "(*"'],
    ["TH'EN", 'contains the string delimiter "\'"'],
    ['1THEN', 'starts with a digit'],
    ['TH;EN', 'contains the statement separator ";"'],
    ['THEN.', 'has "." after "THEN"'],
    ['TH(EN', 'has "(" after "TH"'],
    ['TH\u200bEN', 'invisible character U+200B'],
    ['TH\u00adEN', 'invisible character U+00AD'],
    ['TH\u2060EN', 'invisible character U+2060'],
    ['TH\ufeffEN', 'U+FEFF'],
    ['<=>', 'is neither a word nor a symbol'],
  ];
  for (const [spelling, problem] of thenCases) {
    it(`keyword then spelled ${JSON.stringify(spelling)}`, () => {
      const { spec, diagnostics } = pascalWith('then: "THEN"', `then: ${JSON.stringify(spelling)}`);
      expect(errors(diagnostics).map(at)).toEqual(['PC_CONFIG_INVALID_SPELLING 13:9']);
      expect(diagnostics[0]?.message).toContain(problem);
      expect(spec.keywords.has('then')).toBe(false);
    });
  }

  it('an operator spelled like the line-comment marker, or like a keyword', () => {
    for (const [symbol, problem] of [
      ['//', 'contains the line-comment marker "//"'],
      ['BEGIN', "is spelled like keyword 'begin'"],
      ['мод', 'characters other than ASCII letters'],
    ]) {
      const { spec, diagnostics } = pascalWith('symbol: "/"', `symbol: "${symbol}"`);
      expect(errors(diagnostics).map(at)).toEqual(['PC_CONFIG_INVALID_SPELLING 156:13']);
      expect(diagnostics[0]?.message).toContain(problem);
      expect(spec.operators.some((o) => o.symbol === symbol)).toBe(false);
    }
  });

  it('a function name the tokenizer splits; a qualified name is kept', () => {
    const split = pascalWith('name: "WriteLn"', 'name: "Write(Ln"');
    expect(errors(split.diagnostics).map(at)).toEqual(['PC_CONFIG_INVALID_SPELLING 63:11']);
    expect(split.spec.functions.has('Write(Ln')).toBe(false);
    const qualified = pascalWith('name: "WriteLn"', 'name: "Text.WriteLn"');
    expect(errors(qualified.diagnostics)).toEqual([]);
    expect(qualified.spec.functions.has('Text.WriteLn')).toBe(true);
  });

  it('keeps ZWJ and ZWNJ, the separator as itself, operators containing it, and REM as a keyword', () => {
    for (const spelling of ['TH\u200dEN', 'TH\u200cEN', 'THEN$', 'тогда', 'THEN_1']) {
      const { diagnostics } = pascalWith('then: "THEN"', `then: ${JSON.stringify(spelling)}`);
      expect(errors(diagnostics), spelling).toEqual([]);
    }
    const assembly = parseLanguageConfig(fixture('demo_assembly.json'), { format: 'json' });
    expect(assembly.spec.operators.some((o) => o.symbol === '!=')).toBe(true);
    const basic = parseLanguageConfig(fixture('gw_basic.yaml'));
    expect(basic.spec.keywords.get('rem')?.custom).toBe('REM');
  });

  it("stack layouts: whitespace alone splits words, so Forth's ':' ';' '.' and S\" stay, comments, strings and numbers do not", () => {
    const forth = fixture('forth_like.yaml');
    expect(errors(parseLanguageConfig(forth).diagnostics)).toEqual([]);
    const sq = parseLanguageConfig(forth);
    expect([...sq.spec.functions.keys()]).toEqual(expect.arrayContaining(['.', 'S"', '@', '!']));
    for (const [spelling, problem] of [
      ['\\\\', 'is the comment marker'],
      ['(', 'is the comment marker'],
      ['\\"X', 'starts with the string delimiter'],
      ['12', 'is read as a number'],
    ]) {
      const text = forth.replace('  dup: "DUP"', () => `  dup: "${spelling}"`);
      expect(text).not.toBe(forth);
      const { spec, diagnostics } = parseLanguageConfig(text);
      const found = errors(diagnostics);
      expect(
        found.map((d) => d.code),
        spelling,
      ).toEqual(['PC_CONFIG_INVALID_SPELLING']);
      expect(found[0]?.message).toContain(problem);
      expect(spec.keywords.has('dup')).toBe(false);
    }
  });

  it('a known key of the wrong type is reported even where it is never read', () => {
    const { diagnostics } = pascalWith('block_end_required: true', 'block_end_required: "yes"');
    expect(diagnostics.map(at)).toEqual(['PC_CONFIG_WRONG_TYPE 199:23']);
    expect(diagnostics[0]?.message).toContain('write true');
    // A key the normalizers read is reported once, in their words.
    const read = pascalWith('parentheses_required: true', 'parentheses_required: "yes"');
    expect(read.diagnostics.map((d) => d.code)).toEqual(['PC_CONFIG_WRONG_TYPE']);
  });

  it('a word the config accepts is one word to the tokenizer: the two word readers agree (fixed seed)', () => {
    const spec = parseLanguageConfig(PASCAL).spec;
    const rules = new LexemeRules(new Lexicon(spec));
    const chars = fc.constantFrom('a', 'Z', '_', '1', '$', '.', '(', ';', "'", 'é', 'т', '\u200d', '-', '/', '*');
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 8 }), (cs) => {
        const s = cs.join('');
        const input = { peek: (i: number) => (i < s.length ? s.charCodeAt(i) : -1) };
        expect(leadingWord(s)).toBe(rules.readWord(input, 0));
        const { spec: loaded, diagnostics } = pascalWith('then: "THEN"', `then: ${JSON.stringify(s)}`);
        const kept = loaded.keywords.has('then');
        // Kept exactly when the tokenizer reads the whole spelling as one word, or a symbol it knows.
        const whole = rules.readWord(input, 0) === s && !/^\d/.test(s) && !s.includes("'");
        const symbol = !/^[\p{L}_\d]/u.test(s) && ['(', ';', '.', '-', '/', '*'].includes(s);
        expect(kept, s).toBe(whole || symbol);
        expect(errors(diagnostics).length, s).toBe(kept ? 0 : 1);
      }),
      { seed: 20_260_119, numRuns: 300 },
    );
  });
});
