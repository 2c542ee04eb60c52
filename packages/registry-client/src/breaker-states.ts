import {
  DEFAULT_PLANS,
  defaultCacheDir,
  RecoveryManager,
  type BreakerOpening,
  type BreakerStateName,
} from '@parsercraft/core';
import { BreakerFile } from './cache/breaker-file.js';

export interface SavedBreaker {
  readonly operation: string;
  /** The registry origin it guards. */
  readonly key: string | undefined;
  readonly state: BreakerStateName;
  /** While open or half-open: the failure that opened it and when. */
  readonly opening?: BreakerOpening;
}

/**
 * The circuit-breaker states saved in a cache folder (see cache/breaker-file.ts), by name:
 * what the next install will start from. For `parsercraft doctor`.
 */
export async function readBreakerStates(cacheDir = defaultCacheDir()): Promise<SavedBreaker[]> {
  const file = new BreakerFile(cacheDir);
  const snapshots = await file.read();
  const recovery = new RecoveryManager({ plans: DEFAULT_PLANS });
  const known = new Set(recovery.operations());
  for (const snapshot of snapshots) if (known.has(snapshot.operation)) recovery.restoreBreaker(snapshot);
  return recovery.runners().map((r) => {
    const opening = r.breakerOpening();
    return { operation: r.operation, key: r.key, state: r.stats.breakerState, ...(opening && { opening }) };
  });
}

/** Forgets the saved states (`parsercraft doctor --fix`): the next install tries every registry again. */
export async function resetBreakerStates(cacheDir = defaultCacheDir()): Promise<void> {
  await new BreakerFile(cacheDir).reset();
}
