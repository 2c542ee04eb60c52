import type { LexicalSpec } from '../../config/language-spec.js';

export type StackTokenKind = 'word' | 'number' | 'string' | 'comment';

export interface StackToken {
  readonly kind: StackTokenKind;
  readonly from: number;
  readonly to: number;
  /** Comments and strings that reach the end of the text without their closing delimiter. */
  readonly unclosed?: boolean;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** The tokens of a text, or of its start when the deadline passed first (`stoppedAt`: where the rest begins). */
export interface StackTokens {
  readonly tokens: StackToken[];
  readonly stoppedAt?: number;
}

/** How many words are read between looks at the clock: reading it costs more than a word. */
const CLOCK_EVERY = 1024;

// A byte order mark (an editor's, at the start of the file) is a blank, as the other layouts read it.
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\ufeff';

/**
 * Splits a stack-language text into whitespace-separated words, as Forth reads them. A
 * comment or string opener counts only as a word of its own (`\ note`, `( n -- n )`), so
 * `\` and `(` inside a word such as `2(` stay part of it. A word that ends with a string
 * delimiter (`S"`, `."`) opens a string that runs to the next delimiter, as do words that
 * start with one. Every loop advances, so the scan ends after at most `text.length` steps,
 * or earlier, between two words, once `deadline` (performance.now()) has passed.
 */
export function stackTokens(text: string, lexical: LexicalSpec, deadline = Infinity): StackTokens {
  const tokens: StackToken[] = [];
  const lineComments = lexical.lineComments;
  const blockComments = lexical.blockComments;
  const delimiters = lexical.stringDelimiters;
  let at = 0;
  while (at < text.length) {
    if (isSpace(text[at])) {
      at++;
      continue;
    }
    if (tokens.length % CLOCK_EVERY === CLOCK_EVERY - 1 && performance.now() > deadline)
      return { tokens, stoppedAt: at };
    let end = at;
    while (end < text.length && !isSpace(text[end])) end++;
    const word = text.slice(at, end);

    if (lineComments.includes(word)) {
      let stop = text.indexOf('\n', end);
      if (stop === -1) stop = text.length;
      tokens.push({ kind: 'comment', from: at, to: stop });
      at = stop;
      continue;
    }
    const block = blockComments.find(([open]) => word === open);
    if (block) {
      const close = text.indexOf(block[1], end);
      const stop = close === -1 ? text.length : close + block[1].length;
      tokens.push({ kind: 'comment', from: at, to: stop, ...(close === -1 && { unclosed: true }) });
      at = stop;
      continue;
    }
    const leading = delimiters.find((d) => word.startsWith(d));
    const opener = leading ?? delimiters.find((d) => word.endsWith(d) && word.length > d.length);
    if (opener !== undefined) {
      const delimiter = opener;
      // `"text"` closes within or after itself; `S" text"` after the opening word.
      const searchFrom = leading !== undefined ? at + delimiter.length : end;
      const close = text.indexOf(delimiter, searchFrom);
      const stop = close === -1 ? text.length : close + delimiter.length;
      tokens.push({ kind: 'string', from: at, to: stop, ...(close === -1 && { unclosed: true }) });
      at = stop;
      continue;
    }
    tokens.push({ kind: NUMBER.test(word) ? 'number' : 'word', from: at, to: end });
    at = end;
  }
  return { tokens };
}
