import type { LanguageSpec } from '../config/language-spec.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import { bindBuiltinTree } from './bind-builtin-tree.js';
import { bindPegTree } from './bind-peg-tree.js';
import { bindStackTree } from './bind-stack-tree.js';
import { Binder } from './binder.js';
import { checkNames } from './check-names.js';
import { TypeChecker } from './check-types.js';
import { SEMANTIC_CODES, SEMANTIC_SOURCE, type SemanticCode } from './semantic-codes.js';
import type { Span } from './symbol.js';
import { SymbolTable } from './symbol-table.js';
import { oneFindingPerMistake } from './one-finding-per-mistake.js';

export interface NameAnalysis {
  readonly symbols: SymbolTable;
  readonly diagnostics: Diagnostic[];
  /** For code inside this package that needs the bound names (code generation). */
  readonly binder: Binder;
}

export interface NameAnalysisInput {
  readonly spec: LanguageSpec;
  readonly tree: SyntaxNode;
  readonly text: string;
  readonly lines: LineIndex;
  readonly grammarSource: 'builtin' | 'config';
  /** The parse stopped early: the symbols cover what was parsed, and findings that need the whole program are left out. */
  readonly partial: boolean;
  /**
   * Where the text stopped being parsed (a parse cut at the parser's depth limit). Name
   * findings are kept for names that appear nowhere from there on: nothing unparsed can
   * declare or use them, so they stand as a whole parse would give them.
   */
  readonly unparsedFrom?: number;
  /** Where the parser repaired syntax errors (see ParsedProgram): no findings about names and types on those lines. */
  readonly recovered?: readonly Span[];
}

/** The names a text spells from `from` on, folded as the language compares names. */
function wordsFrom(text: string, from: number, fold: (s: string) => string): Set<string> {
  const words = new Set<string>();
  for (const m of text.slice(from).matchAll(/[\p{L}_$][\p{L}\p{N}_$]*/gu)) words.add(fold(m[0]));
  return words;
}

/** Binds names, then checks them: symbols and scopes for the language server, findings for everyone. */
export function analyzeNames(input: NameAnalysisInput): NameAnalysis {
  const { spec, tree, text, lines, grammarSource } = input;
  const binder = new Binder(spec, text);
  const peg = grammarSource === 'config' && spec.grammar !== undefined;
  const stack = !peg && spec.syntax.blockStyle === 'stack';
  const stackFindings = stack ? bindStackTree(binder, tree, lines) : [];
  if (peg && spec.grammar) bindPegTree(binder, tree, spec.grammar);
  else if (!stack) bindBuiltinTree(binder, tree);
  binder.resolve();

  const diagnostics: Diagnostic[] = [];
  const report = (
    span: Span,
    code: SemanticCode,
    message: string,
    related?: { span: Span; message: string },
    replacements?: readonly string[],
  ): void => {
    const range = lines.range(span.from, span.to);
    diagnostics.push({
      range,
      severity: SEMANTIC_CODES[code],
      code,
      message,
      source: SEMANTIC_SOURCE,
      ...(code === 'unused-variable' && { tags: ['unnecessary'] as const }),
      ...(related && {
        related: [{ range: lines.range(related.span.from, related.span.to), message: related.message }],
      }),
      ...(replacements && {
        fixes: replacements.map((r, i) => ({
          title: `Change to '${r}'`,
          edits: [{ range, newText: r }],
          ...(i === 0 && replacements.length === 1 && { preferred: true }),
        })),
      }),
    });
  };
  if (!peg && !stack) new TypeChecker(binder, report, spec.syntax.blockStyle).check(tree);
  for (const f of stackFindings) report(f.span, f.code, f.message, f.related);
  if (!input.partial || input.unparsedFrom !== undefined) {
    const fold = spec.lexical.caseSensitive ? (w: string): string => w : (w: string): string => w.toLowerCase();
    const later =
      input.partial && input.unparsedFrom !== undefined ? wordsFrom(text, input.unparsedFrom, fold) : undefined;
    for (const f of checkNames(binder, lines, { warnUnassigned: !peg && spec.syntax.blockStyle === 'lines' })) {
      if (later?.has(fold(text.slice(f.span.from, f.span.to)))) continue;
      report(f.span, f.code, f.message, f.related, f.replacements);
    }
  }
  const kept = oneFindingPerMistake(diagnostics, binder, lines, input.recovered ?? []);
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  // Only valid patterns reach the spec: the config check reports the others.
  const comments = peg ? (spec.grammar?.comments ?? []).map((source) => new RegExp(source, 'y')) : [];
  return { symbols: new SymbolTable(binder, lines, spec, tree, comments), diagnostics: kept, binder };
}
