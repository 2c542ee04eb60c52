import { randomBytes } from 'node:crypto';
import { link, open, rm, writeFile } from 'node:fs/promises';
import { classify, CoreErrorCodes } from '@parsercraft/core';

/**
 * Creates `path` holding `content` unless it exists (then `false`), whole or not at all: the
 * content goes to a temp file first, which is then hard-linked to `path` (link fails if the
 * path exists). No reader ever sees the lock empty, so a holder that stalls right after
 * creating it is never mistaken for one that died there. Where the file system has no hard
 * links (some network and FAT mounts), O_EXCL and a write, whose short empty moment the
 * staleness rule allows for.
 */
export async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.pc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await link(temp, path);
    return true;
  } catch (error) {
    if (classify(error).code === CoreErrorCodes.PC_FS_EXISTS.code) return false;
    if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    return createWithExcl(path, content);
  } finally {
    await rm(temp, { force: true });
  }
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

async function createWithExcl(path: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (classify(error).code === CoreErrorCodes.PC_FS_EXISTS.code) return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}
