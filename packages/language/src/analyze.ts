import { CoreErrorCodes, PcError } from '@parsercraft/core/errors';
import type { LanguageSpec } from './config/language-spec.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { LineIndex } from './diagnostics/line-index.js';
import { analyzeNames } from './semantics/analyze-names.js';
import type { SymbolTable } from './semantics/symbol-table.js';
import type { Binder } from './semantics/binder.js';
import type { ReusableParse } from './syntax/base/base-parser.js';
import { parseProgram } from './syntax/parse-program.js';
import type { SyntaxNode } from './syntax/syntax-tree.js';
import { BuiltinNode } from './syntax/base/builtin-nodes.js';

export interface AnalyzeOptions {
  /** Aborting rejects with a PcError PC_CANCELLED; nothing else makes analyze throw. */
  readonly signal?: AbortSignal;
  /** Wall-clock budget; past it the result covers the text parsed so far and says so. */
  readonly budgetMs?: number;
  /**
   * The analysis of an earlier version of this document, with the same spec. The parse then
   * reuses what the edit did not touch; the result is the same as without it.
   */
  readonly previous?: Analysis;
  /**
   * Parse only: no names, types or findings about them. What an editor serves while full
   * analysis keeps failing; with `budgetMs` it is bounded whatever the text.
   */
  readonly syntaxOnly?: boolean;
}

export interface Analysis {
  readonly tree: SyntaxNode;
  /** Syntax findings, then findings about names and types, each group in document order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly symbols: SymbolTable;
  readonly grammarSource: 'builtin' | 'config';
  readonly lines: LineIndex;
}

const EMPTY_PROGRAM: SyntaxNode = { type: BuiltinNode.Program, from: 0, to: 0, children: [] };

/**
 * A parse stopped early closes what is open where it stopped, so a node reaching that far is
 * cut short (a call there has lost its arguments): findings about it would be false.
 */
function findingsBefore(diagnostics: Diagnostic[], lines: LineIndex, truncatedAt: number | undefined): Diagnostic[] {
  if (truncatedAt === undefined) return diagnostics;
  return diagnostics.filter((d) => lines.offset(d.range.end) < truncatedAt);
}

/**
 * A statement that computes a value and drops it is most often what is left of a broken
 * statement (a WHILE without its keyword, `RETURN x` in the wrong case): while the text has a
 * syntax error, or another finding lies inside that statement, the warning waits.
 */
function withoutNoEffectNoise(syntax: readonly Diagnostic[], names: Diagnostic[], lines: LineIndex): Diagnostic[] {
  const noEffect = 'expression-has-no-effect';
  if (!names.some((d) => d.code === noEffect)) return names;
  if (syntax.some((d) => d.severity === 'error')) return names.filter((d) => d.code !== noEffect);
  const inside = (outer: Diagnostic, d: Diagnostic): boolean =>
    lines.offset(d.range.start) >= lines.offset(outer.range.start) &&
    lines.offset(d.range.end) <= lines.offset(outer.range.end);
  return names.filter(
    (w) => w.code !== noEffect || !names.some((d) => d !== w && d.severity === 'error' && inside(w, d)),
  );
}

// The Lezer parse and the bound names behind each analysis, kept out of the public shape;
// dropped with the analysis.
const reusableParses = new WeakMap<Analysis, ReusableParse>();
const binders = new WeakMap<Analysis, Binder>();

/** The names an analysis bound, for code generation inside this package. */
export function binderOf(analysis: Analysis): Binder | undefined {
  return binders.get(analysis);
}

/** Parses a program of the language `spec` describes, binds its names and checks them. Never throws on any input text. */
export function analyze(spec: LanguageSpec, sourceText: string, options: AnalyzeOptions = {}): Analysis {
  const { signal, budgetMs, previous } = options;
  const reuse = previous && reusableParses.get(previous);
  if (signal?.aborted) throw new PcError(CoreErrorCodes.PC_CANCELLED, 'Analysis was cancelled.');
  const deadline = budgetMs === undefined ? Infinity : performance.now() + budgetMs;
  const lines = new LineIndex(sourceText);
  try {
    const parsed = parseProgram(spec, sourceText, lines, {
      deadline,
      ...(signal && { signal }),
      ...(reuse && { previous: reuse }),
    });
    if (signal?.aborted) throw new PcError(CoreErrorCodes.PC_CANCELLED, 'Analysis was cancelled.');
    // Every pass walks the tree with explicit stacks (see syntax/nested-calls.ts), so a tree
    // of any depth is checked in full.
    const syntaxOnly = options.syntaxOnly === true;
    // Syntax only: names are bound over an empty program, so the language's own symbols remain.
    const names = analyzeNames({
      spec,
      tree: syntaxOnly ? EMPTY_PROGRAM : parsed.tree,
      text: sourceText,
      lines,
      grammarSource: parsed.grammarSource,
      partial: syntaxOnly || parsed.truncatedAt !== undefined,
      ...(parsed.recovered && { recovered: parsed.recovered }),
      ...(!syntaxOnly && parsed.truncatedAt !== undefined && { unparsedFrom: parsed.truncatedAt }),
    });
    const analysis: Analysis = {
      tree: parsed.tree,
      diagnostics: [
        ...parsed.diagnostics,
        ...withoutNoEffectNoise(
          parsed.diagnostics,
          findingsBefore(names.diagnostics, lines, parsed.truncatedAt),
          lines,
        ),
      ],
      symbols: names.symbols,
      grammarSource: parsed.grammarSource,
      lines,
    };
    if (parsed.reusable) reusableParses.set(analysis, parsed.reusable);
    binders.set(analysis, names.binder);
    return analysis;
  } catch (error) {
    if (PcError.is(error)) throw error;
    if (signal?.aborted) throw new PcError(CoreErrorCodes.PC_CANCELLED, 'Analysis was cancelled.', { cause: error });
    throw error;
  }
}
