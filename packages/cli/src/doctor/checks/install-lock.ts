import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliCodes } from '../../cli-codes.js';
import type { DoctorCheck } from '../doctor-check.js';

/**
 * The project's install lock (`.parsercraft/install.lock`, holding its owner's pid). One
 * whose owner is gone is stale: the next install takes it over anyway, and --fix removes it.
 */
export const installLock: DoctorCheck = {
  name: 'install lock',
  run: async ({ projectDir, fix }) => {
    const path = join(projectDir, '.parsercraft', 'install.lock');
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) return { status: 'ok', detail: 'no install running' };
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid))
      return { status: 'ok', detail: `an install is running (pid ${pid})` };
    if (fix) {
      await rm(path, { force: true });
      return { status: 'ok', detail: 'no install running', fixed: `removed a stale lock of pid ${text.trim() || '?'}` };
    }
    return {
      status: 'warning',
      detail: `stale lock of pid ${text.trim() || '?'}, which no longer runs`,
      code: CliCodes.PC_CLI_STALE_INSTALL_LOCK.code,
      fix: 'parsercraft doctor --fix',
    };
  },
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
