import { readLockfile } from './project/lockfile.js';
import { holdsIntact, readInstalledTree } from './tree/installed-tree.js';
import { currentTree } from './tree/tree-layout.js';

export interface TreeReport {
  /** Packages the lockfile lists. */
  readonly locked: number;
  /** What differs between the lockfile and the installed tree; empty when they agree. */
  readonly problems: readonly string[];
}

/**
 * Compares the installed tree with the lockfile, reading only the disk: every locked
 * package installed at its version from its tarball, its folder unchanged since, and
 * nothing else installed. For `parsercraft doctor`; `undefined` when there is no lockfile.
 */
export async function inspectInstalledTree(projectDir: string): Promise<TreeReport | undefined> {
  const lockfile = await readLockfile(projectDir);
  if (!lockfile) return undefined;
  const locked = Object.entries(lockfile.packages);
  const problems: string[] = [];
  const current = await currentTree(projectDir);
  if (current.kind === 'legacy') problems.push('the packages were installed by an older version; reinstall them');
  const tree = await readInstalledTree(projectDir);
  if (current.kind !== 'legacy' && locked.length > 0 && tree.id === undefined) problems.push('nothing is installed');
  else if (tree.id !== undefined) {
    for (const [name, p] of locked) {
      const entry = tree.packages.get(name);
      if (!entry) problems.push(`${name} is not installed`);
      else if (entry.version !== p.version)
        problems.push(`${name} is installed at ${entry.version}, locked at ${p.version}`);
      else if (!(await holdsIntact(tree, name, p.version, p.integrity)))
        problems.push(`${name}@${p.version} was changed since it was installed, or not from its locked tarball`);
    }
    for (const name of tree.packages.keys())
      if (!Object.hasOwn(lockfile.packages, name)) problems.push(`${name} is installed but not in the lockfile`);
  }
  return { locked: locked.length, problems };
}
