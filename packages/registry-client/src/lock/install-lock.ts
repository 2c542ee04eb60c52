import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PcError } from '@parsercraft/core';
import { RegistryCodes } from '../errors/registry-codes.js';
import type { ProcessLockOptions } from './lock-options.js';
import { judgeLock, thisHost, type SeenLock } from './holder-liveness.js';
import { describeHolder } from './lock-holder.js';
import { readLock } from './read-lock.js';
import { removeStaleLock } from './take-over.js';

/** One install per project at a time; the doctor looks here too. */
export const installLockPath = (projectDir: string): string => join(projectDir, '.parsercraft', 'install.lock');

export interface InstallLockOptions {
  /** How long an install waits for another install of the project to finish. Default 10 minutes. */
  readonly lockWaitMs?: number;
}

/** An install waiting for another's lock; sent when the wait starts and at least every 5 s. */
export interface InstallWaitingEvent {
  readonly phase: 'waiting';
  readonly message: string;
}

/** The lock options an install passes on: its wait, its progress callback, its signal. */
export function installLockOptions(
  options: InstallLockOptions & { readonly onProgress?: (event: InstallWaitingEvent) => void },
  signal: AbortSignal | undefined,
): ProcessLockOptions {
  return {
    signal,
    waitMs: options.lockWaitMs,
    onWaiting: (message) => options.onProgress?.({ phase: 'waiting', message }),
  };
}

export type InstallLockState =
  | { readonly state: 'none' }
  | {
      readonly state: 'live' | 'stale';
      /** "pid 42 at 2026-12-01T23:40:00.000Z (build-7)", or what the file holds instead. */
      readonly holder: string;
      readonly pid?: number;
      /** Why live or stale: "pid 42 no longer runs", "the machine restarted since it was taken". */
      readonly reason: string;
      /** Set for a live holder that could not really be checked (another host, an older lock format). */
      readonly unchecked?: string;
    };

/** What `<project>/.parsercraft/install.lock` holds, judged by the rule installs wait by. */
export async function inspectInstallLock(projectDir: string): Promise<InstallLockState> {
  await refuseLinkedStateFolder(projectDir);
  const path = installLockPath(projectDir);
  const odd = await notAFile(path);
  if (odd) return { state: 'stale', holder: odd, reason: `the lock is ${odd}, which no install writes` };
  const seen = await readLock(path);
  return seen ? stateOf(seen) : { state: 'none' };
}

/** A `.parsercraft` that is a link would make the doctor judge, and --fix remove, files elsewhere. */
async function refuseLinkedStateFolder(projectDir: string): Promise<void> {
  const folder = join(projectDir, '.parsercraft');
  const info = await lstat(folder).catch(() => undefined);
  if (!info || info.isDirectory()) return;
  throw new PcError(
    RegistryCodes.PC_REGISTRY_UNSAFE_PATH,
    `${folder} is a ${info.isSymbolicLink() ? 'link' : 'file'}, not a folder; nothing in it was judged or removed.`,
    { context: { path: folder } },
  );
}

/** What is at the lock's path when it is not a file (a link, a folder), else undefined. */
async function notAFile(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info || info.isFile()) return undefined;
  return info.isSymbolicLink() ? 'a symbolic link' : info.isDirectory() ? 'a folder' : 'not a file';
}

/**
 * Removes the project's install lock if it is stale, exactly as a waiting install would
 * take it over (so a doctor and an install racing for it cannot remove a fresh lock), and
 * never a live one. Returns what it found.
 */
export async function removeStaleInstallLock(projectDir: string): Promise<InstallLockState> {
  await refuseLinkedStateFolder(projectDir);
  const path = installLockPath(projectDir);
  const odd = await notAFile(path);
  if (odd) {
    // No install can hold it, so no race: the link itself goes (rm does not follow it), or the folder.
    await rm(path, { recursive: true, force: true });
    return { state: 'stale', holder: odd, reason: `the lock is ${odd}, which no install writes` };
  }
  const seen = await readLock(path);
  if (!seen) return { state: 'none' };
  const found = stateOf(seen);
  if (found.state === 'stale') await removeStaleLock(path, seen, (s) => judgeLock(s, thisHost()));
  return found;
}

function stateOf(seen: SeenLock): InstallLockState {
  const verdict = judgeLock(seen, thisHost());
  return {
    state: verdict.live ? 'live' : 'stale',
    holder: verdict.holder ? describeHolder(verdict.holder) : JSON.stringify(seen.text.slice(0, 40)),
    ...(verdict.holder && { pid: verdict.holder.pid }),
    reason: verdict.reason,
    ...(verdict.unchecked !== undefined && { unchecked: verdict.unchecked }),
  };
}
