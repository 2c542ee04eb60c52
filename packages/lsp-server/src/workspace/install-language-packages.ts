import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classify, type HealthComponent, type Logger, type RecoveryManager } from '@parsercraft/core';
import type { InstallResult } from '@parsercraft/registry-client';
import { PROJECT_FILE } from '@parsercraft/registry-client/layout';

export interface InstallLanguagePackagesOptions {
  readonly projectDir: string;
  /** The server's recovery manager: registry breakers and `registry:<origin>` health are the server's. */
  readonly recovery: RecoveryManager;
  /** Where an install that fails outright is reported. */
  readonly component: HealthComponent;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** A registry list (`url|mirror`) over parsercraft.json's default, as `parsercraft install --registry`. */
  readonly registry?: string;
}

/**
 * Installs the packages `parsercraft.json` depends on (language configs published to a
 * registry) with the registry client, in its default cache mode: a registry that cannot be
 * reached is answered from the cache, and its `registry:<origin>` component says so. An
 * install that fails outright (a cold cache and no registry) marks `packages` degraded with
 * the classified reason; documents of those languages then report the missing config.
 * Returns undefined when there is nothing to install.
 */
export async function installLanguagePackages(
  options: InstallLanguagePackagesOptions,
): Promise<InstallResult | undefined> {
  const { projectDir, component, logger } = options;
  if (!(await dependsOnPackages(projectDir))) return undefined;
  try {
    // Loaded here: the HTTP client and the rest are not needed by a project without packages.
    const { install } = await import('@parsercraft/registry-client');
    const result = await install({
      projectDir,
      recovery: options.recovery,
      logger,
      cacheMode: 'default',
      ...(options.registry !== undefined && { registry: options.registry }),
      ...(options.signal && { signal: options.signal }),
      onProgress: (event) => {
        if (event.phase === 'warning') logger.warn({ projectDir }, event.message);
      },
    });
    component.clearMark('install');
    logger.info({ projectDir, packages: result.packages.length }, 'language packages installed');
    return result;
  } catch (error) {
    const e = classify(error);
    logger.warn({ err: e, projectDir }, 'language packages could not be installed');
    component.mark('install', 'degraded', `language packages could not be installed: ${e.code}: ${e.message}`, {
      code: e.code,
      runbook: e.runbook,
    });
    return undefined;
  }
}

/** Whether the project's parsercraft.json names any package to install. */
export async function dependsOnPackages(projectDir: string): Promise<boolean> {
  try {
    const json = JSON.parse(await readFile(join(projectDir, PROJECT_FILE), 'utf8')) as { dependencies?: unknown };
    return (
      typeof json.dependencies === 'object' && json.dependencies !== null && Object.keys(json.dependencies).length > 0
    );
  } catch {
    // No project file, or one the resolver reports as broken: nothing to install.
    return false;
  }
}
