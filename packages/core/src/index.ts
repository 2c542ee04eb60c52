/**
 * @parsercraft/core: the hardening core every ParserCraft tool stands on.
 * See ARCHITECTURE.md ("The core") for how the parts fit together.
 *
 * This entry is the public surface: what the other packages and users call, and the types
 * of what those calls take and return. Building blocks behind it (the shared-timer timeout,
 * ring buffers, the safe emitter, abort helpers, histograms) stay internal, so they can
 * change without breaking anyone; the core's own tests import them from their modules.
 */

// Errors: categories, severities, stable codes, classification, runbook links, redaction.
// Also importable alone as `@parsercraft/core/errors` (see errors.ts).
export * from './errors.js';

// Recovery plans compiled into cockatiel policies.
export {
  RecoveryManager,
  type RecoveryManagerOptions,
  type RetryEvent,
  type BreakerStateChangeEvent,
  type BreakerSnapshot,
} from './recovery/recovery-manager.js';
export type {
  BreakerOpening,
  CallAttempt,
  CallRetry,
  CallSubject,
  ExecuteOptions,
  OperationRunner,
} from './recovery/operation-runner.js';
export type { RecoveryPlan, RetryPlan, BreakerPlan, BulkheadPlan, HealthBinding } from './recovery/plan.js';
export { DEFAULT_PLANS } from './recovery/default-plans.js';
export { loadRecoveryPlans, type LoadPlansOptions } from './recovery/load-plans.js';
export type { AttemptContext } from './recovery/shared-timer-timeout.js';
export type { RecoveryRecord, FailureSummary } from './recovery/recovery-history.js';
export type { CallOutcome, OperationStats } from './recovery/operation-stats.js';
export type { BreakerStateName } from './health/breaker-state.js';

// Rate limiting.
export {
  TokenBucket,
  type TokenBucketOptions,
  type AcquireOptions,
  type TokenBucketStats,
} from './rate-limit/token-bucket.js';

// Health.
export { HealthStatus } from './health/status.js';
export {
  HealthRegistry,
  type HealthRegistryOptions,
  type HealthSnapshot,
  type HealthChangeEvent,
  type ComponentChangeEvent,
} from './health/health-registry.js';
export {
  HealthComponent,
  type ComponentOptions,
  type ComponentSnapshot,
  type HealthProbe,
  type HealthReason,
  type ProbeResult,
  type ErrorRateThresholds,
  type ErrorSummary,
} from './health/health-component.js';

// Metrics.
export { createMetrics, type Metrics, type MetricsOptions } from './metrics/create-metrics.js';

// Logging and audit.
export { createLogger, type LoggerOptions, type LogDestination, type LogLevel } from './logging/create-logger.js';
export {
  AuditLog,
  readAuditFile,
  type AuditEvent,
  type AuditRecord,
  type AuditLogOptions,
} from './logging/audit-log.js';

// Shutdown.
export {
  GracefulShutdown,
  type GracefulShutdownOptions,
  type ShutdownHandler,
  type ShutdownReport,
  type HandlerReport,
} from './shutdown/graceful-shutdown.js';

// The one cache folder every package uses. Also importable alone as `@parsercraft/core/cache-dir`.
export { defaultCacheDir } from './util/cache-dir.js';
export type { Logger } from 'pino';
export type { Event, IDisposable } from 'cockatiel';
