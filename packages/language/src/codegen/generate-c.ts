import { CoreErrorCodes, PcError } from '@parsercraft/core/errors';
import { analyze, binderOf, type Analysis } from '../analyze.js';
import type { LanguageSpec } from '../config/language-spec.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { TypeChecker } from '../semantics/check-types.js';
import { CEmitter, Declined, Unsupported } from './emit-c.js';

export const CODEGEN_SOURCE = 'parsercraft-codegen';

/** The codes of `generateC` findings, with severities; README and RUNBOOK.md list them. */
export const CODEGEN_CODES = {
  'codegen-unsupported': 'error',
} as const satisfies Record<string, Diagnostic['severity']>;

export interface GenerateCOptions {
  readonly signal?: AbortSignal;
  /**
   * An analysis of this same text (the language server keeps one per document); saves
   * analysing it again. One of other text is ignored, so a stale analysis cannot leak in.
   */
  readonly analysis?: Analysis;
}

export interface GeneratedC {
  /** C99 source, or undefined when the program has errors or leaves the subset. */
  readonly code: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Translates a program of a Pascal-layout language to C99. A program with errors, or with a
 * construct outside the translated subset, gets located diagnostics and no code: never C
 * that fails to compile or computes something else.
 */
export function generateC(spec: LanguageSpec, sourceText: string, options: GenerateCOptions = {}): GeneratedC {
  const given = options.analysis;
  const analysis =
    given && binderOf(given)?.text === sourceText
      ? given
      : analyze(spec, sourceText, options.signal ? { signal: options.signal } : {});
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { code: undefined, diagnostics: analysis.diagnostics };
  if (spec.syntax.blockStyle !== 'keywords' || analysis.grammarSource !== 'builtin') {
    return {
      code: undefined,
      diagnostics: [
        ...analysis.diagnostics,
        unsupported(
          analysis.lines.range(0, 0),
          'C generation translates languages with the Pascal (BEGIN/END) layout only.',
        ),
      ],
    };
  }
  // Past the nesting limit the tree stops: the program's C cannot be all of it.
  const cut = analysis.diagnostics.find((d) => d.code === 'nesting-limit');
  if (cut)
    return {
      code: undefined,
      diagnostics: [
        ...analysis.diagnostics,
        unsupported(
          cut.range,
          'C generation needs the whole program, and it nests deeper than the parser follows here.',
        ),
      ],
    };
  const binder = binderOf(analysis);
  if (!binder) throw new Error('analyze() keeps the binder of every analysis it returns');
  const types = new TypeChecker(binder, () => undefined, spec.syntax.blockStyle, true);
  try {
    const code = new CEmitter(binder, types, options.signal).program(analysis.tree);
    return { code, diagnostics: analysis.diagnostics };
  } catch (error) {
    if (error instanceof Unsupported || error instanceof Declined) {
      const all = error instanceof Declined ? error.all : [error];
      // One finding per place and reason: a construct used ten times is named at each use, once.
      const seen = new Set<string>();
      const findings: Diagnostic[] = [];
      for (const u of all) {
        const key = `${u.span.from}:${u.span.to}:${u.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(unsupported(analysis.lines.range(u.span.from, u.span.to), `Cannot generate C: ${u.message}.`));
      }
      return { code: undefined, diagnostics: [...analysis.diagnostics, ...findings] };
    }
    if (options.signal?.aborted)
      throw new PcError(CoreErrorCodes.PC_CANCELLED, 'C generation was cancelled.', { cause: error });
    throw error;
  }
}

function unsupported(range: Diagnostic['range'], message: string): Diagnostic {
  return {
    range,
    severity: CODEGEN_CODES['codegen-unsupported'],
    code: 'codegen-unsupported',
    message,
    source: CODEGEN_SOURCE,
  };
}
