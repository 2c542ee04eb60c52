import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { SeenLock } from './holder-liveness.js';

/**
 * A lock file's content with what tells it from a later lock at the same path, read
 * through one handle so both describe the same file; `undefined` when there is none.
 */
export async function readLock(path: string): Promise<SeenLock | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const info = await handle.stat({ bigint: true });
    // A lock is a line of JSON; reading more would only let a hostile file cost memory.
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const digest = createHash('sha256').update(text).digest('hex');
    return { text, mtimeMs: Number(info.mtimeMs), identity: `${info.dev}:${info.ino}:${info.mtimeNs}:${digest}` };
  } finally {
    await handle.close();
  }
}
