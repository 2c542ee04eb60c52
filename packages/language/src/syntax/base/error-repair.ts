import { TreeFragment, type Tree } from '@lezer/common';
import { changedLines } from './changed-range.js';
import { editDistance } from '../../diagnostics/edit-distance.js';
import type { LRParser } from '@lezer/lr';
import type { Lexicon } from './lexicon.js';
import { CR, isIdentPart, isSpace, LexemeRules, NL } from './lexeme-rules.js';
import { expectedProbe, NAME_SPELLING, OPERAND_SPELLING } from './tokenizer.js';

/**
 * Repairs a text that does not parse with the fewest single-token edits, as a Burke-Fisher
 * repair does: at the first token a strict parse cannot take (where the error is first
 * detectable), try a keyword for a misspelt or wrongly cased word, the insertion of one
 * token, the replacement or the deletion of one, and keep the edit that lets the strict
 * parse run furthest through the next lines. Lezer's own recovery chooses by local cost and
 * often leaves the parse misaligned (a block closed early, every later line an error); one
 * edit that parses on is what the author most likely meant, so it is the one error, and the
 * repaired text is what names and types are checked on.
 */

export type RepairKind = 'keyword-spelling' | 'keyword-case' | 'insert' | 'replace' | 'delete' | 'indent';

export interface Repair {
  readonly kind: RepairKind;
  /** The edited range in the original text. */
  readonly from: number;
  readonly to: number;
  readonly insert: string;
  /** Where a finding about it points, in the original text: the word, or the token before an insertion. */
  readonly at: { readonly from: number; readonly to: number };
  /** Where the strict parse stopped before the repair, in the original text. */
  readonly stop: number;
  /** For a keyword-case repair of every such word at once: how many words. */
  readonly count?: number;
  /** For a keyword-case repair: every word's edit (original offsets), for one fix of them all. */
  readonly caseEdits?: readonly { readonly from: number; readonly to: number; readonly insert: string }[];
}

export interface RepairResult {
  readonly repairs: readonly Repair[];
  readonly text: string;
  /** Whether the repaired text parses; otherwise the first unrepaired error is at `stoppedAt` (original offsets). */
  readonly complete: boolean;
  readonly stoppedAt?: number;
  /** Maps an offset in the repaired text back to the original text. */
  readonly toOriginal: (offset: number) => number;
  /** Lezer's tree of the repaired text (with its final line break) when it parses: no need to parse it again. */
  readonly tree?: Tree;
  /** What the repair of the next version of this text may reuse; absent when it may reuse nothing. */
  readonly memo?: RepairMemo;
}

/**
 * A complete repair, kept for the next version of the text. Each choice a repair makes reads
 * the text only up to a few lines past its error (and the work counter, which grows with the
 * text's length), so a text that differs only past `horizon` gets the same repairs from a
 * fresh search: reapplyRepairs gives them at the cost of one incremental strict parse, which
 * an editor's keystroke far from a persistent error would otherwise pay a search for.
 */
export interface RepairMemo {
  readonly original: string;
  /** The repaired text with its final line break, as parsed, and its tree. */
  readonly input: string;
  readonly tree: Tree;
  readonly edits: readonly Edit[];
  readonly repairs: readonly Repair[];
  readonly horizon: number;
  readonly work: number;
  readonly toOriginal: (offset: number) => number;
}

/** What a repair inserts where a value is missing; findings say "a value", not this. */
export const OPERAND = OPERAND_SPELLING;
/** What a repair inserts where a name is missing; findings say "a name". */
export const NAME = NAME_SPELLING;

/** Repairs per text: a text with more mistakes than this keeps Lezer's recovery after them. */
const MAX_REPAIRS = 12;
/** How many lines past the error a repair must parse through to be taken. */
const WINDOW_LINES = 4;

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

const strictParsers = new WeakMap<LRParser, LRParser>();

/**
 * What a parse of `text` can reuse of the parsed text `from`: its fragments, cut where the two
 * differ (one change, from their common prefix to their common suffix). A repair's parses
 * differ from the text parsed just before them by one small edit, so each costs about the
 * window it checks instead of the whole prefix; Lezer's result is the same either way.
 */
class Reuse {
  private constructor(
    readonly text: string,
    private readonly fragments: readonly TreeFragment[],
  ) {}

  /**
   * Only what `tree` parsed before its first error node: past it Lezer's recovery shaped the
   * tree (a node closed by an inserted token), and a strict parse that reused such a node
   * would step over the very mistake it is looking for.
   */
  static of(text: string, tree: Tree | undefined): Reuse {
    if (!tree || tree.length !== text.length) return new Reuse(text, []);
    const firstError = firstErrorFrom(tree);
    const whole = TreeFragment.addTree(tree);
    return new Reuse(
      text,
      firstError === undefined
        ? whole
        : TreeFragment.applyChanges(whole, [
            { fromA: firstError, toA: text.length, fromB: firstError, toB: text.length },
          ]),
    );
  }

  /** Fragments for parsing `text`. */
  for(text: string): readonly TreeFragment[] {
    if (this.fragments.length === 0) return this.fragments;
    const a = this.text;
    const shorter = Math.min(a.length, text.length);
    let prefix = 0;
    while (prefix < shorter && a.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (
      suffix < shorter - prefix &&
      a.charCodeAt(a.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
    )
      suffix++;
    return TreeFragment.applyChanges(this.fragments, [
      { fromA: prefix, toA: a.length - suffix, fromB: prefix, toB: text.length - suffix },
    ]);
  }

  /** The same reuse, moved to `text` (which the repair now parses from). */
  movedTo(text: string): Reuse {
    return new Reuse(text, this.for(text));
  }
}

function firstErrorFrom(tree: Tree): number | undefined {
  let from: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (from !== undefined) return false;
      if (node.type.isError) {
        from = node.from;
        return false;
      }
      return undefined;
    },
  });
  return from;
}

/** What a strict parse of `input` could take at `stop` (where it fails), by the tokenizer's probe. */
function expectedAt(parser: LRParser, input: string, stop: number, reuse?: Reuse): ReadonlySet<string> | undefined {
  expectedProbe.at = stop;
  expectedProbe.expected.clear();
  try {
    const head = input.slice(0, Math.min(input.length, stop + 1));
    strictOf(parser).parse(head, reuse?.for(head));
  } catch {
    // It fails at `stop` or the end of the slice: the probe has what it saw.
  } finally {
    expectedProbe.at = -1;
  }
  return expectedProbe.expected.size > 0 ? new Set(expectedProbe.expected) : undefined;
}

function strictOf(parser: LRParser): LRParser {
  let strict = strictParsers.get(parser);
  if (!strict) strictParsers.set(parser, (strict = parser.configure({ strict: true })));
  return strict;
}

/** Where a strict parse of `input` stops; `Infinity` when it parses. Other failures (depth) propagate. */
export function strictStop(parser: LRParser, input: string, reuse?: Reuse): number {
  const parsed = strictParse(parser, input, reuse?.for(input));
  return typeof parsed === 'number' ? parsed : Infinity;
}

/** The strict parse's tree, or where it stops. */
function strictParse(parser: LRParser, input: string, fragments?: readonly TreeFragment[]): Tree | number {
  try {
    return strictOf(parser).parse(input, fragments);
  } catch (error) {
    const at = error instanceof SyntaxError ? /No parse at (\d+)/.exec(error.message) : null;
    if (!at) throw error;
    return Number(at[1]);
  }
}

/**
 * The repairs `memo` made, applied to `text` and checked by one strict parse that reuses the
 * memo's tree; undefined when `text` differs from the memo's before its horizon, or the
 * repairs no longer make it parse (a new error past them), and a fresh search is due.
 */
export function reapplyRepairs(text: string, memo: RepairMemo, options: RepairOptions): RepairResult | undefined {
  const changed = changedLines(memo.original, text);
  if (changed && changed.fromA < memo.horizon) return undefined;
  // The search adds the text's length to its work once per repair.
  const work = memo.work + memo.edits.length * (text.length - memo.original.length);
  if (work > MAX_REPAIR_WORK) return undefined;
  let current = text;
  for (const e of memo.edits) current = current.slice(0, e.from) + e.insert + current.slice(e.to);
  const input = options.finalNewline && !current.endsWith('\n') ? `${current}\n` : current;
  const diff = changedLines(memo.input, input);
  const fragments = TreeFragment.addTree(memo.tree);
  const tree = strictParse(options.parser, input, diff ? TreeFragment.applyChanges(fragments, [diff]) : fragments);
  if (typeof tree === 'number') return undefined;
  return {
    repairs: memo.repairs,
    text: current,
    complete: true,
    toOriginal: memo.toOriginal,
    tree,
    memo: { ...memo, original: text, input, tree, work },
  };
}

export interface RepairOptions {
  readonly lexicon: Lexicon;
  readonly parser: LRParser;
  /** Whether the parser wants the text to end in a line break. */
  readonly finalNewline: boolean;
  /** performance.now() past which no further repair is tried. */
  readonly deadline: number;
  /** Lezer's tree of the text as parsed (with its final line break if the parser wants one), for its parses to reuse. */
  readonly tree?: Tree;
}

/**
 * Characters of strict parsing a text's repair may cost, counted from the offsets alone (not
 * the clock) so that a repair is the same whatever the machine's load, and an incremental
 * analysis agrees with a fresh one.
 */
const MAX_REPAIR_WORK = 1_500_000;

export function repairSyntax(text: string, options: RepairOptions): RepairResult {
  const { lexicon, parser, deadline } = options;
  const close = (s: string): string => (options.finalNewline && !s.endsWith('\n') ? `${s}\n` : s);
  const edits: Edit[] = [];
  const repairs: Repair[] = [];
  const toOriginal = (offset: number): number => {
    let p = offset;
    for (let i = edits.length - 1; i >= 0; i--) {
      const e = edits[i] as Edit;
      if (p >= e.from + e.insert.length) p += e.to - e.from - e.insert.length;
      else if (p > e.from) p = e.from;
    }
    return p;
  };
  let current = text;
  let reuse = Reuse.of(close(current), options.tree);
  // The strict parse of the text as repaired so far: where it stops, or its tree.
  const parseCurrent = (): Tree | number => strictParse(parser, close(current), reuse.for(close(current)));
  let parsed = parseCurrent();
  let stop = typeof parsed === 'number' ? parsed : Infinity;
  let work = 0;
  // How far into the text the choices so far have read (see RepairMemo).
  let horizon = 0;
  const keywords = [...new Set([...lexicon.keywordByConcept.values()].map((k) => k.custom))];
  const symbols = [...lexicon.symbols];
  while (stop !== Infinity && repairs.length < MAX_REPAIRS && work <= MAX_REPAIR_WORK && performance.now() < deadline) {
    // Keywords typed in the wrong case are seldom one: when the error is at one, every word
    // that is a keyword but for its case is read as that keyword, if that parses further.
    // Case changes keep every offset, so the edit needs no mapping.
    const caseWord = wrongCaseKeywordAt(current, stop, lexicon);
    if (caseWord) {
      const bulk = withKeywordCase(current, lexicon);
      work += current.length;
      const bulkStop = strictStop(parser, close(bulk.text), reuse);
      // The bulk change reads the whole text.
      horizon = Infinity;
      if (bulkStop > caseWord.to) {
        repairs.push({
          kind: 'keyword-case',
          from: toOriginal(caseWord.from),
          to: toOriginal(caseWord.to),
          insert: caseWord.keyword,
          at: { from: toOriginal(caseWord.from), to: toOriginal(caseWord.to) },
          stop: toOriginal(stop),
          count: bulk.count,
          caseEdits: bulk.edits.map((e) => ({ from: toOriginal(e.from), to: toOriginal(e.to), insert: e.insert })),
        });
        current = bulk.text;
        reuse = reuse.movedTo(close(current));
        parsed = parseCurrent();
        stop = typeof parsed === 'number' ? parsed : Infinity;
        continue;
      }
    }
    const expected = expectedAt(parser, close(current), stop, reuse);
    work += stop;
    // The window a candidate must parse through, and a line more for the tokenizer's lookahead.
    const readTo = lineEndAfter(current, stop, WINDOW_LINES + 1);
    horizon = Math.max(horizon, readTo >= current.length ? Infinity : toOriginal(readTo));
    const probe = (offset: number): ReadonlySet<string> | undefined => {
      work += offset;
      return expectedAt(parser, close(current), offset, reuse);
    };
    const reach = (candidate: string, edit: Edit): number | undefined => {
      if (work > MAX_REPAIR_WORK) return undefined;
      // The window starts where the error is in the candidate: an edit before it moved it, and
      // a line inserted before it (CONST after `PROGRAM T;`) must not count as a window line.
      const from = edit.to <= stop ? stop + candidate.length - current.length : stop;
      const windowEnd = lineEndAfter(candidate, from, WINDOW_LINES);
      work += windowEnd;
      // A window that takes in the end of the text passes only by parsing to the end.
      if (windowEnd >= candidate.length) return strictStop(parser, close(candidate), reuse);
      const reached = strictStop(parser, close(candidate.slice(0, windowEnd)), reuse);
      return reached >= windowEnd ? Infinity : reached;
    };
    const found = bestEdit(current, stop, keywords, symbols, lexicon, deadline, expected, probe, reach);
    if (!found) break;
    const edit = closerWhereIndentationEnds(
      current,
      stop,
      found,
      lexicon,
      (candidate, edit) => reach(candidate, edit) === Infinity,
    );
    const original = { from: toOriginal(edit.edit.from), to: toOriginal(edit.edit.to) };
    repairs.push({
      kind: edit.kind,
      from: original.from,
      to: original.to,
      insert: edit.edit.insert,
      at: { from: toOriginal(edit.at.from), to: toOriginal(edit.at.to) },
      stop: toOriginal(stop),
    });
    current = current.slice(0, edit.edit.from) + edit.edit.insert + current.slice(edit.edit.to);
    edits.push(edit.edit);
    work += current.length;
    reuse = reuse.movedTo(close(current));
    parsed = parseCurrent();
    stop = typeof parsed === 'number' ? parsed : Infinity;
  }
  if (typeof parsed === 'number')
    return {
      repairs,
      text: current,
      complete: false,
      stoppedAt: toOriginal(Math.min(stop, current.length)),
      toOriginal,
    };
  const input = close(current);
  const tree = parsed;
  return {
    repairs,
    text: current,
    complete: true,
    toOriginal,
    tree,
    ...(horizon !== Infinity &&
      repairs.length > 0 && { memo: { original: text, input, tree, edits, repairs, horizon, work, toOriginal } }),
  };
}

/** Block openers and the closers that end them, by role, for placing a missing closer. */
const OPENERS = ['begin', 'record', 'case'] as const;
const CLOSER = 'end';

/**
 * A missing END (or `}`) is first detectable where the text runs out of blocks to close,
 * often the program's last line, far from where it belongs. The author's indentation says
 * where: closers are matched to openers by column, as rustc does for an unclosed brace; the
 * opener left without one at its column is the one that lost its closer, and its block ends
 * before the first line indented no deeper than it. When `found` inserts a closer and the
 * same closer inserted there parses as far, that is the repair; otherwise `found` stands.
 */
function closerWhereIndentationEnds(
  text: string,
  stop: number,
  found: Candidate,
  lexicon: Lexicon,
  parses: (candidate: string, edit: Edit) => boolean,
): Candidate {
  if (found.kind !== 'insert') return found;
  const braces = lexicon.spec.syntax.blockStyle === 'braces';
  if (!braces && lexicon.spec.syntax.blockStyle !== 'keywords') return found;
  const closer = braces ? '}' : lexicon.keywordByConcept.get(CLOSER)?.custom;
  if (closer === undefined) return found;
  const inserted = found.edit.insert.trim();
  const separator = lexicon.spec.lexical.statementSeparator;
  const insertsCloser = inserted === closer || (separator !== undefined && inserted === `${closer}${separator}`);
  // A `;` before the first line that leaves the block (`i := i + 1` then REPEAT) papers over
  // the END missing there: the END is the repair when the indentation says so.
  const insertsSeparator = separator !== undefined && inserted === separator;
  if (!insertsCloser && !insertsSeparator) return found;
  const openers = new Set(
    braces
      ? ['{']
      : OPENERS.flatMap((c) => {
          const k = lexicon.keywordByConcept.get(c);
          return k ? [lexicon.fold(k.custom)] : [];
        }),
  );
  const foldedCloser = lexicon.fold(closer);
  const lineStartOf = (at: number): number => text.lastIndexOf('\n', at - 1) + 1;
  const columnOf = (at: number): number => {
    // The column of the line the token is on: where its first token starts.
    const start = lineStartOf(at);
    let i = start;
    while (i < at && isSpace(text.charCodeAt(i))) i++;
    return i - start;
  };
  const open: { from: number; column: number }[] = [];
  let unclosed: { from: number; column: number } | undefined;
  const tokens: Span[] = [];
  const atStop = forEachToken(text, insertsCloser ? found.edit.from : stop, lexicon, (t) => {
    tokens.push(t);
    const word = lexicon.fold(text.slice(t.from, t.to));
    if (openers.has(word)) {
      const column = columnOf(t.from);
      // A block opened at the column of one still open, on a later line (a procedure's BEGIN
      // with the main BEGIN below it): the open one ended before this line without its END.
      const top = open[open.length - 1];
      if (unclosed === undefined && top && column <= top.column && t.from > text.indexOf('\n', top.from))
        unclosed = top;
      open.push({ from: t.from, column });
    } else if (word === foldedCloser && open.length > 0) {
      const column = columnOf(t.from);
      // An opener deeper than this closer's column, with one at its column below it, is the unclosed one.
      const match = open.map((o) => o.column).lastIndexOf(column);
      if (unclosed === undefined && match !== -1 && match < open.length - 1) unclosed = open[match + 1];
      open.length = match !== -1 ? match : open.length - 1;
    }
  });
  const all = [...tokens, ...(atStop ? [atStop] : [])];
  // The first token after the opener's line that starts a line indented no deeper than it,
  // when the block's own lines are indented deeper (an author who indents).
  const boundaryOf = (opener: { from: number; column: number }): Span | undefined => {
    const openerLineEnd = text.indexOf('\n', opener.from);
    const lineStarts = all.filter((t) => t.from > openerLineEnd && firstOnLine(text, t.from));
    const boundary = lineStarts.find((t) => columnOf(t.from) <= opener.column);
    const indented = lineStarts.some((t) => (!boundary || t.from < boundary.from) && columnOf(t.from) > opener.column);
    return indented ? boundary : undefined;
  };
  // Otherwise the innermost open block, when the line with the error, or a line before the
  // closer `found` puts at the end, leaves it.
  const innermost = open[open.length - 1];
  if (!unclosed && innermost && (insertsCloser || (atStop && firstOnLine(text, atStop.from)))) unclosed = innermost;
  if (!unclosed) return found;
  const opener = unclosed;
  const boundary = boundaryOf(opener);
  if (!boundary || (insertsCloser ? boundary.from >= found.edit.from : boundary.from !== atStop?.from)) return found;
  const indent = ' '.repeat(opener.column);
  const variants = [
    `${closer} `,
    ...(separator ? [`${closer}${separator}\n${indent}`, `${closer}${separator} `] : []),
    `${closer}\n${indent}`,
  ];
  for (const insert of variants) {
    const candidate = text.slice(0, boundary.from) + insert + text.slice(boundary.from);
    if (parses(candidate, { from: boundary.from, to: boundary.from, insert }))
      return { kind: 'insert', edit: { from: boundary.from, to: boundary.from, insert }, at: boundary };
  }
  return found;
}

/**
 * Where a `)` goes when the innermost `(` open at `stop` is on an earlier line: before that
 * line's closing separator, or at its end. Undefined when no `(` is open or it is on the
 * error's own line (the repair at the error covers that).
 */
function unclosedParenLine(text: string, stop: number, lexicon: Lexicon): number | undefined {
  const open: Span[] = [];
  const tokens: Span[] = [];
  forEachToken(text, stop, lexicon, (t) => {
    tokens.push(t);
    const s = text.slice(t.from, t.to);
    if (s === '(') open.push(t);
    else if (s === ')') open.pop();
  });
  const paren = open[open.length - 1];
  if (!paren) return undefined;
  const lineEnd = text.indexOf('\n', paren.from);
  if (lineEnd === -1 || lineEnd >= stop) return undefined;
  let last: Span | undefined;
  for (const t of tokens) if (t.from > paren.from && t.to <= lineEnd) last = t;
  if (!last) return undefined;
  const separator = lexicon.spec.lexical.statementSeparator;
  return separator !== undefined && text.slice(last.from, last.to) === separator ? last.from : last.to;
}

/** Whether only blanks, or a BASIC line number and blanks, precede `at` on its line. */
function firstOnLineAfterLabel(text: string, at: number): boolean {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*(\d+[ \t]+)?$/.test(text.slice(start, at));
}

function firstOnLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && text[i] !== '\n'; i--) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** The word at or just before `stop` when it is a keyword in the wrong case (of a case-sensitive language). */
function wrongCaseKeywordAt(
  text: string,
  stop: number,
  lexicon: Lexicon,
): { from: number; to: number; keyword: string } | undefined {
  if (!lexicon.spec.lexical.caseSensitive) return undefined;
  const { previous, token } = tokensAround(text, stop, lexicon);
  for (const t of [token, previous]) {
    if (!t) continue;
    const word = text.slice(t.from, t.to);
    const keyword = [...lexicon.keywordByConcept.values()].find(
      (k) => k.custom !== word && k.custom.toLowerCase() === word.toLowerCase(),
    );
    if (keyword) return { ...t, keyword: keyword.custom };
  }
  return undefined;
}

/** `text` with every word that spells a keyword in another case changed to the keyword's case. */
/**
 * `text` with every word that is a keyword but for its case spelled as the keyword, outside
 * comments and strings (by the tokenizer's rules: a message that says "begin" stays as it is),
 * and each such edit; case changes keep every offset.
 */
function withKeywordCase(
  text: string,
  lexicon: Lexicon,
): { text: string; count: number; edits: readonly { from: number; to: number; insert: string }[] } {
  const byLower = new Map<string, string>();
  for (const k of lexicon.keywordByConcept.values()) byLower.set(k.custom.toLowerCase(), k.custom);
  const rules = new LexemeRules(lexicon);
  const edits: { from: number; to: number; insert: string }[] = [];
  let pos = 0;
  const input = { peek: (i: number): number => (pos + i < text.length ? text.charCodeAt(pos + i) : -1) };
  while (pos < text.length) {
    const skip = rules.commentLength(input, 0) || rules.stringLength(input);
    if (skip > 0) {
      pos += skip;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos, pos + 128))?.[0];
    if (word === undefined) {
      pos++;
      continue;
    }
    const keyword = byLower.get(word.toLowerCase());
    if (keyword !== undefined && keyword !== word) edits.push({ from: pos, to: pos + word.length, insert: keyword });
    pos += word.length;
  }
  let fixed = text;
  for (const e of edits) fixed = fixed.slice(0, e.from) + e.insert + fixed.slice(e.to);
  return { text: fixed, count: edits.length, edits };
}

interface Candidate {
  readonly kind: RepairKind;
  readonly edit: Edit;
  readonly at: { readonly from: number; readonly to: number };
}

/** The candidate whose strict parse reaches furthest past `stop`, the first of equals; none that gets past the failing token. */
function bestEdit(
  text: string,
  stop: number,
  keywords: readonly string[],
  symbols: readonly string[],
  lexicon: Lexicon,
  deadline: number,
  /** The spellings the parse could take at `stop`; undefined when the tokenizer was not asked there. */
  expected: ReadonlySet<string> | undefined,
  /** The same at another offset before `stop`. */
  expectedThere: (offset: number) => ReadonlySet<string> | undefined,
  /** How far a strict parse of the candidate text gets; Infinity through the window; undefined past the work limit. */
  reach: (candidate: string, edit: Edit) => number | undefined,
): Candidate | undefined {
  const { token, previous } = tokensAround(text, stop, lexicon);
  const candidates: Candidate[] = [];
  const wordCandidates = (t: { from: number; to: number } | undefined, maxDistance = 2): void => {
    if (!t) return;
    const word = text.slice(t.from, t.to);
    if (!/^[A-Za-z_]/.test(word)) return;
    for (const k of similarKeywords(word, keywords, lexicon, maxDistance))
      candidates.push({
        kind: k.toLowerCase() === word.toLowerCase() ? 'keyword-case' : 'keyword-spelling',
        edit: { from: t.from, to: t.to, insert: k },
        at: t,
      });
  };
  // A keyword misspelt earlier (a BASIC `WEN` for WEND) leaves the text parsing until the
  // block it should close runs out; the words before the error that a keyword is one edit
  // from are tried first, since an edit at the error would only paper over it.
  for (const t of keywordLikeWordsBefore(text, previous?.from ?? stop, lexicon)) wordCandidates(t, 1);
  wordCandidates(previous);
  wordCandidates(token);
  // An operand first: a missing value is the commonest gap, and any literal stands for it.
  // Punctuation and keywords before operators: a missing `;`, THEN or `)` is common, a
  // missing `+` rare, and the first candidate that parses on is taken.
  const operators = new Set(lexicon.binaryOperators.map((o) => o.symbol));
  // Before an assignment what is missing is the name assigned to (`= 5` with its variable deleted).
  const assigns = token !== undefined && text.slice(token.from, token.to) === lexicon.spec.syntax.assignmentOperator;
  const spellings = [
    ...(assigns ? [NAME, OPERAND] : [OPERAND, NAME]),
    ...symbols.filter((sp) => !operators.has(sp)),
    ...keywords,
    ...symbols.filter((sp) => operators.has(sp)),
  ].filter((sp) => !expected || expected.has(sp));
  // Where a missing token goes: after the token before, unless a line break that the
  // layout reads lies between (a BASIC WEND, a Python else start their own line).
  const lineBreak = previous !== undefined && /\n/.test(text.slice(previous.to, stop));
  const newlineMatters = lexicon.spec.syntax.blockStyle === 'lines' || lexicon.spec.syntax.blockStyle === 'indentation';
  const insertAt = previous && !(lineBreak && newlineMatters) ? previous.to : stop;
  // The finding points at the token before, where a missing THEN or `;` belongs, unless a
  // line break lies between and the missing token starts a line (an END, a BASIC WEND).
  const atError = token ?? previous ?? { from: stop, to: stop };
  const anchor = previous && !lineBreak ? previous : atError;
  const lineStarters = new Set(
    (['end', 'until', 'wend', 'next', 'endif', 'else', 'elif'] as const).map(
      (c) => lexicon.keywordByConcept.get(c)?.custom,
    ),
  );
  // A missing value or name on a later line than the token before it (Pascal's `;` then
  // `:= 1`) is missing from the statement that line starts: the finding points there.
  const startsLine = (s: string): boolean => lineStarters.has(s) || ((s === OPERAND || s === NAME) && lineBreak);
  for (const s of spellings)
    candidates.push({
      kind: 'insert',
      edit: { from: insertAt, to: insertAt, insert: padded(s, text, insertAt, insertAt) },
      at: previous && insertAt === previous.to && !startsLine(s) ? previous : anchor,
    });
  // A block's closer is often missed with the separator after it (a RECORD's `END;`).
  const separator = lexicon.spec.lexical.statementSeparator;
  if (separator && lexicon.spec.syntax.blockStyle === 'keywords')
    for (const concept of ['end', 'until'] as const) {
      const closer = lexicon.keywordByConcept.get(concept)?.custom;
      if (closer)
        candidates.push({
          kind: 'insert',
          edit: { from: insertAt, to: insertAt, insert: ` ${closer}${separator} ` },
          at: anchor,
        });
    }
  // A `(` left open on an earlier line (`Swap(VAR u, v : INTEGER;` and the parameter list runs
  // on into the declarations): its `)` belongs at the end of that line, before its `;`.
  const paren = unclosedParenLine(text, stop, lexicon);
  if (paren !== undefined) {
    const at = tokensAround(text, paren, lexicon).previous ?? atError;
    // `x := Abs(3` then the next statement: the line lost its `)` and, with it, its `;`.
    const separator = lexicon.spec.lexical.statementSeparator;
    const endsLine = text.slice(paren, paren + (separator?.length ?? 0)) !== separator;
    const inserts = [')', ...(separator && endsLine ? [`)${separator}`] : [])];
    candidates.unshift(
      ...inserts.map((insert): Candidate => ({ kind: 'insert', edit: { from: paren, to: paren, insert }, at })),
    );
  }
  // A block opened by `:` whose first line is not indented (Python's "expected an indented
  // block"): indenting that line is the repair, tried before any token.
  if (
    lexicon.spec.syntax.blockStyle === 'indentation' &&
    token &&
    lineBreak &&
    previous &&
    text.slice(previous.from, previous.to) === ':'
  ) {
    const lineStart = text.lastIndexOf('\n', token.from - 1) + 1;
    const opener = text.lastIndexOf('\n', previous.from - 1) + 1;
    const depth = (from: number): number => {
      let column = 0;
      for (let i = from; isSpace(text.charCodeAt(i)); i++) column += text[i] === '\t' ? 8 - (column % 8) : 1;
      return column;
    };
    const missing = depth(opener) + 4 - depth(lineStart);
    if (missing > 0)
      candidates.unshift({
        kind: 'indent',
        edit: { from: lineStart, to: lineStart, insert: ' '.repeat(missing) },
        at: token,
      });
  }
  // A statement's leading keyword (FOR, IF, def, elif) is missed where the statement starts:
  // at the line's first token, or after a block's `}` that starts the line.
  const lineStart = statementStart(
    text,
    firstTokenOfLine(text, previous && !lineBreak ? previous.from : stop),
    lexicon,
  );
  if (lineStart < insertAt) {
    const first = tokensAround(text, lineStart, lexicon).token ?? anchor;
    const startsThere = expectedThere(lineStart);
    const leading = keywords
      .filter((k) => !startsThere || startsThere.has(k))
      .map((s): Candidate => ({
        kind: 'insert',
        edit: { from: lineStart, to: lineStart, insert: `${s} ` },
        at: first,
      }));
    // A block opened where the parse cannot take one belongs to a statement that lost its
    // keyword (`add(a, b) {`): that before a `;` that would make the block stand alone.
    if (token && text.slice(token.from, token.to) === '{') candidates.unshift(...leading);
    else candidates.push(...leading);
  }
  if (token) {
    // A block's closing word with no block to close (a second `NEXT I`): the closing
    // statement is what is extra, not another statement misspelt there.
    const closers = (['next', 'wend', 'endif', 'until', 'end'] as const).map(
      (c) => lexicon.keywordByConcept.get(c)?.custom,
    );
    if (closers.includes(text.slice(token.from, token.to)) && firstOnLineAfterLabel(text, token.from)) {
      const lineEnd = text.indexOf('\n', token.to);
      const to = lexicon.spec.syntax.blockStyle === 'lines' ? (lineEnd === -1 ? text.length : lineEnd) : token.to;
      candidates.push({ kind: 'delete', edit: { from: token.from, to, insert: '' }, at: { from: token.from, to } });
    }
    // An assignment sign where none can stand (`let flag = count = 2;`) is most often a
    // comparison written short: the comparison first, before a `;` that would split the line.
    const comparison = assigns || text.slice(token.from, token.to) === '=' ? ['=='] : [];
    const replacements = [...comparison.filter((c) => spellings.includes(c)), ...spellings];
    for (const s of replacements)
      if (s !== text.slice(token.from, token.to))
        candidates.push({
          kind: 'replace',
          edit: { from: token.from, to: token.to, insert: padded(s, text, token.from, token.to) },
          at: token,
        });
    candidates.push({ kind: 'delete', edit: { from: token.from, to: token.to, insert: '' }, at: token });
  }
  if (previous)
    candidates.push({ kind: 'delete', edit: { from: previous.from, to: previous.to, insert: '' }, at: previous });

  const past = token ? token.to : stop + 1;
  let best: Candidate | undefined;
  let bestReach = past;
  for (const c of candidates) {
    if (performance.now() > deadline) break;
    const candidate = text.slice(0, c.edit.from) + c.edit.insert + text.slice(c.edit.to);
    // In the unedited text's offsets, so an insertion does not count as progress.
    const parsedTo = reach(candidate, c.edit);
    if (parsedTo === undefined) break;
    const reached = parsedTo - (c.edit.insert.length - (c.edit.to - c.edit.from));
    if (reached > bestReach) {
      if (reached === Infinity) return c;
      best = c;
      bestReach = reached;
    }
  }
  return best;
}

/**
 * A word inserted between `from` and `to`, with a space on a side only where it would run into
 * the text there: a space before a word that starts a line would change its indentation.
 */
function padded(s: string, text: string, from: number, to: number): string {
  if (!/^\w/.test(s)) return s;
  const before = from > 0 && !/\s/.test(text[from - 1] ?? '') ? ' ' : '';
  const after = to < text.length && !/\s/.test(text[to] ?? '') ? ' ' : '';
  return `${before}${s}${after}`;
}

/** Keywords `word` may have meant: the same letters in another case, else one or two edits away. Closest first. */
function similarKeywords(word: string, keywords: readonly string[], lexicon: Lexicon, maxDistance = 2): string[] {
  if (lexicon.conceptBySpelling.has(lexicon.fold(word))) return [];
  const scored: Array<[string, number]> = [];
  for (const k of keywords) {
    if (k.toLowerCase() === word.toLowerCase()) scored.push([k, 0]);
    else {
      const d = editDistance(word.toUpperCase(), k.toUpperCase(), maxDistance);
      if (d <= Math.min(maxDistance, Math.floor(k.length / 2))) scored.push([k, d]);
    }
  }
  return scored.sort((a, b) => a[1] - b[1]).map(([k]) => k);
}

interface Span {
  readonly from: number;
  readonly to: number;
}

/** Earlier words a repair looks back at, at most: the nearest ones before the error. */
const LOOK_BACK_WORDS = 6;

/**
 * The words before `before` that are not keywords but one edit (or only case) from one,
 * nearest last, by the tokenizer's rules (nothing in comments or strings).
 */
function keywordLikeWordsBefore(text: string, before: number, lexicon: Lexicon): Span[] {
  const spellings = [...new Set([...lexicon.keywordByConcept.values()].map((k) => k.custom.toUpperCase()))].filter(
    (k) => /^[A-Z_]/.test(k) && k.length >= 2,
  );
  const found: Span[] = [];
  forEachToken(text, before, lexicon, (span) => {
    const word = text.slice(span.from, span.to);
    if (!/^[A-Za-z_]/.test(word) || lexicon.conceptBySpelling.has(lexicon.fold(word))) return;
    const upper = word.toUpperCase();
    if (!spellings.some((k) => k === upper || (k.length >= 3 && editDistance(upper, k, 1) <= 1))) return;
    found.push(span);
    if (found.length > LOOK_BACK_WORDS) found.shift();
  });
  return found;
}

/**
 * The tokens of `text` up to `limit` and the one after, comments skipped, by the rules the
 * tokenizer uses, so the token before an error is never a comment's closing `)`.
 */
function tokensAround(text: string, at: number, lexicon: Lexicon): { previous?: Span; token?: Span } {
  let previous: Span | undefined;
  let token: Span | undefined;
  const next = forEachToken(text, at, lexicon, (span) => {
    previous = span;
  });
  // Only a token on the error's line is the token at the error.
  if (next && !/\n/.test(text.slice(at, next.from))) token = next;
  return { ...(previous && { previous }), ...(token && { token }) };
}

/** Calls `each` for the tokens of `text` that start before `limit`, comments skipped; returns the first token at or past it. */
function forEachToken(text: string, limit: number, lexicon: Lexicon, each: (span: Span) => void): Span | undefined {
  const rules = new LexemeRules(lexicon);
  let pos = 0;
  const input = { peek: (i: number): number => (pos + i < text.length ? text.charCodeAt(pos + i) : -1) };
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (isSpace(c) || c === NL || c === CR) {
      pos++;
      continue;
    }
    const comment = rules.commentLength(input, 0);
    if (comment > 0) {
      pos += comment;
      continue;
    }
    const length = rules.stringLength(input) || rules.numberLength(input) || tokenLength(text, pos, lexicon.symbols);
    const span = { from: pos, to: pos + length };
    if (span.from >= limit) return span;
    each(span);
    pos += length;
  }
  return undefined;
}

function tokenLength(text: string, from: number, symbols: readonly string[]): number {
  let to = from;
  while (to < text.length && (isIdentPart(text.charCodeAt(to)) || (to > from && text[to] === '$'))) to++;
  if (to > from) return to - from;
  let longest = 1;
  for (const s of symbols) if (s.length > longest && text.startsWith(s, from)) longest = s.length;
  return longest;
}

/** Past the `}`s that start a braces line at `from` (`} elif x {`), where the line's own statement starts. */
function statementStart(text: string, from: number, lexicon: Lexicon): number {
  if (lexicon.spec.syntax.blockStyle !== 'braces') return from;
  let at = from;
  while (text[at] === '}') {
    at++;
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  }
  return at;
}

/** The offset of the first non-blank character of the line holding `at`. */
function firstTokenOfLine(text: string, at: number): number {
  let from = text.lastIndexOf('\n', at - 1) + 1;
  while (from < at && isSpace(text.charCodeAt(from))) from++;
  return from;
}

function lineEndAfter(text: string, at: number, lines: number): number {
  let end = at;
  for (let i = 0; i < lines; i++) {
    const nl = text.indexOf('\n', end + (i === 0 ? 0 : 1));
    if (nl === -1) return text.length;
    end = nl;
  }
  return end;
}
