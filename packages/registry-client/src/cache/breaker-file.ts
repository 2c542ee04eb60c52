import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BreakerOpening, BreakerSnapshot, RecoveryManager } from '@parsercraft/core';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readRegularFile } from '../fs/read-regular-file.js';

/** Longer saved messages are cut: the file is read by every command, and may have been edited by anyone. */
const MAX_MESSAGE = 1_000;

/**
 * Circuit-breaker states shared by every process using one cache folder, so the tenth
 * command of a CI job fails fast on a registry the first nine found dead instead of
 * retrying it again. Last writer wins per breaker; a lost write costs one more probe.
 *
 * Each entry is `{ operation, key, state, opening? }`: `key` is the registry origin,
 * `state` cockatiel's (its open time is wall-clock, so the cool-down runs across
 * processes), and `opening` the failure that opened it and when, so a later process's
 * refusal can say why instead of only that it refuses.
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

  /**
   * The saved states; a missing or unreadable file means none (every breaker starts closed).
   * A malformed `opening` is dropped, not the state: the breaker still holds, only less
   * well explained.
   */
  async read(): Promise<BreakerSnapshot[]> {
    try {
      const parsed: unknown = JSON.parse(await readRegularFile(this.path));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(isSnapshot).map((s) => {
        const { opening, ...rest } = s;
        const valid = openingOf(opening);
        return valid ? { ...rest, opening: valid } : rest;
      });
    } catch {
      return [];
    }
  }
}

function isSnapshot(s: unknown): s is BreakerSnapshot {
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof (s as BreakerSnapshot).operation === 'string' &&
    'state' in s &&
    ((s as BreakerSnapshot).key === undefined || typeof (s as BreakerSnapshot).key === 'string')
  );
}

function openingOf(value: unknown): BreakerOpening | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { code, message, at } = value as Record<string, unknown>;
  if (typeof code !== 'string' || !/^PC_[A-Z0-9_]{1,60}$/.test(code)) return undefined;
  if (typeof message !== 'string' || typeof at !== 'string' || !Number.isFinite(Date.parse(at))) return undefined;
  return { code, message: message.slice(0, MAX_MESSAGE), at: new Date(Date.parse(at)).toISOString() };
}
