/**
 * `@parsercraft/core/errors`: the error model alone (categories, severities, stable codes,
 * PcError, classify, runbook links, redaction). Loading it takes a fraction of the whole
 * core, which also brings recovery, health, metrics and logging: the language package,
 * analysis workers and short-lived commands import this instead.
 */
export { ErrorCategory } from './errors/category.js';
export { ErrorSeverity } from './errors/severity.js';
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
export { redact, redactString, REDACTED, type RedactLimits } from './redaction/redact.js';
