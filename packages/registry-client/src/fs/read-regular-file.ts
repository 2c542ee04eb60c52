import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CoreErrorCodes, PcError } from '@parsercraft/core';

/**
 * Reads a file as text only if it is a regular file. Opened non-blocking and checked with
 * fstat before a byte is read: a FIFO or a link to /dev/stdin checked into a repository
 * (git stores links) would otherwise block the read forever, in a thread no signal reaches.
 * A missing file fails as readFile does (ENOENT), so callers keep their "no file" paths.
 */
export async function readRegularFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new PcError(CoreErrorCodes.PC_FS_WRONG_TYPE, `${path} is not a regular file (a pipe, device or folder).`, {
        context: { path },
      });
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
