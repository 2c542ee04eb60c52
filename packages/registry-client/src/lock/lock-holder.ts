import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { readBootId, readStartTicks } from './proc-info.js';

const LockHolderSchema = z.object({
  pid: z.number().int().positive(),
  /** Clock ticks since boot when the process started (Linux); absent without /proc. */
  startTicks: z.number().int().nonnegative().optional(),
  /** /proc/sys/kernel/random/boot_id (Linux): another value on this host means it restarted since. */
  bootId: z.string().min(1).optional(),
  hostname: z.string(),
  /** When the lock was taken, ISO 8601. */
  takenAt: z.string(),
  /** Makes every taking unique, so a lock re-taken by a process with the same pid is a different lock. */
  nonce: z.string().min(1),
});

/**
 * Who holds a lock, as written into the lock file: enough to tell, later and from another
 * process, whether that very process still runs. A pid alone is not: containers reuse
 * small pids, so the pid is paired with the process's start time and the machine's boot.
 */
export type LockHolder = z.infer<typeof LockHolderSchema>;

/** What installs before this format wrote: the pid alone. */
export interface LegacyHolder {
  readonly pid: number;
  readonly legacy: true;
}

/** This process, as it records itself taking a lock now. */
export function currentHolder(): LockHolder {
  const ticks = readStartTicks(process.pid);
  const bootId = readBootId();
  return {
    pid: process.pid,
    ...(typeof ticks === 'number' && { startTicks: ticks }),
    ...(bootId !== undefined && { bootId }),
    hostname: hostname(),
    takenAt: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
}

export function serializeHolder(holder: LockHolder): string {
  return `${JSON.stringify(holder)}\n`;
}

/**
 * The holder a lock file names, or `undefined` for garbage. A bare pid is what installs
 * before this format wrote; it is kept so a running older install is still respected.
 */
export function parseHolder(text: string): LockHolder | LegacyHolder | undefined {
  const bare = /^\s*(\d{1,10})\s*$/.exec(text);
  if (bare) {
    const pid = Number(bare[1]);
    return pid > 0 ? { pid, legacy: true } : undefined;
  }
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** "pid 4242 at 2026-12-01T23:40:00.000Z (build-7)", for messages. */
export function describeHolder(holder: LockHolder | LegacyHolder): string {
  return 'takenAt' in holder ? `pid ${holder.pid} at ${holder.takenAt} (${holder.hostname})` : `pid ${holder.pid}`;
}
