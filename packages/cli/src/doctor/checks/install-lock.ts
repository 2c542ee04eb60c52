import { CliCodes } from '../../cli-codes.js';
import { registryClient } from '../check-modules.js';
import type { DoctorCheck } from '../doctor-check.js';

/**
 * The project's install lock (`.parsercraft/install.lock`), judged by the registry client's
 * own rule, so the doctor and a waiting install never disagree: stale when its holder is
 * gone, its pid now another process's, or the machine restarted. --fix removes a stale
 * lock, the way a waiting install takes one over, and never a live one.
 */
export const installLock: DoctorCheck = {
  name: 'install lock',
  load: registryClient,
  run: async ({ projectDir, fix }) => {
    const { inspectInstallLock, removeStaleInstallLock } = await registryClient();
    const found = fix ? await removeStaleInstallLock(projectDir) : await inspectInstallLock(projectDir);
    if (found.state === 'none') return { status: 'ok', detail: 'no install running' };
    if (found.state === 'live')
      return {
        status: 'ok',
        detail: `an install is running (${found.holder})${found.unchecked ? `; ${found.unchecked}` : ''}`,
      };
    if (fix)
      return {
        status: 'ok',
        detail: 'no install running',
        fixed: `removed a stale lock of ${found.holder}: ${found.reason}`,
      };
    return {
      status: 'warning',
      detail: `stale lock of ${found.holder}: ${found.reason}`,
      code: CliCodes.PC_CLI_STALE_INSTALL_LOCK.code,
      fix: 'parsercraft doctor --fix',
    };
  },
};
