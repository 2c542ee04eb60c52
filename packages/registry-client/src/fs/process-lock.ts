import { lstat, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { PcError } from '@parsercraft/core';
import { RegistryCodes } from '../errors/registry-codes.js';
import { createExclusive } from '../lock/create-exclusive.js';
import { judgeLock, thisHost, type SeenLock, type Verdict } from '../lock/holder-liveness.js';
import { DEFAULT_LOCK_WAIT_MS, type ProcessLockOptions } from '../lock/lock-options.js';
import { currentHolder, describeHolder, serializeHolder } from '../lock/lock-holder.js';
import { readLock } from '../lock/read-lock.js';
import { removeStaleLock } from '../lock/take-over.js';

export { processAlive } from '../lock/process-alive.js';
export { DEFAULT_LOCK_WAIT_MS, type ProcessLockOptions } from '../lock/lock-options.js';

const REPORT_EVERY_MS = 5_000;

/*
 * Hand-written rather than proper-lockfile. That one runs on Node 20 (plain CommonJS, on
 * graceful-fs, retry and signal-exit 3) but is little kept: 4.1.2 is its last release, years
 * old. Its design keeps a lock by refreshing the lock's mtime on a timer and calls it stale
 * after 10 s without a refresh. That would survive a reused pid and works across hosts, but
 * a holder whose event loop stalls past the limit (a large synchronous step, a paused
 * debugger, a suspended laptop or VM) has its lock taken while it still writes, which for
 * an install means two writers in one packages folder; and its lock records no pid, time
 * or host, so a waiter cannot say whom it waits for and the doctor cannot say why a lock is
 * stale. A record of the holder checked against /proc needs no timer and can say both.
 */

/**
 * Runs `work` holding a lock file other processes respect: created exclusively, holding
 * a record of its holder (lock-holder.ts). A lock whose holder is gone (a killed CI job, a
 * restarted machine, a pid reused by another process) is taken over, by one waiter only
 * (take-over.ts); a live one is waited for, saying whom for, until `waitMs` passes
 * (PC_REGISTRY_INSTALL_LOCKED) or `signal` aborts.
 */
export async function withProcessLock<T>(
  path: string,
  options: ProcessLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const { signal } = options;
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const reportEveryMs = options.reportEveryMs ?? REPORT_EVERY_MS;
  const here = thisHost();
  const judge = (seen: SeenLock): Verdict => judgeLock(seen, here);
  const started = performance.now();
  let reported: { identity: string; at: number } | undefined;
  let mine: string | undefined;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    signal?.throwIfAborted();
    mine = await createLock(path);
    if (mine !== undefined) break;
    await refuseNonFile(path);
    const seen = await readLock(path);
    if (!seen) {
      // Released between our create and our read: try again, after a breath so this never spins.
      if (performance.now() - started >= waitMs)
        throw lockedError(path, { live: true, holder: undefined, reason: 'it keeps changing' }, waitMs);
      await abortableDelay(1, signal);
      continue;
    }
    const verdict = judge(seen);
    if (!verdict.live && (await removeStaleLock(path, seen, judge))) continue;
    const now = performance.now();
    const waited = now - started;
    if (waited >= waitMs) throw lockedError(path, verdict, waited);
    if (verdict.live) {
      if (reported?.identity !== seen.identity || now - reported.at >= reportEveryMs) {
        reported = { identity: seen.identity, at: now };
        options.onWaiting?.(waitingMessage(verdict));
      }
      pause = Math.min(pause, Math.max(1, waitMs - waited), Math.max(1, reported.at + reportEveryMs - now));
    }
    await abortableDelay(pause, signal);
  }
  try {
    return await work();
  } finally {
    // Only our own record: were ours ever judged stale and taken over, the new holder's stays.
    if ((await readLock(path).catch(() => undefined))?.text === mine) await rm(path, { force: true });
  }
}

/**
 * A link or a folder where the lock belongs is no lock: creating one fails forever and
 * reading it says nothing, so waiting would never end. It is refused, naming the path.
 */
async function refuseNonFile(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (!info || info.isFile()) return;
  const what = info.isSymbolicLink() ? 'a symbolic link' : info.isDirectory() ? 'a folder' : 'not a file';
  throw new PcError(
    RegistryCodes.PC_REGISTRY_UNSAFE_PATH,
    `${path} is ${what}, not an install lock; remove it (parsercraft doctor --fix does), then install again.`,
    { context: { path } },
  );
}

/** Creates the lock holding our record, which it returns; `undefined` if one exists. */
async function createLock(path: string): Promise<string | undefined> {
  const record = serializeHolder(currentHolder());
  return (await createExclusive(path, record)) ? record : undefined;
}

function waitingMessage(verdict: Verdict): string {
  const whom = verdict.holder ? `the install started by ${describeHolder(verdict.holder)}` : 'an install';
  return `waiting for ${whom}…${verdict.unchecked ? ` (${verdict.unchecked})` : ''}`;
}

function lockedError(path: string, verdict: Verdict, waitedMs: number): PcError {
  const whom = verdict.holder ? describeHolder(verdict.holder) : 'an install whose lock is being written';
  return new PcError(
    RegistryCodes.PC_REGISTRY_INSTALL_LOCKED,
    `${path} is held by ${whom} (${verdict.reason}${verdict.unchecked ? `; ${verdict.unchecked}` : ''}); ` +
      `gave up after waiting ${Math.round(waitedMs / 1000)} s for it.`,
    {
      context: {
        lockPath: path,
        waitedMs: Math.round(waitedMs),
        reason: verdict.reason,
        ...(verdict.holder && { holder: verdict.holder }),
      },
    },
  );
}

async function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await delay(ms, undefined, signal && { signal });
  } catch (error) {
    // Fail with the abort's own reason, as throwIfAborted does everywhere else.
    signal?.throwIfAborted();
    throw error;
  }
}
