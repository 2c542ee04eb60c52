import { ExternalTokenizer, type InputStream, type Stack } from '@lezer/lr';
import type { Lexicon } from './lexicon.js';
import { PUNCTUATION_TERMS } from './punctuation.js';
import type { IndentContext } from './indentation.js';

const NL = 10;
const CR = 13;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 12 || c === 0xfeff;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

/**
 * The config-driven lexer, as one Lezer external tokenizer: comments, strings, numbers,
 * keywords (after renaming, case-folded when the language is case-insensitive), operators by
 * maximal munch, and the newline/indent/dedent tokens of line and indentation layouts.
 * Choices that depend on the parse state (is `=` an assignment here? is `PRINT` a command
 * here?) ask the stack what it can shift.
 */
export function createTokenizer(lex: Lexicon, terms: Readonly<Record<string, number>>): ExternalTokenizer {
  const term = (name: string): number => {
    const id = terms[name];
    if (id === undefined) throw new Error(`grammar does not declare term ${name}`);
    return id;
  };
  const t = {
    space: term('space'), comment: term('Comment'), newline: term('newline'), indent: term('indent'), dedent: term('dedent'),
    ident: term('Identifier'), command: term('CommandName'), number: term('Number'), lineLabel: term('LineLabel'), string: term('String'), assign: term('assign'), sep: term('sep'),
  };
  const style = lex.spec.syntax.blockStyle;
  const newlineMatters = style === 'lines' || style === 'indentation';
  const { lexical } = lex.spec;
  const keywordTerms = new Map<string, number>();
  for (const [concept, k] of lex.keywordByConcept) {
    const folded = lex.fold(k.custom);
    if (!keywordTerms.has(folded)) keywordTerms.set(folded, term(`kw_${concept}`));
  }
  const wordComments = lexical.lineComments.filter((c) => /^\w/.test(c)).map((c) => lex.fold(c));
  const symbolComments = lexical.lineComments.filter((c) => !/^\w/.test(c));
  const symbolTerms = new Map<string, number>();
  lex.binaryOperators.forEach((o, i) => symbolTerms.set(o.symbol, term(`op${i}`)));
  const assignment = lex.spec.syntax.assignmentOperator;
  const separator = lexical.statementSeparator;
  const commands = new Set([...lex.spec.functions.keys()].map((n) => lex.fold(n)));
  const continuation = lexical.lineContinuation;
  // Lezer re-runs a contextual tokenizer at every parse action instead of caching its token;
  // only layouts whose tokens depend on the stack (indentation, line layouts, an assignment
  // spelled like an operator) pay for that.
  const dependsOnStack = style === 'lines' || style === 'indentation' || symbolTerms.has(assignment);

  const matches = (input: InputStream, s: string, at = 0): boolean => {
    for (let i = 0; i < s.length; i++) {
      const c = input.peek(at + i);
      if (c !== s.charCodeAt(i) && (lexical.caseSensitive || String.fromCharCode(c).toLowerCase() !== s[i]?.toLowerCase())) return false;
    }
    return true;
  };
  const readWord = (input: InputStream, at: number): string => {
    let word = '';
    for (let i = at; isIdentPart(input.peek(i)) || (i > at && input.peek(i) === 36 /* $ */); i++) word += String.fromCharCode(input.peek(i));
    return word;
  };

  return new ExternalTokenizer((input: InputStream, stack: Stack) => {
    const c = input.next;
    const context = stack.context as IndentContext | null;

    if (style === 'indentation' && context && (input.pos === 0 || input.peek(-1) === NL)) {
      let column = 0;
      for (let i = 0; isSpace(input.peek(i)); i++) column += input.peek(i) === 9 ? 8 - (column % 8) : 1;
      const atContent = input.peek(column) !== -1 || context.depth > 0;
      if (atContent && column > context.depth && stack.canShift(t.indent)) return input.acceptToken(t.indent);
      if (column < context.depth || (input.peek(0) === -1 && context.depth > 0)) return input.acceptToken(t.dedent);
    }
    if (c === -1) return;

    if (isSpace(c) || ((c === NL || c === CR) && !newlineMatters)) {
      while (isSpace(input.next) || (!newlineMatters && (input.next === NL || input.next === CR))) input.advance();
      return input.acceptToken(t.space);
    }
    if (continuation && matches(input, continuation) && lineEndsAfter(input, continuation.length)) {
      input.advance(continuation.length);
      while (input.next !== NL && input.next !== -1) input.advance();
      if (input.next === NL) input.advance();
      return input.acceptToken(t.space);
    }
    if (c === NL || c === CR) {
      // One token for the line end and any blank or comment-only lines after it, so the
      // grammar sees a single line break and indentation is measured on a content line.
      let end = 0;
      for (let i = 0; ; ) {
        const ch = input.peek(i);
        if (ch === CR) { i++; continue; }
        if (ch !== NL) break;
        i++;
        end = i;
        let j = i;
        while (isSpace(input.peek(j))) j++;
        const k = commentLength(input, j);
        if (k > 0) j += k;
        const after = input.peek(j);
        if (after === NL || after === CR) i = j;
        else break;
      }
      return input.acceptToken(t.newline, end);
    }
    const comment = commentLength(input, 0);
    if (comment > 0) return input.acceptToken(t.comment, comment);

    for (const delimiter of lexical.stringDelimiters) {
      if (!matches(input, delimiter)) continue;
      let i = delimiter.length;
      for (;;) {
        const ch = input.peek(i);
        if (ch === -1 || ((ch === NL || ch === CR) && delimiter.length === 1)) break; // unterminated: the checker reports it
        if (ch === 92 /* \ */ && delimiter !== "'") { i += 2; continue; }
        if (matches(input, delimiter, i)) {
          // Pascal writes a quote inside a string by doubling it.
          if (delimiter.length === 1 && matches(input, delimiter, i + 1)) { i += 2; continue; }
          i += delimiter.length;
          break;
        }
        i++;
      }
      return input.acceptToken(t.string, i);
    }
    if (isDigit(c) || (c === 46 && isDigit(input.peek(1)))) {
      let i = 0;
      while (isDigit(input.peek(i))) i++;
      if (input.peek(i) === 46 && isDigit(input.peek(i + 1))) { i++; while (isDigit(input.peek(i))) i++; }
      if ((input.peek(i) === 101 || input.peek(i) === 69) && (isDigit(input.peek(i + 1)) || ((input.peek(i + 1) === 43 || input.peek(i + 1) === 45) && isDigit(input.peek(i + 2))))) {
        i += 2;
        while (isDigit(input.peek(i))) i++;
      }
      // BASIC's line numbers: a number that starts a line names it, for GOTO and GOSUB.
      if (style === 'lines' && atLineStart(input) && stack.canShift(t.lineLabel)) return input.acceptToken(t.lineLabel, i);
      return input.acceptToken(t.number, i);
    }
    if (isIdentStart(c)) {
      const word = readWord(input, 0);
      const folded = lex.fold(word);
      const keyword = keywordTerms.get(folded);
      if (keyword !== undefined) return input.acceptToken(keyword, word.length);
      const op = lex.wordOperators.get(folded);
      if (op !== undefined) return input.acceptToken(term(`op${op}`), word.length);
      if (separator === word) return input.acceptToken(t.sep, word.length);
      if (style === 'lines' && commands.has(folded) && stack.canShift(t.command)) return input.acceptToken(t.command, word.length);
      return input.acceptToken(t.ident, word.length);
    }
    for (const symbol of lex.symbols) {
      if (!matches(input, symbol)) continue;
      if (symbol === assignment) {
        const op = symbolTerms.get(symbol);
        // `=` is both assignment and equality in BASIC: assignment wherever one can start.
        if (op === undefined || stack.canShift(t.assign)) return input.acceptToken(t.assign, symbol.length);
        return input.acceptToken(op, symbol.length);
      }
      const op = symbolTerms.get(symbol);
      if (op !== undefined) return input.acceptToken(op, symbol.length);
      const punct = PUNCTUATION_TERMS[symbol];
      if (punct !== undefined) return input.acceptToken(term(punct), symbol.length);
      if (symbol === separator) return input.acceptToken(t.sep, symbol.length);
    }
    // Anything else is left to Lezer's error recovery, which skips it with an error node.
    return undefined;
  }, { contextual: dependsOnStack });

  function atLineStart(input: InputStream): boolean {
    for (let i = -1; ; i--) {
      const c = input.peek(i);
      if (c === -1 || c === NL || c === CR) return true;
      if (!isSpace(c)) return false;
    }
  }

  function lineEndsAfter(input: InputStream, at: number): boolean {
    let i = at;
    while (isSpace(input.peek(i))) i++;
    const c = input.peek(i);
    return c === NL || c === CR || c === -1;
  }

  /** Length of a comment starting `at` characters ahead, or 0. */
  function commentLength(input: InputStream, at: number): number {
    for (const [open, close] of lexical.blockComments) {
      if (!matches(input, open, at)) continue;
      let i = at + open.length;
      while (input.peek(i) !== -1 && !matches(input, close, i)) i++;
      return i - at + (input.peek(i) === -1 ? 0 : close.length);
    }
    for (const marker of symbolComments) {
      if (matches(input, marker, at)) return lineLength(input, at);
    }
    if (wordComments.length && isIdentStart(input.peek(at))) {
      const word = lex.fold(readWord(input, at));
      if (wordComments.includes(word)) return lineLength(input, at);
    }
    return 0;
  }

  function lineLength(input: InputStream, at: number): number {
    let i = at;
    while (input.peek(i) !== -1 && input.peek(i) !== NL && input.peek(i) !== CR) i++;
    return i - at;
  }
}
