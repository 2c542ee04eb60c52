import { ExternalTokenizer, type InputStream, type Stack } from '@lezer/lr';
import type { Lexicon } from './lexicon.js';
import { PUNCTUATION_TERMS } from './punctuation.js';
import type { IndentContext } from './indentation.js';
import { CR, isIdentStart, isSpace, LexemeRules, NL } from './lexeme-rules.js';
import { BuiltinNode } from './builtin-nodes.js';

/**
 * What the parse could take at one offset, for error repair (see error-repair.ts): while
 * `at` is set, the tokenizer adds there the spellings of keywords and symbols (and OPERAND_SPELLING
 * for a value) that some stack reaching that offset can shift. Parsing is synchronous, so
 * one probe serves every parser; `at` is -1 otherwise, and the check costs a comparison.
 */
export const expectedProbe: { at: number; readonly expected: Set<string> } = { at: -1, expected: new Set() };
export const OPERAND_SPELLING = '0';
/**
 * What the probe offers where only a name fits (a declaration's name, a Pascal type): a word
 * no config spells as a keyword. Nodes of the repaired tree map it to zero width in the
 * original text, so what the binder sees there is a declaration without a name.
 */
export const NAME_SPELLING = 'pc_missing_name';

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
    space: term('space'),
    comment: term(BuiltinNode.Comment),
    newline: term('newline'),
    indent: term('indent'),
    dedent: term('dedent'),
    ident: term(BuiltinNode.Identifier),
    command: term(BuiltinNode.CommandName),
    number: term(BuiltinNode.Number),
    lineLabel: term(BuiltinNode.LineLabel),
    blockEndLabel: term(BuiltinNode.BlockEndLabel),
    string: term(BuiltinNode.String),
    assign: term('assign'),
    sep: term('sep'),
  };
  const style = lex.spec.syntax.blockStyle;
  const blockEnders = new Set(
    (['wend', 'next', 'endif', 'else', 'elif'] as const).flatMap((c) => {
      const k = lex.keywordByConcept.get(c);
      return k ? [lex.fold(k.custom)] : [];
    }),
  );
  /** The word after `at` characters and the blanks that follow them. */
  const wordAfter = (input: InputStream, at: number): string => {
    let i = at;
    while (isSpace(input.peek(i))) i++;
    return rules.readWord(input, i);
  };
  const newlineMatters = style === 'lines' || style === 'indentation';
  const { lexical } = lex.spec;
  const keywordTerms = new Map<string, number>();
  for (const [concept, k] of lex.keywordByConcept) {
    const folded = lex.fold(k.custom);
    if (!keywordTerms.has(folded)) keywordTerms.set(folded, term(`kw_${concept}`));
  }
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

  const rules = new LexemeRules(lex);
  const matches = (input: InputStream, s: string, at = 0): boolean => rules.matches(input, s, at);

  return new ExternalTokenizer(
    (input: InputStream, stack: Stack) => {
      if (input.pos === expectedProbe.at) probeExpected(stack);
      const c = input.next;
      const context = stack.context as IndentContext | null;

      if (style === 'indentation' && context && afterLineEnd(input)) {
        let column = 0;
        for (let i = 0; isSpace(input.peek(i)); i++) column += input.peek(i) === 9 ? 8 - (column % 8) : 1;
        const atContent = input.peek(column) !== -1 || context.depth > 0;
        if (atContent && column > context.depth && stack.canShift(t.indent)) return input.acceptToken(t.indent);
        // Only where the parse can take it: an indent or dedent no stack can shift is a
        // zero-length token Lezer's recovery cannot delete, so it deletes a character
        // instead and splits the word there ("unexpected 'c'", then 'ount').
        if ((column < context.depth || (input.peek(0) === -1 && context.depth > 0)) && stack.canShift(t.dedent))
          return input.acceptToken(t.dedent);
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
        for (let i = 0; ;) {
          const ch = input.peek(i);
          if (ch === CR && input.peek(i + 1) === NL) {
            i++;
            continue;
          }
          // A lone CR ends a line too (as LineIndex counts it): left out, the token had no
          // length, and Lezer's recovery repeated it until memory ran out.
          if (ch !== NL && ch !== CR) break;
          i++;
          end = i;
          let j = i;
          while (isSpace(input.peek(j))) j++;
          const k = rules.commentLength(input, j);
          if (k > 0) j += k;
          const after = input.peek(j);
          if (after === NL || after === CR) i = j;
          else break;
        }
        return input.acceptToken(t.newline, end);
      }
      const comment = rules.commentLength(input, 0);
      if (comment > 0) return input.acceptToken(t.comment, comment);

      const string = rules.stringLength(input);
      if (string > 0) return input.acceptToken(t.string, string);
      const number = rules.numberLength(input);
      if (number > 0) {
        // BASIC's line numbers: a number that starts a line names it, for GOTO and GOSUB.
        if (style === 'lines' && atLineStart(input)) {
          // Numbered BASIC numbers its NEXT and WEND lines too: a label there belongs to the
          // block's end, a token of its own, so the grammar tells it from a new line's.
          if (stack.canShift(t.blockEndLabel) && blockEnders.has(lex.fold(wordAfter(input, number))))
            return input.acceptToken(t.blockEndLabel, number);
          if (stack.canShift(t.lineLabel)) return input.acceptToken(t.lineLabel, number);
        }
        return input.acceptToken(t.number, number);
      }
      if (isIdentStart(c)) {
        const word = rules.readWord(input, 0);
        const folded = lex.fold(word);
        const keyword = keywordTerms.get(folded);
        if (keyword !== undefined) return input.acceptToken(keyword, word.length);
        const op = lex.wordOperators.get(folded);
        if (op !== undefined) return input.acceptToken(term(`op${op}`), word.length);
        if (separator === word) return input.acceptToken(t.sep, word.length);
        if (style === 'lines' && commands.has(folded) && stack.canShift(t.command))
          return input.acceptToken(t.command, word.length);
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
    },
    { contextual: dependsOnStack },
  );

  function probeExpected(stack: Stack): void {
    const { expected } = expectedProbe;
    for (const k of lex.keywordByConcept.values()) {
      const id = keywordTerms.get(lex.fold(k.custom));
      if (id !== undefined && stack.canShift(id)) expected.add(k.custom);
    }
    for (const symbol of lex.symbols) {
      const op = symbolTerms.get(symbol);
      const punct = PUNCTUATION_TERMS[symbol];
      const ids = [
        symbol === assignment ? t.assign : undefined,
        op,
        punct === undefined ? undefined : terms[punct],
        symbol === separator ? t.sep : undefined,
      ];
      if (ids.some((id) => id !== undefined && stack.canShift(id))) expected.add(symbol);
    }
    for (const [word, op] of lex.wordOperators) if (stack.canShift(term(`op${op}`))) expected.add(word);
    if (stack.canShift(t.number)) expected.add(OPERAND_SPELLING);
    if (stack.canShift(t.ident)) expected.add(NAME_SPELLING);
  }

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
}

/** After a line end: LF, CRLF or a lone CR (as LineIndex counts lines), not between a CR and its LF. */
function afterLineEnd(input: InputStream): boolean {
  if (input.pos === 0) return true;
  const before = input.peek(-1);
  return before === NL || (before === CR && input.next !== NL);
}
