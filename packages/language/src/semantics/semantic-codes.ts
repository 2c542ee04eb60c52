import type { DiagnosticSeverity } from '../diagnostics/diagnostic.js';

export const SEMANTIC_SOURCE = 'parsercraft-semantic';

/**
 * The stable codes of findings about names and types in a program, with their severities.
 * The language package's README lists them with what each means; a test keeps the two equal.
 */
export const SEMANTIC_CODES = {
  'undefined-name': 'error',
  'unassigned-variable': 'warning',
  'duplicate-declaration': 'error',
  'redefined-word': 'warning',
  'unused-variable': 'hint',
  'wrong-argument-count': 'error',
  'assignment-to-constant': 'error',
  'not-assignable': 'error',
  'not-callable': 'error',
  'type-mismatch': 'error',
  'comparison-as-statement': 'warning',
  'expression-has-no-effect': 'warning',
  'next-mismatch': 'error',
  'misplaced-format': 'error',
  'not-constant': 'error',
} as const satisfies Record<string, DiagnosticSeverity>;

export type SemanticCode = keyof typeof SEMANTIC_CODES;
