/**
 * `@parsercraft/core/errors`: the error model alone (categories, severities, stable codes,
 * PcError, classify). Loading it takes a fraction of the whole
 * core, which also brings recovery, health, metrics and logging: the language package,
 * analysis workers and short-lived commands import this instead.
 */
export { ErrorCategory, ERROR_CATEGORIES, CATEGORY_IS_DEPENDENCY_FAULT, isErrorCategory } from './errors/category.js';
export { ErrorSeverity, ERROR_SEVERITIES } from './errors/severity.js';
export {
  defineErrorCodes,
  errorCodeSpec,
  listErrorCodes,
  runbookAnchor,
  type ErrorCodeDefinition,
  type ErrorCodeSpec,
} from './errors/codes.js';
export { CoreErrorCodes, type CoreErrorCode } from './errors/core-codes.js';
export { runbookLink, runbookEntry, runbookCodes, type RunbookEntry } from './errors/runbook.js';
export { PcError, type PcErrorJSON, type PcErrorOptions } from './errors/pc-error.js';
export { classify } from './errors/classify.js';
export { parseRetryAfter, readHeader } from './errors/retry-after.js';
export { redact, redactString, isSensitiveKey, REDACTED, DEFAULT_REDACT_LIMITS, type RedactLimits } from './redaction/redact.js';
