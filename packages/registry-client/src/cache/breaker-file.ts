import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BreakerSnapshot, RecoveryManager } from '@parsercraft/core';
import { writeFileAtomic } from '../fs/atomic-write.js';

/**
 * Circuit-breaker states shared by every process using one cache folder, so the tenth
 * command of a CI job fails fast on a registry the first nine found dead instead of
 * retrying it again. Last writer wins per breaker; a lost write costs one more probe.
 */
export class BreakerFile {
  readonly path: string;

  constructor(cacheDir: string) {
    this.path = join(cacheDir, 'breakers.json');
  }

  /** Starts the manager's breakers from the saved states of operations it knows. */
  async restoreInto(recovery: RecoveryManager): Promise<void> {
    const known = new Set(recovery.operations());
    for (const snapshot of await this.read()) {
      if (known.has(snapshot.operation)) recovery.restoreBreaker(snapshot);
    }
  }

  /** Saves the manager's breakers over the saved ones, keeping other origins' entries. */
  async saveFrom(recovery: RecoveryManager): Promise<void> {
    const merged = new Map<string, BreakerSnapshot>();
    const id = (s: BreakerSnapshot): string => `${s.operation}\u0000${s.key ?? ''}`;
    for (const s of await this.read()) merged.set(id(s), s);
    for (const s of recovery.breakerSnapshots()) merged.set(id(s), s);
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify([...merged.values()], null, 2)}\n`);
  }

  /** Forgets every saved state: the next operation starts with closed breakers. */
  async reset(): Promise<void> {
    await rm(this.path, { force: true });
  }

  /** The saved states; a missing or unreadable file means none (every breaker starts closed). */
  async read(): Promise<BreakerSnapshot[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (s): s is BreakerSnapshot =>
          typeof s === 'object' &&
          s !== null &&
          typeof (s as BreakerSnapshot).operation === 'string' &&
          'state' in s &&
          ((s as BreakerSnapshot).key === undefined || typeof (s as BreakerSnapshot).key === 'string'),
      );
    } catch {
      return [];
    }
  }
}
