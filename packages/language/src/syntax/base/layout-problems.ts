import { readFileSync } from 'node:fs';
import { ConfigCodes } from '../../config/config-codes.js';
import { configDiagnostic } from '../../config/config-document.js';
import type { LanguageSpec } from '../../config/language-spec.js';
import type { Diagnostic, Range } from '../../diagnostics/diagnostic.js';
import { LineIndex } from '../../diagnostics/line-index.js';
import { baseParserFor } from './base-parser.js';
import type { GrammarProblem } from './grammar-fallback.js';

/** The stable code of a program whose language's layout grammar could not be built as configured. */
export const LAYOUT_UNUSABLE_CODE = 'config-layout-unusable';

/**
 * Builds the parser of a config's built-in grammar (from the disk cache when it was built
 * before) and reports, at the config entry to blame, when it could not be built as the config
 * says: what `doctor` and editors of the config show. Empty when it builds.
 */
export function layoutGrammarDiagnostics(spec: LanguageSpec, configText?: string): Diagnostic[] {
  // Stack (Forth) programs need no grammar: syntax/stack/ parses them.
  if (spec.syntax.blockStyle === 'stack') return [];
  const { problem } = baseParserFor(spec);
  if (!problem) return [];
  const range = configText === undefined ? problemRange(spec, problem) : entryRange(spec, problem, configText);
  return [configDiagnostic(ConfigCodes.PC_CONFIG_LAYOUT_UNUSABLE, range, describe(spec, problem))];
}

// Per spec, so an editor's analysis on every keystroke does not read the config file again.
const problemRanges = new WeakMap<LanguageSpec, { range: Range | undefined }>();

function problemRange(spec: LanguageSpec, problem: GrammarProblem): Range | undefined {
  const known = problemRanges.get(spec);
  if (known) return known.range;
  const range = entryRange(spec, problem);
  problemRanges.set(spec, { range });
  return range;
}

/**
 * Where the config spells the entry to blame. A keyword or operator knows its place; the spec
 * keeps none for the separator, so its keys are looked up in the file's text (given, or read
 * from where the spec came from).
 */
function entryRange(spec: LanguageSpec, problem: GrammarProblem, configText?: string): Range | undefined {
  if (problem.range) return problem.range;
  const separator = spec.lexical.statementSeparator;
  if (separator === null || !problem.key.startsWith('statement_separator')) return undefined;
  let text = configText;
  if (text === undefined && spec.sourcePath !== undefined) {
    try {
      text = readFileSync(spec.sourcePath, 'utf8');
    } catch {
      return undefined; // Moved or unreadable since it was loaded: the finding stays at the top.
    }
  }
  if (text === undefined) return undefined;
  const quoted = separator.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const key = new RegExp(`["']?statement_(?:separator|terminator)["']?\\s*:\\s*["']?${quoted}`);
  const match = key.exec(text);
  if (!match) return undefined;
  const lines = new LineIndex(text);
  return lines.range(match.index, match.index + match[0].length);
}

/** The same problem, as a finding at the top of a program of that language. */
export function layoutProblemDiagnostic(spec: LanguageSpec, problem: GrammarProblem, lines: LineIndex): Diagnostic {
  const start = problemRange(spec, problem)?.start;
  const where = `${spec.sourcePath ?? 'the language config'}${start ? `:${start.line + 1}:${start.character + 1}` : ''}`;
  return {
    range: lines.range(0, 0),
    severity: 'error',
    code: LAYOUT_UNUSABLE_CODE,
    message: `${describe(spec, problem)} (${ConfigCodes.PC_CONFIG_LAYOUT_UNUSABLE.code} at ${where})`,
    source: 'parsercraft-syntax',
  };
}

function describe(spec: LanguageSpec, problem: GrammarProblem): string {
  const layout = `the ${spec.syntax.blockStyle} layout`;
  return problem.fallback === 'without-entry'
    ? `The grammar of ${layout} cannot be built with ${problem.key} (${problem.reason}); programs are parsed as if the config did not define it.`
    : `No grammar of ${layout} can be built from this config (${problem.reason}); programs are not parsed.`;
}
