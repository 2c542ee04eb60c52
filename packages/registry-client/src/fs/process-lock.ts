import { open, readFile, rm, stat } from 'node:fs/promises';
import { classify, CoreErrorCodes } from '@parsercraft/core';

/** Whether a process with this pid runs on this machine (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding a lock file that other processes respect: created with O_EXCL and
 * holding the owner's pid. A lock whose owner died (a killed CI job) is taken over; a live
 * one is waited for, polling, until `signal` aborts.
 */
export async function withProcessLock<T>(
  path: string,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    signal?.throwIfAborted();
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if (classify(error).code !== CoreErrorCodes.PC_FS_EXISTS.code) throw error;
      const seen = await readFile(path, 'utf8').catch(() => '');
      const owner = Number.parseInt(seen, 10);
      const abandoned =
        Number.isInteger(owner) && owner > 0
          ? !processAlive(owner)
          : // No pid yet: the owner is between creating and writing, or died there.
            Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now()) > 10_000;
      // Re-read just before removing, so a lock another waiter just took over is not removed.
      if (abandoned && (await readFile(path, 'utf8').catch(() => '')) === seen) {
        await rm(path, { force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
