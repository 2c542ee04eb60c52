import { hostname } from 'node:os';
import { processAlive } from './process-alive.js';
import { parseHolder, type LegacyHolder, type LockHolder } from './lock-holder.js';
import { readBootId, readStartTicks } from './proc-info.js';

/**
 * How long a lock file may be empty or unreadable before it counts as abandoned: its
 * writer creates it and writes its record a moment later, and may die in between.
 */
export const UNWRITTEN_GRACE_MS = 5_000;

/** What a lock file held when it was read. */
export interface SeenLock {
  readonly text: string;
  readonly mtimeMs: number;
  /** Tells this lock file from any later one at the same path (inode, mtime and content). */
  readonly identity: string;
}

export interface Verdict {
  readonly live: boolean;
  readonly holder: LockHolder | LegacyHolder | undefined;
  /** Why, in words for a message: "pid 42 now belongs to another process". */
  readonly reason: string;
  /** Set when liveness could not really be checked, and the holder is respected on trust. */
  readonly unchecked?: string;
}

/** The machine a lock is judged from; tests stand in their own. */
export interface HostView {
  readonly hostname: string;
  readonly bootId: string | undefined;
  startTicks(pid: number): number | undefined | 'unknown';
  pidAlive(pid: number): boolean;
  now(): number;
}

export function thisHost(): HostView {
  return {
    hostname: hostname(),
    bootId: readBootId(),
    startTicks: readStartTicks,
    pidAlive: processAlive,
    now: Date.now,
  };
}

/**
 * The one staleness rule, shared by installs that wait and by `parsercraft doctor`. A holder
 * is live only if its pid runs with the start time it recorded, on the boot it recorded;
 * without /proc the pid running must do. A holder on another host cannot be checked from
 * here and is respected.
 */
export function judgeLock(seen: SeenLock, here: HostView): Verdict {
  const holder = parseHolder(seen.text);
  if (!holder) {
    const what = seen.text.trim() === '' ? 'empty' : 'not a lock record';
    return here.now() - seen.mtimeMs > UNWRITTEN_GRACE_MS
      ? { live: false, holder, reason: `the lock file is ${what} and was last written ${ago(seen, here)}` }
      : { live: true, holder, reason: `the lock file is ${what}, and may be being written` };
  }
  const pid = holder.pid;
  if ('legacy' in holder) {
    return here.pidAlive(pid)
      ? {
          live: true,
          holder,
          reason: `pid ${pid} runs`,
          unchecked: 'an older lock format, with no start time to check',
        }
      : { live: false, holder, reason: `pid ${pid} no longer runs` };
  }
  if (holder.hostname !== here.hostname)
    return {
      live: true,
      holder,
      reason: `held on host ${holder.hostname}`,
      unchecked: `it was taken on host ${holder.hostname}, which cannot be checked from ${here.hostname}`,
    };
  if (holder.bootId !== undefined && here.bootId !== undefined && holder.bootId !== here.bootId)
    return { live: false, holder, reason: 'the machine restarted since it was taken (another boot id)' };
  const ticks = holder.startTicks === undefined ? 'unknown' : here.startTicks(pid);
  if (ticks === 'unknown')
    return here.pidAlive(pid)
      ? { live: true, holder, reason: `pid ${pid} runs` }
      : { live: false, holder, reason: `pid ${pid} no longer runs` };
  if (ticks === undefined) return { live: false, holder, reason: `pid ${pid} no longer runs` };
  if (ticks !== holder.startTicks)
    return {
      live: false,
      holder,
      reason: `pid ${pid} now belongs to another process (not the start time the lock recorded)`,
    };
  return { live: true, holder, reason: `pid ${pid} runs` };
}

function ago(seen: SeenLock, here: HostView): string {
  return `${Math.round((here.now() - seen.mtimeMs) / 1000)} s ago`;
}
