import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PcError } from '@parsercraft/core';
import { RegistryCodes } from '../errors/registry-codes.js';
import { TEMP_MARK, tempSibling, writeFileAtomic } from '../fs/atomic-write.js';
import { readRegularFile } from '../fs/read-regular-file.js';
import { LOCKFILE, packagesDir } from '../layout.js';
import { processAlive } from '../lock/process-alive.js';
import { currentTree, LEGACY_STATE_FILE, pendingSwitchFile, stateDir, treesDir } from './tree-layout.js';

/** A new tree's id: sortable by time, unique across processes. */
export function newTreeId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

interface PendingSwitch {
  readonly tree: string;
  /** The lockfile that goes with the tree, or null when the lockfile does not change. */
  readonly lockfile: string | null;
}

/**
 * Makes the staged tree `id` the installed one, with its lockfile. The switch itself is one
 * rename of a link over `.parsercraft/packages`, atomic on POSIX file systems: before it the
 * old tree is installed, after it the new one, never a mix. The lockfile cannot be renamed in
 * the same step, so a journal written before the switch holds it; a crash between the
 * switch and the lockfile write is finished by the next install (recoverInterruptedSwitch).
 */
export async function switchToTree(projectDir: string, id: string, lockfile: string | undefined): Promise<void> {
  const pending: PendingSwitch = { tree: id, lockfile: lockfile ?? null };
  await writeFileAtomic(pendingSwitchFile(projectDir), JSON.stringify(pending));
  await pointPackagesAt(projectDir, id);
  await finishSwitch(projectDir, pending);
}

async function finishSwitch(projectDir: string, pending: PendingSwitch): Promise<void> {
  if (pending.lockfile !== null) await writeFileAtomic(join(projectDir, LOCKFILE), pending.lockfile);
  await rm(pendingSwitchFile(projectDir), { force: true });
}

async function pointPackagesAt(projectDir: string, id: string): Promise<void> {
  const link = packagesDir(projectDir);
  const temp = tempSibling(link);
  // Windows makes directory links without privileges only as junctions, which need an absolute target.
  if (process.platform === 'win32') await symlink(join(treesDir(projectDir), id), temp, 'junction');
  else await symlink(join('trees', id), temp, 'dir');
  try {
    const info = await lstat(link).catch(() => undefined);
    if (info && !info.isSymbolicLink()) {
      // The folder of an install before trees: it becomes a tree of its own, removed below.
      // Between these two renames there is no `packages` for a moment; this happens once per project.
      await rename(link, join(treesDir(projectDir), `legacy-${newTreeId()}`));
    }
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(stateDir(projectDir));
}

/** Flushes a folder's entries, so a switch survives a power cut; not every platform can. */
async function syncFolder(path: string): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open folders; the rename is still atomic there, only not yet durable.
  }
}

/**
 * Run first by every install, holding the install lock: finishes a switch a crash
 * interrupted after its rename (writes the journal's lockfile), forgets one interrupted
 * before it, and removes every tree but the installed one and every temp file. Says
 * what it finished, for a warning.
 */
export async function recoverInterruptedSwitch(projectDir: string): Promise<string | undefined> {
  await checkStateFolders(projectDir);
  let message: string | undefined;
  const pending = await readPending(projectDir);
  const current = await currentTree(projectDir);
  if (pending) {
    if (current.kind === 'tree' && current.id === pending.tree) {
      await finishSwitch(projectDir, pending);
      message =
        'The previous install was interrupted after switching to its new packages; its lockfile was written now.';
    } else await rm(pendingSwitchFile(projectDir), { force: true });
  }
  await removeAllBut(treesDir(projectDir), current.kind === 'tree' ? current.id : undefined);
  for (const entry of await readdir(stateDir(projectDir)).catch(() => [] as string[])) {
    if (entry.startsWith(TEMP_MARK) || entry === LEGACY_STATE_FILE || deadWritersTemp(entry)) {
      await rm(join(stateDir(projectDir), entry), { recursive: true, force: true });
    }
  }
  // The lockfile (and parsercraft.json) are written beside the project's own files: only
  // our temp names there, and only a writer that is gone (it was killed mid-write).
  for (const entry of await readdir(projectDir).catch(() => [] as string[])) {
    const writer = PROJECT_TEMP.exec(entry)?.[1];
    if (writer !== undefined && !processAlive(Number(writer))) await rm(join(projectDir, entry), { force: true });
  }
  return message;
}

/** writeFileAtomic's temp of the project's lockfile or parsercraft.json: `.pc-tmp-<name>-<pid>-<hex>`. */
const PROJECT_TEMP = /^\.pc-tmp-parsercraft(?:-lock)?\.json-(\d+)-[0-9a-f]{8}$/;

/** A temp file beside another (the lock's `install.lock.pc-tmp-<pid>-<hex>`) whose writer is gone. */
function deadWritersTemp(entry: string): boolean {
  const pid = Number(/\.pc-tmp-(\d+)-[0-9a-f]{8}$/.exec(entry)?.[1]);
  return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
}

/** Removes every entry of `dir` but `keep`; the trees a crash or a finished switch left. */
export async function removeAllBut(dir: string, keep: string | undefined): Promise<void> {
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (entry !== keep) await rm(join(dir, entry), { recursive: true, force: true });
  }
}

async function readPending(projectDir: string): Promise<PendingSwitch | undefined> {
  try {
    const parsed = JSON.parse(await readRegularFile(pendingSwitchFile(projectDir))) as Partial<PendingSwitch>;
    if (typeof parsed.tree === 'string' && (typeof parsed.lockfile === 'string' || parsed.lockfile === null))
      return { tree: parsed.tree, lockfile: parsed.lockfile };
  } catch {
    // A journal torn by a crash is no journal: writeFileAtomic means it was never complete.
  }
  return undefined;
}

/**
 * `.parsercraft` and `.parsercraft/trees` must be real folders when they exist: a link there
 * (a checked-in `.parsercraft/trees -> ../src`) would carry every write and every cleanup of
 * the install, the lock included, outside the project. Checked before anything is touched.
 */
export async function checkStateFolders(projectDir: string): Promise<void> {
  for (const folder of [stateDir(projectDir), treesDir(projectDir)]) {
    const info = await lstat(folder).catch(() => undefined);
    if (!info || info.isDirectory()) continue;
    throw new PcError(
      RegistryCodes.PC_REGISTRY_UNSAFE_PATH,
      `${folder} is a ${info.isSymbolicLink() ? 'link' : 'file'}, not a folder; installs write only into real folders of the project. Remove it, then install again.`,
      { context: { path: folder } },
    );
  }
}

/** Creates the folder a new tree is staged in (checkStateFolders ran first, under the lock). */
export async function makeTreeFolder(projectDir: string, id: string): Promise<string> {
  await mkdir(treesDir(projectDir), { recursive: true });
  await checkStateFolders(projectDir);
  const root = join(treesDir(projectDir), id);
  await mkdir(root);
  return root;
}
