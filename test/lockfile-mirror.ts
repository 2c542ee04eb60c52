/**
 * A registry's worth of the npm packages our packed packages need at run time, taken from
 * this repository's own install, so a test can `npm install` packed tarballs the way a
 * user does while talking only to 127.0.0.1: the production dependency closure is read
 * from package-lock.json, and each package is packed again from its installed folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import type { Publication } from '../packages/registry-client/test/registry-server.js';

interface LockEntry {
  readonly version?: string;
  readonly link?: boolean;
  readonly resolved?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** Where Node (and npm's flat layout) finds `name` when required from the lockfile path `from`. */
function resolveIn(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | undefined {
  for (let dir = from; ;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return undefined;
    const nested = dir.lastIndexOf('/node_modules/');
    dir =
      nested !== -1
        ? dir.slice(0, nested)
        : dir.startsWith('node_modules/')
          ? ''
          : posix.dirname(dir) === '.'
            ? ''
            : posix.dirname(dir);
  }
}

/** Lockfile paths of every third-party package the workspaces in `roots` (folders like `packages/cli`) need at run time. */
export function runtimeClosure(
  lock: { packages: Readonly<Record<string, LockEntry>> },
  roots: readonly string[],
): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    let path = stack.pop()!;
    const entry = lock.packages[path];
    if (entry?.link && entry.resolved) path = entry.resolved;
    if (seen.has(path)) continue;
    seen.add(path);
    const target = lock.packages[path] ?? {};
    for (const name of Object.keys({
      ...target.dependencies,
      ...target.optionalDependencies,
      ...target.peerDependencies,
    })) {
      const found = resolveIn(lock.packages, path, name);
      if (found) stack.push(found);
    }
  }
  return [...seen].filter((p) => p.includes('node_modules/'));
}

/** Each package of the closure as a registry publishes it: its installed package.json as the manifest, its folder as the tarball. */
export async function mirrorPublications(repoRoot: string, roots: readonly string[]): Promise<Publication[]> {
  const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const scratch = await mkdtemp(join(tmpdir(), 'pc-mirror-'));
  try {
    return await Promise.all(
      runtimeClosure(lock, roots).map(async (path, index) => {
        const folder = join(repoRoot, path);
        const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as Record<string, unknown> & {
          name: string;
          version: string;
          dependencies?: Record<string, string>;
        };
        const tarball = join(scratch, `${index}.tgz`);
        // npm expects every entry under package/; nested installs are other packages of the closure.
        const base = posix.basename(path);
        await promisify(execFile)('tar', [
          '-czf',
          tarball,
          '--exclude=node_modules',
          '-C',
          dirname(folder),
          '--transform',
          `s,^${base},package,`,
          base,
        ]);
        return {
          name: manifest.name,
          version: manifest.version,
          dependencies: manifest.dependencies ?? {},
          manifest,
          tarball: await readFile(tarball),
        };
      }),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
