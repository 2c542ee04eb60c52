/** Health of a component or of the whole process. */
export const HealthStatus = {
  Healthy: 'healthy',
  Degraded: 'degraded',
  Unhealthy: 'unhealthy',
} as const;

export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

const RANK: Readonly<Record<HealthStatus, number>> = { healthy: 0, degraded: 1, unhealthy: 2 };

export function worseStatus(a: HealthStatus, b: HealthStatus): HealthStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * The whole from its parts: any critical component unhealthy makes the whole unhealthy;
 * anything else short of healthy makes it degraded.
 */
export function overallStatus(
  components: Iterable<{ readonly critical: boolean; readonly status: HealthStatus }>,
): HealthStatus {
  let overall: HealthStatus = 'healthy';
  for (const component of components) {
    if (component.status === 'healthy') continue;
    if (component.status === 'unhealthy' && component.critical) return 'unhealthy';
    overall = 'degraded';
  }
  return overall;
}
