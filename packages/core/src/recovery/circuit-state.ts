import { CircuitState } from 'cockatiel';
import type { BreakerStateName } from '../health/breaker-state.js';

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
