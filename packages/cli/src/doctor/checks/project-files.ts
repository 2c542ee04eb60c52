import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classify } from '@parsercraft/core/errors';
import { LOCKFILE, PROJECT_FILE } from '@parsercraft/registry-client/layout';
import { registryClient } from '../check-modules.js';
import type { DoctorCheck } from '../doctor-check.js';

/**
 * parsercraft.json is valid, and the lockfile has exactly what it asks for. No project at
 * all is fine: the command runs on its bundled languages and the default registry.
 */
export const projectFiles: DoctorCheck = {
  name: 'project',
  load: registryClient,
  run: async ({ projectDir, cacheDir, signal }) => {
    const text = await readFile(join(projectDir, PROJECT_FILE), 'utf8').catch(() => undefined);
    if (text === undefined)
      return { status: 'ok', detail: `no ${PROJECT_FILE} here: using the bundled languages and the default registry` };
    const { RegistryCodes, resolve } = await registryClient();
    const deps = dependencyCount(text);
    if (deps === undefined) {
      return {
        status: 'error',
        detail: `${PROJECT_FILE} is not valid JSON`,
        code: RegistryCodes.PC_REGISTRY_PROJECT_INVALID.code,
        fix: `correct ${PROJECT_FILE}`,
      };
    }
    if (deps === 0) return { status: 'ok', detail: `${PROJECT_FILE} valid, no dependencies` };
    const lock = await readFile(join(projectDir, LOCKFILE), 'utf8').catch(() => undefined);
    if (lock === undefined)
      return {
        status: 'warning',
        detail: `${PROJECT_FILE} has ${deps} dependencies and no ${LOCKFILE}`,
        fix: 'parsercraft install',
      };
    try {
      // What install would do, from the cache only: the lockfile is consistent when it would change nothing.
      const plan = await resolve({ projectDir, cacheDir, cacheMode: 'offline', signal });
      if (plan.lockfileChanged)
        return { status: 'warning', detail: `${LOCKFILE} does not match ${PROJECT_FILE}`, fix: 'parsercraft install' };
      return { status: 'ok', detail: `${PROJECT_FILE} and ${LOCKFILE} agree (${plan.packages.length} packages)` };
    } catch (error) {
      const e = classify(error);
      return {
        status: e.code === 'PC_REGISTRY_NOT_CACHED' ? 'warning' : 'error',
        detail: e.message,
        code: e.code,
        runbook: e.runbook,
        fix: 'parsercraft install',
      };
    }
  },
};

/** How many dependencies the file names; undefined when it is not JSON at all. */
function dependencyCount(text: string): number | undefined {
  try {
    const deps = (JSON.parse(text) as { dependencies?: unknown } | null)?.dependencies;
    return deps && typeof deps === 'object' ? Object.keys(deps).length : 0;
  } catch {
    return undefined;
  }
}
