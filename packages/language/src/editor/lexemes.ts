import type { LanguageSpec } from '../config/language-spec.js';
import { isIdentStart, isSpace, LexemeRules, NL, CR, type Peekable } from '../syntax/base/lexeme-rules.js';
import { Lexicon } from '../syntax/base/lexicon.js';

export type LexemeKind = 'comment' | 'string' | 'number' | 'keyword' | 'operator' | 'word';

/** A run of source text an editor colours or protects, in UTF-16 offsets. */
export interface Lexeme {
  readonly kind: LexemeKind;
  readonly from: number;
  readonly to: number;
}

class TextCursor implements Peekable {
  pos = 0;
  constructor(private readonly text: string) {}
  peek(at: number): number {
    const i = this.pos + at;
    return i < 0 || i >= this.text.length ? -1 : this.text.charCodeAt(i);
  }
}

interface Vocabulary {
  readonly rules: LexemeRules;
  readonly lexicon: Lexicon;
  /** Folded spellings of every keyword the config defines, and of the defaults the grammars add. */
  readonly keywords: ReadonlySet<string>;
  readonly operators: ReadonlySet<string>;
}

const vocabularies = new WeakMap<LanguageSpec, Vocabulary>();

function vocabularyOf(spec: LanguageSpec): Vocabulary {
  let v = vocabularies.get(spec);
  if (!v) {
    const lexicon = new Lexicon(spec);
    const keywords = new Set(
      [...spec.keywords.values(), ...lexicon.keywordByConcept.values()].map((k) => lexicon.fold(k.custom)),
    );
    const operators = new Set([...spec.operators.map((o) => o.symbol), spec.syntax.assignmentOperator]);
    v = { rules: new LexemeRules(lexicon), lexicon, keywords, operators };
    vocabularies.set(spec, v);
  }
  return v;
}

/**
 * The comments, strings, numbers, keywords, operators and other words of a text, by the
 * same rules as the parser's tokenizer but without a parse: what semantic highlighting
 * colours and what formatting must leave alone. Linear in the text; never throws.
 */
export function scanLexemes(spec: LanguageSpec, text: string): Lexeme[] {
  const { rules, lexicon, keywords, operators } = vocabularyOf(spec);
  const out: Lexeme[] = [];
  const cursor = new TextCursor(text);
  const push = (kind: LexemeKind, length: number): void => {
    out.push({ kind, from: cursor.pos, to: cursor.pos + length });
    cursor.pos += length;
  };
  while (cursor.pos < text.length) {
    const c = cursor.peek(0);
    if (isSpace(c) || c === NL || c === CR) {
      cursor.pos++;
      continue;
    }
    const comment = rules.commentLength(cursor, 0);
    if (comment > 0) {
      push('comment', comment);
      continue;
    }
    const string = rules.stringLength(cursor);
    if (string > 0) {
      push('string', string);
      continue;
    }
    const number = rules.numberLength(cursor);
    if (number > 0) {
      push('number', number);
      continue;
    }
    if (isIdentStart(c)) {
      const word = rules.readWord(cursor, 0);
      const folded = lexicon.fold(word);
      push(keywords.has(folded) ? 'keyword' : lexicon.wordOperators.has(folded) ? 'operator' : 'word', word.length);
      continue;
    }
    const symbol = lexicon.symbols.find((s) => rules.matches(cursor, s));
    if (symbol) {
      if (operators.has(symbol)) push('operator', symbol.length);
      else cursor.pos += symbol.length;
      continue;
    }
    cursor.pos++;
  }
  return out;
}

/** Whether a word is one of the language's keywords, as the config spells it (case-folded when the language ignores case). */
export function isKeyword(spec: LanguageSpec, word: string): boolean {
  const { lexicon, keywords } = vocabularyOf(spec);
  return keywords.has(lexicon.fold(word));
}
