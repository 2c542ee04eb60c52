import { cp, mkdir, rm, rmdir } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { CoreErrorCodes, PcError } from '@parsercraft/core';
import { RegistryCodes } from './errors/registry-codes.js';
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from './extract/entry-rules.js';
import { withProcessLock } from './fs/process-lock.js';
import { installLockOptions, type InstallLockOptions, type InstallWaitingEvent } from './lock/install-lock.js';
import { serializeLockfile, writeLockfile } from './project/lockfile.js';
import { knownIntegrities, lockfileOf, lockfileWouldChange } from './resolve/lockfile-of.js';
import { resolveTree, type ResolvedPackage } from './resolve/resolve-tree.js';
import type { FetchProgress } from './registry/fetch-progress.js';
import { openSession, type SessionOptions } from './session.js';
import { folderDigest } from './tree/folder-digest.js';
import { holdsIntact, readInstalledTree } from './tree/installed-tree.js';
import { packageFolder } from './tree/package-path.js';
import {
  checkStateFolders,
  makeTreeFolder,
  newTreeId,
  recoverInterruptedSwitch,
  removeAllBut,
  switchToTree,
} from './tree/switch-tree.js';
import { treesDir } from './tree/tree-layout.js';
import type { InstalledPackage } from './tree/tree-manifest.js';
import { writeTreeManifest } from './tree/tree-manifest.js';
import { unpackPackage } from './tree/unpack-package.js';
import { forEachLimited } from './util/for-each-limited.js';
import { sweepOrphanedTemps } from './verify-cache.js';

export type InstallProgress =
  | { readonly phase: 'resolved'; readonly packages: number }
  | {
      readonly phase: 'fetched';
      readonly name: string;
      readonly version: string;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly phase: 'installed';
      readonly name: string;
      readonly version: string;
      readonly done: number;
      readonly total: number;
    }
  | { readonly phase: 'warning'; readonly message: string }
  | FetchProgress
  | InstallWaitingEvent;

export interface InstallOptions extends SessionOptions, InstallLockOptions {
  /** Fail, changing nothing, if the lockfile is missing or the install would change it (CI). */
  readonly frozenLockfile?: boolean;
  readonly onProgress?: (event: InstallProgress) => void;
  readonly limits?: Partial<ExtractionLimits>;
  /** Tarballs fetched and unpacked at once. Default 8. */
  readonly concurrency?: number;
  /** The whole install fails with PC_TIMEOUT past this, leaving nothing half-written. Default: none. */
  readonly deadlineMs?: number;
}

export interface InstallResult {
  readonly packages: readonly {
    readonly name: string;
    readonly version: string;
    readonly source: 'lockfile' | 'registry';
  }[];
  readonly warnings: readonly string[];
  readonly lockfileChanged: boolean;
}

/**
 * Installs the project's dependencies, whole or not at all: resolve the tree (keeping
 * lockfile choices that still fit); when the installed tree already holds exactly that,
 * verified on disk, change nothing but the lockfile. Otherwise stage a complete new tree
 * beside the installed one (folders that still fit are copied over, the rest are fetched
 * into the content-addressed cache verifying their sha512 and unpacked), record what it
 * holds, and switch to it with one rename, writing the lockfile with it (tree/switch-tree.ts).
 * Any failure, cancellation or deadline before the switch leaves the previous tree and
 * lockfile exactly as they were; a crash is cleaned up by the next install.
 */
export async function install(options: InstallOptions): Promise<InstallResult> {
  if (options.deadlineMs === undefined) return installLocked(options, options.signal);
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  // Every request, retry and unpack in flight listens to it: dozens at once is normal, not a leak.
  setMaxListeners(1_000, signal);
  try {
    return await installLocked(options, signal);
  } catch (error) {
    if (!deadline.aborted || options.signal?.aborted) throw error;
    throw new PcError(
      CoreErrorCodes.PC_TIMEOUT,
      `The install did not finish within its ${options.deadlineMs} ms deadline; nothing was left half-written.`,
      {
        cause: error,
        context: { deadlineMs: options.deadlineMs, projectDir: options.projectDir },
      },
    );
  }
}

/**
 * One install per project at a time, across processes: a second waits for the first (its
 * trees and lockfile would race). The cache needs no lock: content is stored by digest
 * through atomic renames, so concurrent writers of one tarball write the same bytes.
 */
async function installLocked(options: InstallOptions, signal: AbortSignal | undefined): Promise<InstallResult> {
  const dir = join(options.projectDir, '.parsercraft');
  await checkStateFolders(options.projectDir);
  await mkdir(dir, { recursive: true });
  return withProcessLock(join(dir, 'install.lock'), installLockOptions(options, signal), () =>
    installWithin(options, signal),
  );
}

async function installWithin(options: InstallOptions, signal: AbortSignal | undefined): Promise<InstallResult> {
  const { projectDir } = options;
  const warn = (message: string): void => options.onProgress?.({ phase: 'warning', message });
  const recovered = await recoverInterruptedSwitch(projectDir);
  if (recovered) warn(recovered);
  const session = await openSession(
    { ...options, ...(options.onProgress && { onFetchProgress: options.onProgress }) },
    signal,
    warn,
  );
  const { project, lockfile, content, fetcher } = session;
  try {
    await sweepOrphanedTemps(session.cacheDir);
    if (options.frozenLockfile && !lockfile) {
      throw new PcError(
        RegistryCodes.PC_REGISTRY_LOCKFILE_OUTDATED,
        `--frozen-lockfile: ${projectDir} has no parsercraft-lock.json.`,
        { context: { projectDir } },
      );
    }
    const resolution = await resolveTree({
      requires: project.dependencies,
      packument: (name) => fetcher.packument(name),
      ...(lockfile && { lockfile }),
    });
    for (const w of resolution.warnings) warn(w);
    options.onProgress?.({ phase: 'resolved', packages: resolution.packages.size });
    // Known sha512s; a package published with a sha1 only gets its sha512 when fetched.
    const integrities = knownIntegrities(resolution.packages);
    const changed = lockfileWouldChange(lockfile, project.dependencies, resolution.packages, integrities);
    if (options.frozenLockfile && changed) {
      throw new PcError(
        RegistryCodes.PC_REGISTRY_LOCKFILE_OUTDATED,
        `--frozen-lockfile: installing would change parsercraft-lock.json in ${projectDir}.`,
        { context: { projectDir } },
      );
    }

    const packages = [...resolution.packages.values()];
    const installed = await readInstalledTree(projectDir);
    const total = packages.length;
    let done = 0;
    const reported = (p: ResolvedPackage): void =>
      options.onProgress?.({ phase: 'installed', name: p.name, version: p.version, done: ++done, total });
    const intact = new Set<string>();
    await forEachLimited(packages, options.concurrency ?? 8, async (p) => {
      if (await holdsIntact(installed, p.name, p.version, integrities.get(p.name)?.sri)) intact.add(p.name);
    });
    const unchanged =
      installed.id !== undefined && intact.size === packages.length && installed.packages.size === packages.length;
    if (unchanged) {
      for (const p of packages) reported(p);
      if (changed) await writeLockfile(projectDir, lockfileOf(project.dependencies, resolution.packages, integrities));
    } else {
      const id = newTreeId();
      const stage = await makeTreeFolder(projectDir, id);
      try {
        const manifest = new Map<string, InstalledPackage>();
        const ctx = {
          fetcher,
          content,
          limits: { ...DEFAULT_EXTRACTION_LIMITS, ...options.limits },
          signal,
          warn,
        };
        let fetched = 0;
        await forEachLimited(packages, options.concurrency ?? 8, async (p) => {
          signal?.throwIfAborted();
          const folder = await packageFolder(stage, p.name);
          const kept = installed.packages.get(p.name);
          if (intact.has(p.name) && kept && installed.root) {
            await copyFolder(join(installed.root, ...p.name.split('/')), folder);
            manifest.set(p.name, kept);
          } else {
            const { integrity, digest } = await unpackPackage(p, folder, ctx);
            integrities.set(p.name, integrity);
            manifest.set(p.name, { version: p.version, integrity: integrity.sri, digest });
            options.onProgress?.({ phase: 'fetched', name: p.name, version: p.version, done: ++fetched, total });
          }
          reported(p);
        });
        await verifyStaged(stage, manifest);
        await writeTreeManifest(stage, manifest);
        signal?.throwIfAborted();
        const lock = lockfileOf(project.dependencies, resolution.packages, integrities);
        await switchToTree(projectDir, id, changed || lockfile === undefined ? serializeLockfile(lock) : undefined);
      } catch (error) {
        await rm(stage, { recursive: true, force: true }).catch(() => undefined);
        // A first install that failed leaves `.parsercraft/` as it found it: no empty trees folder.
        await rmdir(treesDir(projectDir)).catch(() => undefined);
        throw cancelled(error, signal);
      }
      // The old tree is no longer installed; the next install removes it if this cannot.
      await removeAllBut(treesDir(projectDir), id).catch(() => undefined);
    }
    return {
      packages: packages.map((p) => ({ name: p.name, version: p.version, source: p.source })),
      warnings: resolution.warnings,
      lockfileChanged: changed,
    };
  } catch (error) {
    throw cancelled(error, signal);
  } finally {
    await session.close();
  }
}

/** Copies a verified folder into the staged tree; packages hold only files and folders. */
async function copyFolder(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true });
}

/** Every staged folder hashes to what was recorded for it: copies included, so a copy cut short is caught. */
async function verifyStaged(stage: string, manifest: ReadonlyMap<string, InstalledPackage>): Promise<void> {
  for (const [name, entry] of manifest) {
    const found = await folderDigest(join(stage, ...name.split('/')));
    if (found !== entry.digest) {
      throw new PcError(
        RegistryCodes.PC_REGISTRY_TREE_MISMATCH,
        `The staged folder of ${name}@${entry.version} does not hold what was unpacked into it; nothing was switched.`,
        { context: { package: `${name}@${entry.version}` } },
      );
    }
  }
}

/** A failure caused by the caller's signal reads as a cancellation that kept the previous install. */
function cancelled(error: unknown, signal: AbortSignal | undefined): unknown {
  if (!signal?.aborted || (PcError.is(error) && error.code === CoreErrorCodes.PC_CANCELLED.code)) return error;
  const reason: unknown = signal.reason;
  if (PcError.is(reason) && reason.code !== CoreErrorCodes.PC_CANCELLED.code) return error;
  return new PcError(
    CoreErrorCodes.PC_CANCELLED,
    'The install was cancelled; the previously installed packages and the lockfile are unchanged.',
    { cause: error },
  );
}
