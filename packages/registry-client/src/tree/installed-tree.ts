import { join } from 'node:path';
import { folderDigest } from './folder-digest.js';
import { currentTree } from './tree-layout.js';
import { readTreeManifest, type InstalledPackage } from './tree-manifest.js';

/** The installed tree as an install sees it: where it is and what its manifest says it holds. */
export interface InstalledTree {
  /** The tree's id, or undefined for none or a folder from before trees. */
  readonly id: string | undefined;
  readonly root: string | undefined;
  readonly packages: ReadonlyMap<string, InstalledPackage>;
}

export async function readInstalledTree(projectDir: string): Promise<InstalledTree> {
  const current = await currentTree(projectDir);
  if (current.kind !== 'tree') return { id: undefined, root: undefined, packages: new Map() };
  return { id: current.id, root: current.root, packages: await readTreeManifest(current.root) };
}

/**
 * Whether the installed folder of `name` is exactly what unpacking `version` from the
 * tarball with sha512 `integrity` gave: the manifest says so and the folder's content still
 * hashes to the digest recorded then. An edited, emptied or half-copied folder is not.
 */
export async function holdsIntact(
  tree: InstalledTree,
  name: string,
  version: string,
  integrity: string | undefined,
): Promise<boolean> {
  const entry = tree.packages.get(name);
  if (!tree.root || !entry || entry.version !== version || integrity === undefined || entry.integrity !== integrity)
    return false;
  return (await folderDigest(join(tree.root, ...name.split('/')))) === entry.digest;
}
