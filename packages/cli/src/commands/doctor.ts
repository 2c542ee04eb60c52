import { defaultCacheDir } from '@parsercraft/core/cache-dir';
import { breakerStates } from '../doctor/checks/breakers.js';
import { languageConfigs } from '../doctor/checks/language-configs.js';
import { languageServer } from '../doctor/checks/language-server.js';
import { nodeVersion } from '../doctor/checks/node-version.js';
import { packageCache } from '../doctor/checks/cache.js';
import { installLock } from '../doctor/checks/install-lock.js';
import { installedPackages } from '../doctor/checks/installed-packages.js';
import { projectFiles } from '../doctor/checks/project-files.js';
import { registries } from '../doctor/checks/registries.js';
import type { DoctorCheck } from '../doctor/doctor-check.js';
import { jsonReport, overall, tableReport } from '../doctor/print-report.js';
import { runChecks } from '../doctor/run-checks.js';
import { EXIT } from '../exit-codes.js';
import type { Terminal } from '../output/terminal.js';

export interface DoctorOptions {
  readonly cwd: string;
  readonly json: boolean;
  readonly fix: boolean;
  /** Each check's budget. */
  readonly timeoutMs: number;
  readonly terminal: Terminal;
  readonly write: (text: string) => void;
}

export const CHECKS: readonly DoctorCheck[] = [
  nodeVersion,
  projectFiles,
  installedPackages,
  languageConfigs,
  languageServer,
  registries,
  breakerStates,
  installLock,
  packageCache,
];

/**
 * `parsercraft doctor`: every check at once, each within its budget, as a table (or JSON).
 * Exit 0 healthy, 1 degraded (warnings), 2 unhealthy (failures). With --fix, the safe
 * repairs only: corrupt cache entries and orphaned temp files evicted, a stale install lock
 * removed, tripped breaker states reset; each says what it did.
 */
export async function doctor(options: DoctorOptions): Promise<number> {
  const rows = await runChecks(
    CHECKS,
    { projectDir: options.cwd, cacheDir: defaultCacheDir(), fix: options.fix },
    options.timeoutMs,
  );
  options.write(options.json ? jsonReport(rows) : tableReport(rows, options.terminal));
  const state = overall(rows);
  return state === 'healthy' ? EXIT.ok : state === 'degraded' ? EXIT.problems : EXIT.failed;
}
