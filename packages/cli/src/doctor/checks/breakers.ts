import { registryClient } from '../check-modules.js';
import type { DoctorCheck } from '../doctor-check.js';

/**
 * The circuit-breaker states installs share through the cache folder: a registry found dead
 * is failed fast by the next install until its breaker half-opens. --fix forgets them, so
 * the next install tries every registry again.
 */
export const breakerStates: DoctorCheck = {
  name: 'breakers',
  load: registryClient,
  run: async ({ cacheDir, fix }) => {
    const { readBreakerStates, resetBreakerStates } = await registryClient();
    const saved = await readBreakerStates(cacheDir);
    const tripped = saved.filter((b) => b.state !== 'closed');
    if (tripped.length === 0)
      return { status: 'ok', detail: saved.length ? `${saved.length} saved, all closed` : 'none saved' };
    const list = tripped.map((b) => `${b.operation}${b.key ? ` ${b.key}` : ''} ${b.state}`).join(', ');
    if (fix) {
      await resetBreakerStates(cacheDir);
      return { status: 'ok', detail: 'none saved', fixed: `reset ${list}` };
    }
    return {
      status: 'warning',
      detail: `tripped: ${list}`,
      code: 'PC_CIRCUIT_OPEN',
      fix: 'parsercraft doctor --fix (once the registry is back)',
    };
  },
};
