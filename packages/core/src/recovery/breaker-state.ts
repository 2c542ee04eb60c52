import { CircuitState } from 'cockatiel';

export type BreakerStateName = 'closed' | 'half-open' | 'open' | 'isolated';

export function breakerStateName(state: CircuitState): BreakerStateName {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
      return 'open';
    case CircuitState.Isolated:
      return 'isolated';
  }
}

/** The gauge value Prometheus dashboards expect: 0 closed, 1 half-open, 2 open. */
export function breakerGaugeValue(state: BreakerStateName): 0 | 1 | 2 {
  return state === 'closed' ? 0 : state === 'half-open' ? 1 : 2;
}
