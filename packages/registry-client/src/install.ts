import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { classify, CoreErrorCodes, PcError } from '@parsercraft/core';
import { RegistryCodes } from './errors/registry-codes.js';
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from './extract/entry-rules.js';
import { extractPackage } from './extract/safe-extract.js';
import { TEMP_MARK, writeFileAtomic } from './fs/atomic-write.js';
import { withProcessLock } from './fs/process-lock.js';
import { installLockOptions, type InstallLockOptions, type InstallWaitingEvent } from './lock/install-lock.js';
import { packagesDir } from './layout.js';
import { writeLockfile } from './project/lockfile.js';
import { knownIntegrities, lockfileOf, lockfileWouldChange } from './resolve/lockfile-of.js';
import { resolveTree } from './resolve/resolve-tree.js';
import { openSession, type SessionOptions } from './session.js';

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

/** The folder installed packages live in, one folder per name. */
const stateFile = (projectDir: string): string => join(projectDir, '.parsercraft', 'installed.json');

/**
 * Installs the project's dependencies: resolve the tree (keeping lockfile choices that still
 * fit), fetch each tarball into the content-addressed cache verifying its sha512, unpack each
 * into `.parsercraft/packages/<name>/` through a temp folder and a rename, remove packages
 * the tree no longer has, then write the lockfile. The lockfile is written last, so a
 * failed or cancelled install leaves the previous lockfile and complete package folders.
 */
export async function install(options: InstallOptions): Promise<InstallResult> {
  if (options.deadlineMs === undefined) return installLocked(options, options.signal);
  const deadline = AbortSignal.timeout(options.deadlineMs);
  try {
    return await installLocked(options, options.signal ? AbortSignal.any([options.signal, deadline]) : deadline);
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
 * packages folder and lockfile would race). The cache needs no lock: content is stored by
 * digest through atomic renames, so concurrent writers of one tarball write the same bytes.
 */
async function installLocked(options: InstallOptions, signal: AbortSignal | undefined): Promise<InstallResult> {
  const dir = join(options.projectDir, '.parsercraft');
  await mkdir(dir, { recursive: true });
  return withProcessLock(join(dir, 'install.lock'), installLockOptions(options, signal), () =>
    installWithin(options, signal),
  );
}

async function installWithin(options: InstallOptions, signal: AbortSignal | undefined): Promise<InstallResult> {
  const { projectDir } = options;
  const warn = (message: string): void => options.onProgress?.({ phase: 'warning', message });
  const session = await openSession(options, signal, warn);
  const { project, lockfile, content, fetcher } = session;
  try {
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
    const installed = await readInstalledState(projectDir);
    const limits = { ...DEFAULT_EXTRACTION_LIMITS, ...options.limits };
    let fetched = 0;
    let unpacked = 0;
    await forEachLimited(packages, options.concurrency ?? 8, async (p) => {
      const label = `${p.name}@${p.version}`;
      const destination = join(packagesDir(projectDir), p.name);
      const known = integrities.get(p.name);
      if (known && installed[p.name] === known.sri && (await exists(destination))) {
        options.onProgress?.({
          phase: 'installed',
          name: p.name,
          version: p.version,
          done: ++unpacked,
          total: packages.length,
        });
        return;
      }
      const integrity = await fetcher.tarball(p.resolved, p.expected, label);
      integrities.set(p.name, integrity);
      options.onProgress?.({
        phase: 'fetched',
        name: p.name,
        version: p.version,
        done: ++fetched,
        total: packages.length,
      });
      try {
        await extractPackage(() => content.read(integrity), destination, label, limits, signal);
      } catch (error) {
        // A cache entry that no longer matches its digest is evicted and fetched once more.
        if (classify(error).code !== CoreErrorCodes.PC_REGISTRY_INTEGRITY.code) throw error;
        warn(`The cached tarball of ${label} was corrupt; it was removed and fetched again.`);
        await content.remove(integrity);
        await fetcher.tarball(p.resolved, { sha512: integrity }, label);
        await extractPackage(() => content.read(integrity), destination, label, limits, signal);
      }
      installed[p.name] = integrity.sri;
      options.onProgress?.({
        phase: 'installed',
        name: p.name,
        version: p.version,
        done: ++unpacked,
        total: packages.length,
      });
    });
    await prune(projectDir, new Set(resolution.packages.keys()), installed);
    await writeFileAtomic(stateFile(projectDir), `${JSON.stringify(installed, null, 2)}\n`);
    if (changed) await writeLockfile(projectDir, lockfileOf(project.dependencies, resolution.packages, integrities));
    return {
      packages: packages.map((p) => ({ name: p.name, version: p.version, source: p.source })),
      warnings: resolution.warnings,
      lockfileChanged: changed,
    };
  } finally {
    await session.close();
  }
}

/** Which integrity each installed folder was unpacked from; a lost or broken file just means unpacking again. */
async function readInstalledState(projectDir: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(stateFile(projectDir), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Removes package folders the tree no longer has, and temp folders a crash left behind. */
async function prune(projectDir: string, keep: ReadonlySet<string>, installed: Record<string, string>): Promise<void> {
  const root = packagesDir(projectDir);
  const names: string[] = [];
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    if (entry.startsWith('@') && !entry.startsWith(TEMP_MARK)) {
      for (const inner of await readdir(join(root, entry)).catch(() => [] as string[])) names.push(`${entry}/${inner}`);
    } else names.push(entry);
  }
  for (const name of names) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (keep.has(name) && !base.startsWith(TEMP_MARK)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    if (!base.startsWith(TEMP_MARK)) Reflect.deleteProperty(installed, name);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readdir(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` over `items`, at most `limit` at a time; the first failure stops new work.
 * Of the failures, the first that is not a breaker refusal is thrown: when one origin
 * fails for several packages at once, its breaker opens and refuses the others, and the
 * cause is more use to a reader than the refusals it caused.
 */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: PcError[] = [];
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failures.push(classify(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const cause = failures.find((f) => f.code !== CoreErrorCodes.PC_CIRCUIT_OPEN.code) ?? failures[0];
  if (cause) throw cause;
}
