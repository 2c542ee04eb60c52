import { registryClient } from '../check-modules.js';
import type { DoctorCheck } from '../doctor-check.js';

/**
 * The installed packages are exactly what the lockfile says, read from the disk alone: the
 * versions, the tarballs they came from, and folders unchanged since. A tree that differs
 * (a folder edited by hand, an older install layout) is a warning that names every difference.
 */
export const installedPackages: DoctorCheck = {
  name: 'installed packages',
  load: registryClient,
  run: async ({ projectDir }) => {
    const { inspectInstalledTree, RegistryCodes } = await registryClient();
    const report = await inspectInstalledTree(projectDir);
    if (!report) return { status: 'ok', detail: 'no lockfile: nothing to compare' };
    if (report.problems.length === 0)
      return { status: 'ok', detail: `all ${report.locked} locked packages installed, unchanged` };
    const shown = report.problems.slice(0, 5).join('; ');
    const more = report.problems.length > 5 ? `; and ${report.problems.length - 5} more` : '';
    return {
      status: 'warning',
      detail: `the installed packages differ from the lockfile: ${shown}${more}`,
      code: RegistryCodes.PC_REGISTRY_TREE_MISMATCH.code,
      fix: 'parsercraft install',
    };
  },
};
