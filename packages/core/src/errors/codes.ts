import { CATEGORY_IS_DEPENDENCY_FAULT, type ErrorCategory } from './category.js';
import type { ErrorSeverity } from './severity.js';

/** Everything fixed about an error code. Instances of the error add message and context. */
export interface ErrorCodeSpec {
  /** Stable identifier, `PC_<FAMILY>_<NAME>`. Never renamed once released. */
  readonly code: string;
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  /** Whether trying the same thing again may succeed. Only these are retried. */
  readonly retryable: boolean;
  /** Whether the failure counts against the dependency's circuit breaker. */
  readonly dependencyFault: boolean;
  /** One line for people: what happened, in words that need no source code. */
  readonly summary: string;
  /** Link to the entry for this code in RUNBOOK.md. */
  readonly runbook: string;
}

export interface ErrorCodeDefinition {
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  readonly retryable: boolean;
  readonly summary: string;
  /** Defaults to the category's rule in CATEGORY_IS_DEPENDENCY_FAULT. */
  readonly dependencyFault?: boolean;
}

const CODE_PATTERN = /^PC_[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

// Process-wide, so that codes defined by any package can be looked up by name (for example
// when a PcError comes back across the LSP wire as JSON).
const registry = new Map<string, ErrorCodeSpec>();

/** The RUNBOOK.md anchor of a code: GitHub's heading slug of `### PC_NET_RESET`. */
export function runbookAnchor(code: string): string {
  return `RUNBOOK.md#${code.toLowerCase()}`;
}

/**
 * Defines a package's error codes and registers them process-wide. Throws at module load
 * if a code is malformed or defined twice differently: both are programming errors that
 * must never reach a user.
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeDefinition>>(
  definitions: T,
): { readonly [K in keyof T]: ErrorCodeSpec } {
  const specs: Record<string, ErrorCodeSpec> = {};
  for (const [code, def] of Object.entries(definitions)) {
    if (!CODE_PATTERN.test(code)) {
      throw new Error(`Error code ${code} does not match ${String(CODE_PATTERN)}`);
    }
    const spec: ErrorCodeSpec = Object.freeze({
      code,
      category: def.category,
      severity: def.severity,
      retryable: def.retryable,
      dependencyFault: def.dependencyFault ?? CATEGORY_IS_DEPENDENCY_FAULT[def.category],
      summary: def.summary,
      runbook: runbookAnchor(code),
    });
    const existing = registry.get(code);
    if (existing && !sameSpec(existing, spec)) {
      throw new Error(`Error code ${code} is defined twice with different meanings`);
    }
    registry.set(code, existing ?? spec);
    specs[code] = existing ?? spec;
  }
  return specs as { readonly [K in keyof T]: ErrorCodeSpec };
}

function sameSpec(a: ErrorCodeSpec, b: ErrorCodeSpec): boolean {
  return (
    a.category === b.category &&
    a.severity === b.severity &&
    a.retryable === b.retryable &&
    a.dependencyFault === b.dependencyFault &&
    a.summary === b.summary
  );
}

export function errorCodeSpec(code: string): ErrorCodeSpec | undefined {
  return registry.get(code);
}

/** Every code defined so far in this process, in definition order. */
export function listErrorCodes(): ErrorCodeSpec[] {
  return [...registry.values()];
}
