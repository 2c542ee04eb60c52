/** How much an error matters to the user, independent of whether it can be retried. */
export const ErrorSeverity = {
  /** Expected in normal use; worth a debug line (a cancellation, a 404 on a mirror). */
  Low: 'low',
  /** Something failed but the system can carry on (a reset connection, a timeout). */
  Medium: 'medium',
  /** A feature is down until someone acts (auth refused, breaker open, a bug). */
  High: 'high',
  /** Data or the process is at risk (integrity mismatch, disk full, out of memory). */
  Critical: 'critical',
} as const;

export type ErrorSeverity = (typeof ErrorSeverity)[keyof typeof ErrorSeverity];

export const ERROR_SEVERITIES: readonly ErrorSeverity[] = Object.values(ErrorSeverity);
