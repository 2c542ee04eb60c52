import { join } from 'node:path';
import { z } from 'zod';
import type { UrlCredentials } from '../auth/url-credentials.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { httpUrl, withoutUserinfo } from '../http/registry-url.js';
import { checkDependencies, checkPackageName, checkVersion } from '../names/package-name.js';
import { readJsonFile } from './read-json-file.js';
import { LOCKFILE } from '../layout.js';

export const LOCKFILE_VERSION = 1;

const LockedPackageSchema = z.object({
  version: z.string().min(1),
  /** Where the tarball was fetched from. */
  resolved: z.string().refine((url) => httpUrl(url) !== undefined, 'must be an http: or https: URL'),
  /** sha512 SRI of the tarball; it wins over what a registry says now. */
  integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]+={0,2}$/),
  /** What this package asked for, so a frozen install can tell whether the tree still holds. */
  dependencies: z.record(z.string(), z.string()).default({}),
});

const LockfileSchema = z.object({
  lockfileVersion: z.literal(LOCKFILE_VERSION),
  /** The project's own requests, as they were when the lockfile was written. */
  requires: z.record(z.string(), z.string()),
  packages: z.record(z.string(), LockedPackageSchema),
});

export type LockedPackage = z.infer<typeof LockedPackageSchema>;
export type Lockfile = z.infer<typeof LockfileSchema>;

/** Lockfiles read with userinfo in a `resolved` URL: one is rewritten even when nothing else changed. */
const withCredentials = new WeakSet<Lockfile>();

export function heldCredentials(lockfile: Lockfile): boolean {
  return withCredentials.has(lockfile);
}

/**
 * The lockfile, or undefined when the project has none yet. A `resolved` URL written with
 * userinfo (by hand, or by a hostile registry's tarball URL) gives it to `credentials` and
 * loses it here, and the lockfile counts as changed, so the next install writes it clean.
 */
export async function readLockfile(projectDir: string, credentials?: UrlCredentials): Promise<Lockfile | undefined> {
  const lockfile = await readJsonFile(
    join(projectDir, LOCKFILE),
    LockfileSchema,
    RegistryCodes.PC_REGISTRY_LOCKFILE_INVALID,
    'undefined',
  );
  if (!lockfile) return undefined;
  // A lockfile comes with a pull request as easily as the code: its names are as untrusted as a registry's.
  checkDependencies(lockfile.requires, 'the lockfile', 'the project');
  for (const [name, locked] of Object.entries(lockfile.packages)) {
    checkPackageName(name, 'the lockfile');
    checkVersion(locked.version, name, 'the lockfile');
    checkDependencies(locked.dependencies, 'the lockfile', `${name}@${locked.version}`);
    const url = httpUrl(locked.resolved);
    if (!url || (url.username === '' && url.password === '')) continue;
    locked.resolved = credentials ? credentials.take(url) : withoutUserinfo(url);
    withCredentials.add(lockfile);
  }
  return lockfile;
}

/** The lockfile as JSON with sorted keys, so the same tree always writes the same bytes. */
export function serializeLockfile(lockfile: Lockfile): string {
  const sorted = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const packages = Object.fromEntries(
    Object.entries(sorted(lockfile.packages)).map(([name, p]) => [
      name,
      { ...p, dependencies: sorted(p.dependencies) },
    ]),
  );
  return `${JSON.stringify({ lockfileVersion: lockfile.lockfileVersion, requires: sorted(lockfile.requires), packages }, null, 2)}\n`;
}

export async function writeLockfile(projectDir: string, lockfile: Lockfile): Promise<void> {
  await writeFileAtomic(join(projectDir, LOCKFILE), serializeLockfile(lockfile));
}
