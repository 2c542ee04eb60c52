import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createExclusive } from './create-exclusive.js';
import type { SeenLock, Verdict } from './holder-liveness.js';
import { currentHolder, serializeHolder } from './lock-holder.js';
import { readLock } from './read-lock.js';

/** A crashed taker leaves a token that is stale in turn; each level is a new name, so this bounds the chain. */
const MAX_DEPTH = 3;

/**
 * Removes the lock file at `path` if it is still the one `seen` describes, which `judge`
 * found stale. Several waiters may judge one dead lock at once; a plain re-read and remove
 * lets a late one remove the lock an early one has just taken. So the right to remove this
 * one lock is itself taken first: a token file named after the lock's identity, created
 * exclusively and whole (create-exclusive.ts). Only its creator removes the lock, and only
 * after checking, under the token, that the lock is still that one. No one else can remove
 * it meanwhile (its holder is dead and every other taker needs the token), so the check
 * stays true. A token names its creator like a lock does, so it is taken from a creator
 * that died, never from one that runs. Returns whether this call removed the lock.
 */
export async function removeStaleLock(
  path: string,
  seen: SeenLock,
  judge: (seen: SeenLock) => Verdict,
  depth = 0,
): Promise<boolean> {
  const token = `${path}.takeover-${createHash('sha256').update(seen.identity).digest('hex').slice(0, 16)}`;
  if (!(await createExclusive(token, serializeHolder(currentHolder())))) {
    const other = await readLock(token);
    if (other && depth < MAX_DEPTH && !judge(other).live) await removeStaleLock(token, other, judge, depth + 1);
    return false;
  }
  try {
    if ((await readLock(path))?.identity !== seen.identity) return false;
    await rm(path, { force: true });
    return true;
  } finally {
    // Safe to drop: the lock it named is gone, and a late taker's identity check fails.
    await rm(token, { force: true });
  }
}
