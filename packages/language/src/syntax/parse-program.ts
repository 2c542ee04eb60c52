import { PcError, CoreErrorCodes } from '@parsercraft/core/errors';
import type { Tree } from '@lezer/common';
import type { LanguageSpec } from '../config/language-spec.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import {
  baseParserFor,
  MAX_PARSER_DEPTH,
  parseWithBudget,
  type BaseParse,
  type BaseParser,
  type ReusableParse,
} from './base/base-parser.js';
import {
  reapplyRepairs,
  repairSyntax,
  type RepairMemo,
  type RepairOptions,
  type RepairResult,
} from './base/error-repair.js';
import { changedLines } from './base/changed-range.js';
import { indentationDiagnostics } from './base/indentation-check.js';
import { layoutProblemDiagnostic } from './base/layout-problems.js';
import { toSyntaxTree } from './base/lezer-to-syntax-tree.js';
import { repairDiagnostics } from './repair-diagnostics.js';
import { BUDGET_MARK } from './peg/peg-to-peggy.js';
import { pegParsersFor } from './peg/peg-parser.js';
import { parseStackProgram } from './stack/parse-stack-program.js';
import { walkTree, type SyntaxNode } from './syntax-tree.js';
import { BuiltinNode } from './base/builtin-nodes.js';

export const SYNTAX_SOURCE = 'parsercraft-syntax';

export interface ParsedProgram {
  readonly tree: SyntaxNode;
  readonly diagnostics: Diagnostic[];
  /** `config` when the config's own grammar section parsed the text. */
  readonly grammarSource: 'builtin' | 'config';
  /** Set when the time budget ran out; the tree covers the text up to here. */
  readonly truncatedAt?: number;
  /** What a parse of the next version of the text can reuse (built-in grammars only). */
  readonly reusable?: ReusableParse;
  /**
   * Where syntax errors were repaired: the broken statement around each, from the token
   * before to where the parse failed. Findings about names and types there are dropped.
   */
  readonly recovered?: readonly { readonly from: number; readonly to: number }[];
}

export interface ParseOptions {
  readonly signal?: AbortSignal;
  readonly deadline: number;
  readonly previous?: ReusableParse;
}

/** Parses with the config's grammar section when it has a usable one, else the built-in grammar. */
export function parseProgram(spec: LanguageSpec, text: string, lines: LineIndex, options: ParseOptions): ParsedProgram {
  if (spec.syntax.blockStyle === 'stack') {
    // Forth-like words need no grammar: a one-pass tokenizer and parser (syntax/stack/).
    const { tree, errors, truncatedAt } = parseStackProgram(spec, text, options.deadline);
    const diagnostics = errors.map((e): Diagnostic => {
      const found = syntaxDiagnostic(lines.range(e.from, e.to), `Syntax error: ${e.message}`);
      if (!e.fix) return found;
      const edits = [{ range: lines.range(e.fix.from, e.fix.to), newText: e.fix.insert }];
      return { ...found, fixes: [{ title: e.fix.title, edits, preferred: true }] };
    });
    if (truncatedAt !== undefined) diagnostics.push(budgetDiagnostic(lines, truncatedAt, text.length));
    return { tree, diagnostics, grammarSource: 'builtin', ...(truncatedAt !== undefined && { truncatedAt }) };
  }
  const fallback: Diagnostic[] = [];
  if (spec.grammar && spec.grammar.rules.length > 0) {
    const parsers = pegParsersFor(spec.grammar, spec);
    if (!(parsers instanceof Error)) return parseWithPeg(spec, parsers, text, lines, options);
    fallback.push({
      range: lines.range(0, 0),
      severity: 'warning',
      code: 'config-grammar-unusable',
      source: SYNTAX_SOURCE,
      message:
        "The language config's grammar section cannot be used (see the config's PC_CONFIG_GRAMMAR_UNUSABLE); the built-in grammar parsed this file.",
    });
  }
  const base = baseParserFor(spec);
  const memo = options.previous?.base === base ? options.previous.repair : undefined;
  const reapplied = memo && options.previous ? reappliedParse(base, text, lines, memo, options.previous) : undefined;
  let parsed: BaseParse = reapplied?.parsed ?? parseWithBudget(base, text, options, options.previous);
  let root = reapplied?.root ?? toSyntaxTree(parsed.tree, text.length, base.operatorGroups);
  // What a stopped parse leaves open at its end is not an error in the text.
  const inTime = (d: Diagnostic): boolean =>
    parsed.truncatedAt === undefined || lines.offset(d.range.start) < parsed.truncatedAt;
  let recovered: ParsedProgram['recovered'] = reapplied?.recovered;
  let syntaxErrors = reapplied?.syntaxErrors ?? lezerErrors(root, text, lines).filter(inTime);
  if (!reapplied && parsed.truncatedAt === undefined && syntaxErrors.some((d) => d.code === SYNTAX_ERROR_CODE)) {
    const repaired = repairedParse(base, text, lines, options.deadline, parsed.tree);
    if (repaired) {
      ({ root, syntaxErrors, recovered } = repaired);
      if (repaired.memo && parsed.reusable)
        parsed = { ...parsed, reusable: { ...parsed.reusable, repair: repaired.memo } };
    } else if (options.previous) {
      // Lezer's error recovery depends on what an incremental parse reused: the trees of one
      // text parsed fresh and after an edit can differ around errors. Findings must not
      // depend on the edit history (the CLI and the editor agree), so an unrepaired text
      // with errors is parsed again from scratch, as `check` parses it.
      parsed = parseWithBudget(base, text, options);
      root = toSyntaxTree(parsed.tree, text.length, base.operatorGroups);
      syntaxErrors = lezerErrors(root, text, lines).filter(inTime);
    }
  }
  if (spec.syntax.blockStyle === 'indentation') {
    const flagged = new Set(syntaxErrors.map((d) => d.range.start.line));
    const misindented = indentationDiagnostics(root, text, lines, SYNTAX_SOURCE).filter(
      (d) => !flagged.has(d.range.start.line) && inTime(d),
    );
    if (misindented.length > 0)
      syntaxErrors = [...syntaxErrors, ...misindented].sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      );
  }
  const { truncatedAt, truncatedBy, reusable } = parsed;
  const diagnostics = [...fallback, ...syntaxErrors];
  if (base.problem) diagnostics.unshift(layoutProblemDiagnostic(spec, base.problem, lines));
  if (truncatedAt !== undefined)
    diagnostics.push(
      truncatedBy === 'nesting'
        ? nestingDiagnostic(lines, truncatedAt, text.length, `${MAX_PARSER_DEPTH} parser states`)
        : budgetDiagnostic(lines, truncatedAt, text.length),
    );
  return {
    tree: root,
    diagnostics,
    grammarSource: 'builtin',
    ...(truncatedAt !== undefined && { truncatedAt }),
    ...(reusable && { reusable }),
    ...(recovered && { recovered }),
  };
}

function parseWithPeg(
  spec: LanguageSpec,
  parsers: Exclude<ReturnType<typeof pegParsersFor>, Error>,
  text: string,
  lines: LineIndex,
  options: ParseOptions,
): ParsedProgram {
  const grammar = spec.grammar;
  const parseOptions = { comments: grammar?.comments ?? [], deadline: options.deadline, signal: options.signal };
  const diagnostics: Diagnostic[] = [];
  // A byte order mark is not part of the program: read as a blank, which keeps every offset.
  const input = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  try {
    return { tree: parsers.strict.parse(input, parseOptions) as SyntaxNode, diagnostics, grammarSource: 'config' };
  } catch (error) {
    rethrowCancel(error, options);
    if (isBudget(error)) return budgetFailure(lines, text);
    if (isStackOverflow(error)) return nestingFailure(lines, text);
    if (!(error instanceof parsers.strict.SyntaxError)) throw error;
    const { start, end } = error.location;
    diagnostics.push(
      syntaxDiagnostic(lines.range(start.offset, Math.max(end.offset, start.offset)), `Syntax error: ${error.message}`),
    );
  }
  try {
    const tree = parsers.recovering.parse(input, parseOptions) as SyntaxNode;
    const reported = diagnostics[0]?.range.start.line;
    walkTree(tree, (node) => {
      if (node.type !== BuiltinNode.Error) return;
      const range = lines.range(node.from, trimEnd(text, node.from, node.to));
      if (range.start.line !== reported)
        diagnostics.push(
          syntaxDiagnostic(
            range,
            `Syntax error: cannot parse '${excerpt(text, node.from, node.to)}' as ${grammarStartItem(spec)}.`,
          ),
        );
      return false;
    });
    return { tree, diagnostics, grammarSource: 'config' };
  } catch (error) {
    rethrowCancel(error, options);
    if (isBudget(error)) return budgetFailure(lines, text);
    if (isStackOverflow(error)) return nestingFailure(lines, text);
    // Recovery found nothing it could keep: an empty tree with the strict parser's diagnostic.
    return {
      tree: { type: grammar?.start ?? BuiltinNode.Program, from: 0, to: text.length, children: [] },
      diagnostics,
      grammarSource: 'config',
    };
  }
}

/**
 * Past this many error nodes a text is not a program with mistakes but something else (40,000
 * stray words): a repair mends at most a dozen, and parsing its result again would double
 * what Lezer's recovery already spent. Lezer's recovery stands.
 */
const REPAIRABLE_ERRORS = 500;

function hasMoreErrorsThan(tree: Tree, limit: number): boolean {
  let count = 0;
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError && ++count > limit) return true;
  } while (cursor.next());
  return false;
}

/** Past this a repair's strict parses cost more than an editor's keystroke allows; Lezer's recovery stands. */
const REPAIRABLE_LENGTH = 100_000;

/**
 * One finding per repaired mistake (see error-repair.ts), and the tree of the repaired text
 * in the original's offsets, so names and types are checked as the author meant them and
 * nothing cascades from the mistake. Undefined when no repair helps.
 */
type Repaired = {
  root: SyntaxNode;
  syntaxErrors: Diagnostic[];
  recovered: ParsedProgram['recovered'];
  memo?: RepairMemo;
};

/** Past this many changed characters an edit is not taken as a keystroke: a fresh parse and search run. */
const KEYSTROKE_CHANGE = 2_000;

/**
 * A keystroke away from a persistent error: the last repairs reapplied and checked with one
 * incremental strict parse (error-repair.ts, RepairMemo), without parsing the broken text
 * at all. What a fresh parse and search would find, since the text differs from the last
 * only past what the repairs read; the Lezer tree kept for the next edit stays the last
 * broken text's, which an incremental parse can still reuse. Undefined when a search is due.
 */
function reappliedParse(
  base: BaseParser,
  text: string,
  lines: LineIndex,
  memo: RepairMemo,
  previous: ReusableParse,
): (Repaired & { parsed: BaseParse }) | undefined {
  if (text.length > REPAIRABLE_LENGTH) return undefined;
  const changed = changedLines(memo.original, text);
  if (changed && changed.toB - changed.fromB > KEYSTROKE_CHANGE) return undefined;
  let result;
  try {
    result = reapplyRepairs(text, memo, repairOptions(base, Infinity));
  } catch {
    return undefined;
  }
  if (!result?.memo) return undefined;
  const repaired = fromRepair(base, text, lines, result);
  return { ...repaired, parsed: { tree: previous.tree, reusable: { ...previous, repair: result.memo } } };
}

function repairOptions(base: BaseParser, deadline: number, tree?: Tree): RepairOptions {
  return {
    lexicon: base.lexicon,
    parser: base.parser,
    finalNewline: base.needsFinalNewline,
    deadline,
    ...(tree && { tree }),
  };
}

function repairedParse(
  base: BaseParser,
  text: string,
  lines: LineIndex,
  deadline: number,
  tree: Tree,
): Repaired | undefined {
  if (text.length > REPAIRABLE_LENGTH || hasMoreErrorsThan(tree, REPAIRABLE_ERRORS)) return undefined;
  let result;
  try {
    result = repairSyntax(text, repairOptions(base, deadline, tree));
  } catch {
    // A strict parse that fails other than by a syntax error (a text nested past Lezer's
    // depth): Lezer's recovery stands.
    return undefined;
  }
  if (result.repairs.length === 0) return undefined;
  return fromRepair(base, text, lines, result);
}

/** The tree of the repaired text in the original's offsets, with one finding per repair. */
function fromRepair(base: BaseParser, text: string, lines: LineIndex, result: RepairResult): Repaired {
  const input = base.needsFinalNewline && !result.text.endsWith('\n') ? `${result.text}\n` : result.text;
  const root = toSyntaxTree(
    result.tree ?? base.parser.parse(input),
    text.length,
    base.operatorGroups,
    result.toOriginal,
  );
  const syntaxErrors = repairDiagnostics(result.repairs, text, lines, base.lexicon.spec.syntax.blockStyle === 'lines');
  if (!result.complete) {
    // Past the last repair Lezer's recovery stands, one finding per line as always.
    const repairedLines = new Set(syntaxErrors.map((d) => d.range.start.line));
    const stoppedAt = result.stoppedAt ?? 0;
    for (const d of lezerErrors(root, text, lines))
      if (
        d.code !== SYNTAX_ERROR_CODE ||
        (lines.offset(d.range.end) >= stoppedAt && !repairedLines.has(d.range.start.line))
      )
        syntaxErrors.push(d);
  } else syntaxErrors.push(...lezerErrors(root, text, lines));
  syntaxErrors.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const recovered = result.repairs.map((r) => ({
    from: Math.min(r.at.from, r.from),
    to: Math.max(r.stop, r.to, r.at.to),
  }));
  return { root, syntaxErrors, recovered, ...(result.memo && { memo: result.memo }) };
}

function grammarStartItem(spec: LanguageSpec): string {
  const start = spec.grammar?.rules.find((r) => r.name === spec.grammar?.start)?.expr;
  const first = start?.kind === 'sequence' ? start.items[0] : start;
  return first?.kind === 'repeat' && first.expr.kind === 'ref' ? `a ${first.expr.name}` : 'part of the program';
}

function lezerErrors(root: SyntaxNode, text: string, lines: LineIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let lastLine = -1;
  walkTree(root, (node) => {
    if (node.type === BuiltinNode.String) {
      const s = text.slice(node.from, node.to);
      const open = s[0] ?? '';
      if (s.length < 2 || !s.endsWith(open))
        diagnostics.push(
          syntaxDiagnostic(
            lines.range(node.from, node.to),
            'Syntax error: string is not closed before the end of the line.',
          ),
        );
      return;
    }
    if (node.type !== BuiltinNode.Error) return;
    const range = lines.range(node.from, node.to);
    // One diagnostic per line: Lezer may leave several error nodes where one thing went wrong.
    if (range.start.line === lastLine) return false;
    lastLine = range.start.line;
    const message =
      node.to > node.from
        ? `Syntax error: unexpected '${excerpt(text, node.from, node.to)}'.`
        : `Syntax error: something is missing before ${node.from >= text.length ? 'the end of the text' : `'${excerpt(text, node.from, nextTokenEnd(text, node.from))}'`}.`;
    diagnostics.push(
      syntaxDiagnostic(node.to > node.from ? range : lines.range(node.from, nextTokenEnd(text, node.from)), message),
    );
    return false;
  });
  return diagnostics;
}

function nextTokenEnd(text: string, from: number): number {
  const m = /^\s*(\w+|\S)/.exec(text.slice(from, from + 80));
  return m ? from + m[0].length : from;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

function excerpt(text: string, from: number, to: number): string {
  const s = text.slice(from, to).trim().replace(/\s+/g, ' ');
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const SYNTAX_ERROR_CODE = 'syntax-error';

function syntaxDiagnostic(range: Diagnostic['range'], message: string): Diagnostic {
  return { range, severity: 'error', code: SYNTAX_ERROR_CODE, message, source: SYNTAX_SOURCE };
}

function budgetDiagnostic(lines: LineIndex, at: number, length: number): Diagnostic {
  return {
    range: lines.range(at, length),
    severity: 'warning',
    code: 'analysis-budget-exceeded',
    message: 'Analysis stopped here: the time budget ran out. Results cover the text above this point.',
    source: SYNTAX_SOURCE,
  };
}

/** The stable code of the one limit on how deep a program may nest: where a parser runs out of depth. */
export const NESTING_LIMIT_CODE = 'nesting-limit';

function nestingDiagnostic(lines: LineIndex, at: number, length: number, limit: string): Diagnostic {
  return {
    range: lines.range(at, length),
    severity: 'warning',
    code: NESTING_LIMIT_CODE,
    message: `Analysis stopped here: the program nests deeper than the parser can follow (${limit}). Results cover the text above this point.`,
    source: SYNTAX_SOURCE,
  };
}

function budgetFailure(lines: LineIndex, text: string): ParsedProgram {
  return {
    tree: { type: BuiltinNode.Program, from: 0, to: text.length, children: [] },
    diagnostics: [budgetDiagnostic(lines, 0, text.length)],
    grammarSource: 'config',
    truncatedAt: 0,
  };
}

/**
 * A config's PEG grammar is parsed by peggy's recursive descent, which recurses as deep as
 * the program nests: a text nested deeper than the thread's stack allows fails as a whole,
 * with the `nesting-limit` diagnostic rather than a false syntax error.
 */
function nestingFailure(lines: LineIndex, text: string): ParsedProgram {
  return {
    tree: { type: BuiltinNode.Program, from: 0, to: text.length, children: [] },
    diagnostics: [nestingDiagnostic(lines, 0, text.length, "the PEG parser ran out of the thread's stack")],
    grammarSource: 'config',
    truncatedAt: 0,
  };
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function isBudget(error: unknown): boolean {
  return error instanceof Error && error.message === BUDGET_MARK;
}

function rethrowCancel(error: unknown, options: ParseOptions): void {
  if (options.signal?.aborted)
    throw new PcError(CoreErrorCodes.PC_CANCELLED, 'Analysis was cancelled.', { cause: error });
}
