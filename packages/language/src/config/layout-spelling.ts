import type { ConfigDocument } from './config-document.js';
import type { BlockStyle, FunctionSpec, KeywordSpec, LexicalSpec, OperatorSpec } from './language-spec.js';
import { reportSpelling } from './spelling.js';
import type { Range } from '../diagnostics/diagnostic.js';

/** What a spelling names: each kind is read by a different rule of the tokenizer. */
export type SpellingRole = 'keyword' | 'function' | 'operator';

/** What the config's tokenizer is built from, besides the spelling itself. */
export interface SpellingLayout {
  readonly style: BlockStyle;
  readonly lexical: LexicalSpec;
  /** Symbols the tokenizer reads by maximal munch: the config's operators, punctuation, assignment and separator. */
  readonly symbols: ReadonlySet<string>;
  /** Keyword concepts by spelling, folded when the language ignores case. */
  readonly keywords: ReadonlyMap<string, string>;
}

// The tokenizer's word rules (syntax/base/lexeme-rules.ts), on UTF-16 code units as it reads
// them. Config sits below syntax, so they are restated here; config-layout-spelling.test.ts
// checks the two agree.
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Markers starting like an ASCII word are matched as whole words, as LexemeRules and Lexicon tell them apart. */
const wordLike = (s: string): boolean => /^\w/.test(s);
/** Lexicon's test for an operator spelled as a word (`DIV`); other words never reach the operator table. */
const WORD_OPERATOR = /^[A-Za-z_]\w*$/;
/** Keywords the built-in grammars read as operators themselves (base-grammar.ts), so an operator may share their spelling. */
const OPERATOR_KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not']);
/** stack-tokens.ts's numbers: a stack word spelled so is a number, never a name. */
const STACK_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** The word LexemeRules.readWord reads at the start of `s` (BASIC's `A$` included), or ''. */
export function leadingWord(s: string): string {
  let i = 0;
  while (i < s.length && (isIdentPart(s.charCodeAt(i)) || (i > 0 && s.charCodeAt(i) === 36))) i++;
  return s.slice(0, i);
}

/** Lexicon's punctuation: what every built-in grammar reads as a symbol, whatever the config. */
const PUNCTUATION = ['(', ')', '[', ']', ',', ':', ';', '.', '..', '{', '}'];

export interface Vocabulary {
  readonly keywords: ReadonlyMap<string, KeywordSpec>;
  readonly functions: ReadonlyMap<string, FunctionSpec>;
  readonly operators: readonly OperatorSpec[];
}

/**
 * The vocabulary without the spellings the layout's tokenizer cannot read, each reported
 * where it is written (an attack session: `THEN.`, `//T` or `1THEN` loaded silently, and
 * every program using them failed). `operatorRanges` holds the config's own operators; the
 * default table, which no config wrote, is not checked.
 */
export function keepReadableSpellings(
  doc: ConfigDocument,
  style: BlockStyle,
  lexical: LexicalSpec,
  assignment: string,
  vocabulary: Vocabulary,
  operatorRanges: ReadonlyMap<OperatorSpec, Range | undefined>,
): Vocabulary {
  const fold = (s: string): string => (lexical.caseSensitive ? s : s.toLowerCase());
  const keywordsBySpelling = new Map<string, string>();
  for (const k of vocabulary.keywords.values())
    if (!keywordsBySpelling.has(fold(k.custom))) keywordsBySpelling.set(fold(k.custom), k.concept);
  const base = { style, lexical, keywords: keywordsBySpelling, symbols: new Set<string>() };

  const operators = vocabulary.operators.filter((o) => {
    if (!operatorRanges.has(o)) return true;
    const problem = layoutSpellingProblem(o.symbol, 'operator', base);
    if (problem !== undefined) reportSpelling(doc, o.symbol, operatorRanges.get(o), 'An operator symbol', problem);
    return problem === undefined;
  });
  const separator = lexical.statementSeparator;
  const symbols = new Set([
    ...operators.map((o) => o.symbol).filter((s) => !wordLike(s)),
    ...PUNCTUATION,
    assignment,
    ...(separator !== null && !wordLike(separator) ? [separator] : []),
  ]);
  const layout = { ...base, symbols };

  const keywords = new Map<string, KeywordSpec>();
  for (const [concept, k] of vocabulary.keywords) {
    const problem = layoutSpellingProblem(k.custom, 'keyword', layout);
    if (problem === undefined) keywords.set(concept, k);
    else reportSpelling(doc, k.custom, k.range, `The spelling of keyword '${concept}'`, problem);
  }
  const functions = new Map<string, FunctionSpec>();
  for (const [name, f] of vocabulary.functions) {
    const problem = layoutSpellingProblem(name, 'function', layout);
    if (problem === undefined) functions.set(name, f);
    else reportSpelling(doc, name, f.range, `The name of function '${f.key}'`, problem);
  }
  return { keywords, functions, operators };
}

const q = (s: string): string => JSON.stringify(s);

/**
 * Why the tokenizer of `layout` can never read `spelling` as one keyword, function name or
 * operator, or `undefined` when it can. Run after spellingProblem (no whitespace or invisible
 * characters), once the block layout is known, since each layout reads words its own way.
 */
export function layoutSpellingProblem(
  spelling: string,
  role: SpellingRole,
  layout: SpellingLayout,
): string | undefined {
  return layout.style === 'stack' ? stackProblem(spelling, layout.lexical) : tokenProblem(spelling, role, layout);
}

/**
 * A stack layout splits the text at whitespace only (stack-tokens.ts): any other spelling is
 * one word (Forth's `:`, `."`, `S"`), unless it is read as a comment, a string or a number.
 */
function stackProblem(spelling: string, lexical: LexicalSpec): string | undefined {
  const comment = [...lexical.lineComments, ...lexical.blockComments.map(([open]) => open)].find((c) => c === spelling);
  if (comment !== undefined) return `is the comment marker ${q(comment)}, which starts a comment`;
  const delimiter = lexical.stringDelimiters.find((d) => spelling.startsWith(d));
  if (delimiter !== undefined) return `starts with the string delimiter ${q(delimiter)}, which starts a string`;
  if (STACK_NUMBER.test(spelling)) return 'is read as a number';
  return undefined;
}

/**
 * The other layouts share tokenizer.ts, which at each token tries a comment, a string, a
 * number, a word, then the symbols longest first. A keyword is a whole word, or a symbol the
 * config spells (Forth-like `=` of an ML); a function a name (`List.length` is a qualified
 * one); an operator a symbol, or a word of ASCII letters that no keyword spells.
 */
function tokenProblem(spelling: string, role: SpellingRole, layout: SpellingLayout): string | undefined {
  const { lexical } = layout;
  const fold = (s: string): string => (lexical.caseSensitive ? s : s.toLowerCase());
  const folded = fold(spelling);
  const word = leadingWord(spelling);
  const first = spelling.charCodeAt(0);

  for (const [open] of lexical.blockComments) {
    if (wordLike(open) ? folded.startsWith(fold(open)) : folded.includes(fold(open)))
      return `contains the block-comment start ${q(open)}, which starts a comment`;
  }
  for (const marker of lexical.lineComments) {
    // BASIC's keyword REM is its comment marker: the keyword names the comment itself.
    if (role === 'keyword' && folded === fold(marker)) continue;
    if (wordLike(marker) ? fold(word) === fold(marker) : folded.includes(fold(marker)))
      return wordLike(marker)
        ? `is the comment word ${q(marker)}, which starts a comment`
        : `contains the line-comment marker ${q(marker)}, which starts a comment`;
  }
  for (const delimiter of lexical.stringDelimiters) {
    if (wordLike(delimiter) ? folded.startsWith(fold(delimiter)) : folded.includes(fold(delimiter)))
      return `contains the string delimiter ${q(delimiter)}, which starts a string`;
  }
  // An operator's symbol is among those munched, longest first: `!=` is read whole where `!`
  // separates, and no statement starts with its `=`. A separator after its first character
  // is another matter: `x := y +;` with operator `+;` munches the statement's end away.
  const munched = !isIdentStart(first) && (role === 'operator' || (role === 'keyword' && layout.symbols.has(spelling)));
  const separator = lexical.statementSeparator;
  if (separator !== null && !wordLike(separator) && spelling !== separator) {
    const inside = spelling.indexOf(separator, munched ? 1 : 0);
    if (inside !== -1)
      return munched
        ? `contains the statement separator ${q(separator)} after ${q(spelling.slice(0, inside))}, and the tokenizer would read ${q(spelling.slice(0, inside) + separator)} at the end of a statement as this operator`
        : `contains the statement separator ${q(separator)}, where a statement ends`;
  }
  if (isDigit(first) || (first === 46 && isDigit(spelling.charCodeAt(1))))
    return 'starts with a digit, which the tokenizer reads as the start of a number';

  if (role === 'function') {
    // A qualified name is words between dots: `List.length`.
    let at = 0;
    for (const part of spelling.split('.')) {
      if (part === '') return emptyPart(spelling, at);
      const w = leadingWord(part);
      if (w === '' || w !== part || !isIdentStart(part.charCodeAt(0))) return splitAt(spelling, at + w.length, role);
      at += part.length + 1;
    }
    return undefined;
  }
  if (isIdentStart(first)) {
    if (word !== spelling) return splitAt(spelling, word.length, role);
    if (role === 'operator') {
      if (!WORD_OPERATOR.test(spelling))
        return 'is a word with characters other than ASCII letters, digits and _, which the tokenizer reads as a name, never as an operator';
      const keyword = layout.keywords.get(folded);
      if (keyword !== undefined && !OPERATOR_KEYWORDS.has(keyword))
        return `is spelled like keyword '${keyword}', which the tokenizer reads instead`;
    }
    return undefined;
  }
  if (role === 'keyword' && !layout.symbols.has(spelling))
    return 'is neither a word nor a symbol that an operator or punctuation of this config spells, so the tokenizer never reads it as one token';
  return undefined;
}

/** A qualified name with nothing between, before or after its dots (`Write.Ln.`, `.Ln`, `Write..Ln`). */
function emptyPart(spelling: string, at: number): string {
  if (at === 0) return 'starts with ".", where a name must start';
  if (at === spelling.length) return 'ends with ".", where a qualified name needs a name after the dot';
  return `has two dots in a row after ${q(spelling.slice(0, at - 1))}, where a qualified name needs a name between them`;
}

function splitAt(spelling: string, at: number, role: SpellingRole): string {
  if (role === 'function' && at === 0 && spelling.indexOf('.') <= 0 && !isIdentStart(spelling.charCodeAt(0)))
    return 'is not a name, and programs call functions by name';
  const ch = spelling.slice(at, at + 1);
  return at === 0
    ? `has ${q(ch)} where a name must start`
    : `has ${q(ch)} after ${q(spelling.slice(0, at))}, where the tokenizer ends the word`;
}
