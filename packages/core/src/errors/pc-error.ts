import { randomUUID } from 'node:crypto';
import { redact, redactString } from '../redaction/redact.js';
import type { ErrorCategory } from './category.js';
import type { ErrorCodeSpec } from './codes.js';
import type { ErrorSeverity } from './severity.js';

export interface PcErrorOptions {
  readonly cause?: unknown;
  /** Details for operators. Redacted on construction: secrets never live in a PcError. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** How long the dependency asked us to wait before trying again (Retry-After). */
  readonly retryAfterMs?: number;
  /**
   * Capture a stack trace here. Off when wrapping a foreign error: the cause keeps the
   * stack that matters, and capture costs about 2.5 us, most of classify()'s budget.
   */
  readonly captureStack?: boolean;
}

export interface PcErrorJSON {
  readonly name: 'PcError';
  readonly id: string;
  readonly code: string;
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  readonly retryable: boolean;
  readonly message: string;
  readonly summary: string;
  readonly runbook: string;
  readonly timestamp: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

// A brand instead of `instanceof`, so errors from another copy of this package (the VS Code
// extension bundles its own) are still recognised.
const BRAND = Symbol.for('parsercraft.PcError');
const EMPTY_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});
// Set only inside createClassifiedError(), whose contexts are redacted as they are picked.
let contextIsRedacted = false;

/** The one error type that leaves any ParserCraft component. */
export class PcError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly severity: ErrorSeverity;
  readonly retryable: boolean;
  /** Link to this code's entry in RUNBOOK.md. */
  readonly runbook: string;
  readonly spec: ErrorCodeSpec;
  readonly context: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch when the error was created. */
  readonly timestamp: number;
  readonly retryAfterMs: number | undefined;
  #id: string | undefined;

  constructor(spec: ErrorCodeSpec, message?: string, options: PcErrorOptions = {}) {
    const text = redactString(typeof message === 'string' ? message : spec.summary);
    const limit = Error.stackTraceLimit;
    if (options.captureStack === false) Error.stackTraceLimit = 0;
    // Nothing between these two lines can throw, so the limit is always restored.
    super(text);
    Error.stackTraceLimit = limit;
    // Assigned rather than passed as `{ cause }`: the option makes V8 define a non-enumerable
    // property, a fifth of classify()'s budget. Inspect and serializers show it either way.
    if (options.cause !== undefined) this.cause = options.cause;
    this.code = spec.code;
    this.category = spec.category;
    this.severity = spec.severity;
    this.retryable = spec.retryable;
    this.runbook = spec.runbook;
    this.spec = spec;
    this.context = options.context
      ? contextIsRedacted
        ? options.context
        : (redact(options.context) as Record<string, unknown>)
      : EMPTY_CONTEXT;
    this.timestamp = Date.now();
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Unique per error instance, for correlating logs, audit lines and reports. */
  get id(): string {
    // Lazy: most errors are handled and never shown, and a UUID is a third of classify()'s cost.
    return (this.#id ??= randomUUID());
  }

  /** Recognises PcErrors from any copy of this package. */
  static is(value: unknown): value is PcError {
    if (typeof value !== 'object' || value === null) return false;
    try {
      return (value as Record<symbol, unknown>)[BRAND] === true;
    } catch {
      return false; // A hostile proxy is certainly not one of ours.
    }
  }

  toJSON(): PcErrorJSON {
    return {
      name: 'PcError',
      id: this.id,
      code: this.code,
      category: this.category,
      severity: this.severity,
      retryable: this.retryable,
      message: this.message,
      summary: this.spec.summary,
      runbook: this.runbook,
      timestamp: new Date(this.timestamp).toISOString(),
      context: this.context,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.cause === undefined ? {} : { cause: redact(this.cause) }),
    };
  }
}

Object.defineProperty(PcError.prototype, 'name', { value: 'PcError', writable: true, configurable: true });
Object.defineProperty(PcError.prototype, BRAND, { value: true });

/**
 * For classify(): a PcError wrapping a foreign error, without a stack of its own (the cause
 * has the one that matters) and with a context that was redacted while it was built.
 */
export function createClassifiedError(
  spec: ErrorCodeSpec,
  message: string | undefined,
  cause: unknown,
  context: Readonly<Record<string, unknown>> | undefined,
  retryAfterMs: number | undefined,
): PcError {
  contextIsRedacted = true;
  try {
    return new PcError(spec, message, { cause, context, retryAfterMs, captureStack: false });
  } finally {
    contextIsRedacted = false;
  }
}
