/**
 * @parsercraft/core: the hardening core every ParserCraft tool stands on.
 * See ARCHITECTURE.md ("The core") for how the parts fit together.
 */

// Errors: categories, severities, stable codes, classification. Also importable alone as
// `@parsercraft/core/errors` (see errors.ts).
export * from './errors.js';

// Recovery plans compiled into cockatiel policies.
export { RecoveryManager, type RecoveryManagerOptions, type RetryEvent, type BreakerStateChangeEvent, type BreakerSnapshot } from './recovery/recovery-manager.js';
export type { ExecuteOptions, OperationRunner } from './recovery/operation-runner.js';
export {
  RecoveryPlanSchema,
  type RecoveryPlan,
  type RetryPlan,
  type BreakerPlan,
  type BulkheadPlan,
  type HealthBinding,
} from './recovery/plan.js';
export { DEFAULT_PLANS, RETRY_DEFAULTS, BREAKER_DEFAULTS, BULKHEAD_DEFAULTS } from './recovery/default-plans.js';
export { loadRecoveryPlans, validateRecoveryPlan, type LoadPlansOptions } from './recovery/load-plans.js';
export { SharedTimerTimeout, type AttemptContext, type Operation } from './recovery/shared-timer-timeout.js';
export type { RecoveryRecord, FailureSummary } from './recovery/recovery-history.js';
export type { CallOutcome, OperationStats } from './recovery/operation-stats.js';
export { breakerGaugeValue, type BreakerStateName } from './health/breaker-state.js';

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

// Metrics.
export { createMetrics, type Metrics, type MetricsOptions } from './metrics/create-metrics.js';
export { LatencyHistogram, DURATION_BUCKETS_SECONDS } from './util/latency-histogram.js';

// Logging and audit.
export { createLogger, type LoggerOptions, type LogDestination, type LogLevel } from './logging/create-logger.js';
export { AuditLog, readAuditFile, type AuditEvent, type AuditRecord, type AuditLogOptions } from './logging/audit-log.js';

// Shutdown.
export { GracefulShutdown, type GracefulShutdownOptions, type ShutdownHandler, type ShutdownReport, type HandlerReport } from './shutdown/graceful-shutdown.js';

// Small helpers other packages need too.
export { abortError, rejectOnAbort, forwardAbort } from './util/abort.js';
export { RingBuffer } from './util/ring-buffer.js';
// Also importable alone as `@parsercraft/core/cache-dir`.
export { defaultCacheDir } from './util/cache-dir.js';
export { SafeEventEmitter } from './util/safe-event-emitter.js';
export type { Logger } from 'pino';
export type { Event, IDisposable } from 'cockatiel';
