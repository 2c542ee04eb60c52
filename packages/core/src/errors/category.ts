/**
 * What kind of failure an error is. Recovery decisions (retry, count against a breaker,
 * fall back) and exit codes are made on the category, so the set is small and closed.
 */
export const ErrorCategory = {
  /** The input is wrong: a broken config, bad arguments, a malformed message. */
  Validation: 'validation',
  /** The connection to a dependency failed: reset, refused, DNS, TLS. */
  Network: 'network',
  /** Something took longer than its budget. */
  Timeout: 'timeout',
  /** A dependency (or our own limiter) asked us to slow down. */
  RateLimited: 'rate_limited',
  /** A dependency answered that it cannot serve now, or our own breaker or bulkhead refused. */
  Unavailable: 'unavailable',
  /** Content does not match its checksum: a corrupt or tampered download or cache entry. */
  Integrity: 'integrity',
  /** A local resource ran out: disk, memory, file descriptors. */
  Resource: 'resource',
  /** The caller cancelled the work. */
  Cancelled: 'cancelled',
  /** The thing asked for does not exist. */
  NotFound: 'not_found',
  /** Credentials or permissions refused the operation, remote or local. */
  Auth: 'auth',
  /** A bug in our own code (a TypeError, a broken invariant). */
  Internal: 'internal',
  /** Nothing we recognise; treated cautiously. */
  Unknown: 'unknown',
} as const;

export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

export const ERROR_CATEGORIES: readonly ErrorCategory[] = Object.values(ErrorCategory);

/**
 * Whether a failure of this category says something about the health of the dependency
 * the operation talks to, and so should count against its circuit breaker. A code can
 * override this (our own breaker or bulkhead refusals are `unavailable` but say nothing
 * about the dependency).
 */
export const CATEGORY_IS_DEPENDENCY_FAULT: Readonly<Record<ErrorCategory, boolean>> = {
  validation: false,
  network: true,
  timeout: true,
  rate_limited: true,
  unavailable: true,
  integrity: false,
  resource: false,
  cancelled: false,
  not_found: false,
  auth: false,
  internal: true,
  unknown: true,
};

export function isErrorCategory(value: unknown): value is ErrorCategory {
  return typeof value === 'string' && (ERROR_CATEGORIES as readonly string[]).includes(value);
}
