import { join } from 'node:path';
import { classify, loadRecoveryPlans, PcError, type RecoveryPlan } from '@parsercraft/core';
import { z } from 'zod';
import { UrlCredentials } from '../auth/url-credentials.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import { PROJECT_FILE } from '../layout.js';
import { checkDependencies } from '../names/package-name.js';
import { takeRegistryCredentials } from '../registry/registry-list.js';
import { readJsonFile } from './read-json-file.js';

const ProjectSchema = z.object({
  name: z.string().optional(),
  /** Package name -> semver range or dist-tag. */
  dependencies: z.record(z.string().min(1), z.string().min(1)).default({}),
  /**
   * `default` and `@scope` -> a registry list in GOPROXY notation: URLs separated by `,`
   * (try the next only after 404/410) or `|` (try the next after any error).
   */
  registries: z.record(z.string().regex(/^(default|@[a-z0-9][\w.-]*)$/), z.string().min(1)).default({}),
  /**
   * Recovery plans by operation (`registry.packument`, `registry.tarball`), layered over the
   * defaults field by field as core's loadRecoveryPlans reads them (`false` removes a section).
   */
  plans: z.unknown().optional(),
});

export interface ProjectFile {
  readonly name?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  /** Without userinfo: that is in `credentials`. */
  readonly registries: Readonly<Record<string, string>>;
  /** What the registry URLs carried as `user:password@`, by origin. */
  readonly credentials: UrlCredentials;
  /** The defaults with the project's overrides applied. */
  readonly plans: Readonly<Record<string, RecoveryPlan>>;
}

/** Reads and validates `parsercraft.json`; every problem is in one PC_REGISTRY_PROJECT_INVALID. */
export async function readProjectFile(projectDir: string): Promise<ProjectFile> {
  const path = join(projectDir, PROJECT_FILE);
  const data = await readJsonFile(path, ProjectSchema, RegistryCodes.PC_REGISTRY_PROJECT_INVALID, 'error');
  const { name, dependencies } = data;
  checkDependencies(dependencies, 'parsercraft.json', 'the project');
  const credentials = new UrlCredentials();
  const registries = takeRegistryCredentials(data.registries, credentials, `${path}#registries`);
  let plans: Record<string, RecoveryPlan>;
  try {
    plans = loadRecoveryPlans(data.plans, { source: `${path}#plans` });
  } catch (error) {
    const cause = classify(error);
    throw new PcError(RegistryCodes.PC_REGISTRY_PROJECT_INVALID, cause.message, {
      cause,
      context: { path, ...cause.context },
    });
  }
  return { ...(name !== undefined && { name }), dependencies, registries, credentials, plans };
}
