import type { Lexicon } from './lexicon.js';

/** What the rules read: a character code `at` positions ahead of a cursor, -1 past the end. A Lezer InputStream is one. */
export interface Peekable {
  peek(at: number): number;
}

export const NL = 10;
export const CR = 13;
export const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 12 || c === 0xfeff;
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
export const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

/**
 * How long a comment, string, number or word of one language is, from a cursor. Shared by
 * the parser's tokenizer and the editor's lexeme scan, so both agree on where a string ends
 * (the formatter must never touch one) whatever the parse state.
 */
export class LexemeRules {
  private readonly wordComments: readonly string[];
  private readonly symbolComments: readonly string[];

  constructor(private readonly lex: Lexicon) {
    const { lineComments } = lex.spec.lexical;
    this.wordComments = lineComments.filter((c) => /^\w/.test(c)).map((c) => lex.fold(c));
    this.symbolComments = lineComments.filter((c) => !/^\w/.test(c));
  }

  /** Whether `s` is spelled at `at`, ignoring case when the language does. */
  matches(input: Peekable, s: string, at = 0): boolean {
    const caseSensitive = this.lex.spec.lexical.caseSensitive;
    for (let i = 0; i < s.length; i++) {
      const c = input.peek(at + i);
      if (c !== s.charCodeAt(i) && (caseSensitive || String.fromCharCode(c).toLowerCase() !== s[i]?.toLowerCase()))
        return false;
    }
    return true;
  }

  /** The identifier-like word at `at` (BASIC's `A$` included), or ''. */
  readWord(input: Peekable, at: number): string {
    let word = '';
    for (let i = at; isIdentPart(input.peek(i)) || (i > at && input.peek(i) === 36) /* $ */; i++)
      word += String.fromCharCode(input.peek(i));
    return word;
  }

  /** Length of a comment starting `at` characters ahead, or 0. An unclosed block comment runs to the end. */
  commentLength(input: Peekable, at: number): number {
    for (const [open, close] of this.lex.blockComments) {
      if (!this.matches(input, open, at)) continue;
      let i = at + open.length;
      while (input.peek(i) !== -1 && !this.matches(input, close, i)) i++;
      return i - at + (input.peek(i) === -1 ? 0 : close.length);
    }
    for (const marker of this.symbolComments) {
      if (this.matches(input, marker, at)) return this.lineLength(input, at);
    }
    if (this.wordComments.length && isIdentStart(input.peek(at))) {
      const word = this.lex.fold(this.readWord(input, at));
      if (this.wordComments.includes(word)) return this.lineLength(input, at);
    }
    return 0;
  }

  /**
   * Length of a string literal starting at the cursor, or 0. An unterminated one ends at
   * the line end (single-character delimiters) or the text end; the checker reports it.
   */
  stringLength(input: Peekable): number {
    for (const delimiter of this.lex.spec.lexical.stringDelimiters) {
      if (!this.matches(input, delimiter)) continue;
      let i = delimiter.length;
      for (;;) {
        const ch = input.peek(i);
        if (ch === -1 || ((ch === NL || ch === CR) && delimiter.length === 1)) break;
        if (ch === 92 /* \ */ && delimiter !== "'") {
          i += 2;
          continue;
        }
        if (this.matches(input, delimiter, i)) {
          // Pascal writes a quote inside a string by doubling it.
          if (delimiter.length === 1 && this.matches(input, delimiter, i + 1)) {
            i += 2;
            continue;
          }
          i += delimiter.length;
          break;
        }
        i++;
      }
      return i;
    }
    return 0;
  }

  /** Length of a number (`12`, `3.5`, `1e-3`) at the cursor, or 0. */
  numberLength(input: Peekable): number {
    const c = input.peek(0);
    if (!isDigit(c) && !(c === 46 && isDigit(input.peek(1)))) return 0;
    let i = 0;
    while (isDigit(input.peek(i))) i++;
    if (input.peek(i) === 46 && isDigit(input.peek(i + 1))) {
      i++;
      while (isDigit(input.peek(i))) i++;
    }
    if (
      (input.peek(i) === 101 || input.peek(i) === 69) &&
      (isDigit(input.peek(i + 1)) ||
        ((input.peek(i + 1) === 43 || input.peek(i + 1) === 45) && isDigit(input.peek(i + 2))))
    ) {
      i += 2;
      while (isDigit(input.peek(i))) i++;
    }
    return i;
  }

  lineLength(input: Peekable, at: number): number {
    let i = at;
    while (input.peek(i) !== -1 && input.peek(i) !== NL && input.peek(i) !== CR) i++;
    return i - at;
  }
}
