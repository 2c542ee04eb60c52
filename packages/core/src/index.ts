/**
 * @parsercraft/core: the hardening core every ParserCraft tool stands on.
 * See ARCHITECTURE.md ("The core") for how the parts fit together.
 */

// Errors: categories, severities, stable codes, classification.
export { ErrorCategory, ERROR_CATEGORIES, CATEGORY_IS_DEPENDENCY_FAULT, isErrorCategory } from './errors/category.js';
export { ErrorSeverity, ERROR_SEVERITIES, severityRank } from './errors/severity.js';
export {
  defineErrorCodes,
  errorCodeSpec,
  listErrorCodes,
  runbookAnchor,
  type ErrorCodeDefinition,
  type ErrorCodeSpec,
} from './errors/codes.js';
export { CoreErrorCodes, type CoreErrorCode } from './errors/core-codes.js';
export { PcError, type PcErrorJSON, type PcErrorOptions } from './errors/pc-error.js';
export { classify } from './errors/classify.js';
export { parseRetryAfter, readHeader } from './errors/retry-after.js';
export { redact, redactString, isSensitiveKey, REDACTED, DEFAULT_REDACT_LIMITS, type RedactLimits } from './redaction/redact.js';

// Rate limiting.
export { TokenBucket, type TokenBucketOptions, type AcquireOptions, type TokenBucketStats } from './rate-limit/token-bucket.js';

// Health.
export { HealthStatus, overallStatus, worseStatus } from './health/status.js';
export {
  HealthRegistry,
  type HealthRegistryOptions,
  type HealthSnapshot,
  type HealthChangeEvent,
  type ComponentChangeEvent,
} from './health/health-registry.js';
export {
  HealthComponent,
  DEFAULT_ERROR_RATE,
  type ComponentOptions,
  type ComponentSnapshot,
  type HealthProbe,
  type HealthReason,
  type ProbeResult,
  type ErrorRateThresholds,
  type ErrorSummary,
} from './health/health-component.js';

// Small helpers other packages need too.
export { abortError, rejectOnAbort, forwardAbort } from './util/abort.js';
export { RingBuffer } from './util/ring-buffer.js';
export { SafeEventEmitter } from './util/safe-event-emitter.js';
export type { Logger } from 'pino';
export type { Event, IDisposable } from 'cockatiel';
