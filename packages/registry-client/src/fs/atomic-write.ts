import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Marks temp files and folders, so `verifyCache` and the next install can find leftovers. */
export const TEMP_MARK = '.pc-tmp-';

/** A sibling path that no other writer picks. */
export function tempSibling(path: string): string {
  return join(dirname(path), `${TEMP_MARK}${basename(path)}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes a whole file or nothing: a temp file in the same folder, flushed to disk, then
 * renamed over the target. A reader sees the old content or the new, never a part.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = tempSibling(path);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
