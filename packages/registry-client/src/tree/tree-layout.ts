import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { packagesDir } from '../layout.js';

/**
 * Where installed trees live. `.parsercraft/packages` is a link to `trees/<id>/`, one
 * complete tree of package folders; an install builds a new tree beside the old one and
 * switches the link by one rename, so readers (the language server, the next command)
 * always see one whole tree. See ARCHITECTURE.md ("Transactional installs").
 */
export const stateDir = (projectDir: string): string => join(projectDir, '.parsercraft');
export const treesDir = (projectDir: string): string => join(stateDir(projectDir), 'trees');
/** The journal of a switch in progress: which tree, and the lockfile that goes with it. */
export const pendingSwitchFile = (projectDir: string): string => join(stateDir(projectDir), 'pending-switch.json');
/** The record of what a tree holds, inside it; no package folder can be named with a leading dot. */
export const TREE_MANIFEST = '.parsercraft-tree.json';
/** The state file of installs before trees (one folder per package straight in `packages/`). */
export const LEGACY_STATE_FILE = 'installed.json';

/** What `.parsercraft/packages` is now. */
export type CurrentTree =
  | { readonly kind: 'none' }
  /** A link to `trees/<id>`: the layout installs write. */
  | { readonly kind: 'tree'; readonly id: string; readonly root: string }
  /** A real folder, from an install before trees, or something else put there. */
  | { readonly kind: 'legacy'; readonly root: string };

export async function currentTree(projectDir: string): Promise<CurrentTree> {
  const link = packagesDir(projectDir);
  const info = await lstat(link).catch(() => undefined);
  if (!info) return { kind: 'none' };
  if (!info.isSymbolicLink()) return info.isDirectory() ? { kind: 'legacy', root: link } : { kind: 'none' };
  const target = await readlink(link);
  const id = basename(target);
  // Only a link into our own trees folder counts; anything else is treated as no tree.
  const expected = join(treesDir(projectDir), id);
  if (join(dirname(link), target) !== expected && target !== expected) return { kind: 'none' };
  return { kind: 'tree', id, root: expected };
}
