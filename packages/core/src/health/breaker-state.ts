/** A circuit breaker's state as health and metrics report it (recovery/circuit-state.ts maps cockatiel's onto it). */
export type BreakerStateName = 'closed' | 'half-open' | 'open' | 'isolated';

/** The gauge value Prometheus dashboards expect: 0 closed, 1 half-open, 2 open. */
export function breakerGaugeValue(state: BreakerStateName): 0 | 1 | 2 {
  return state === 'closed' ? 0 : state === 'half-open' ? 1 : 2;
}
