import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A digest of what a package folder holds: every path, whether it is a folder or a file,
 * its executable bit and its bytes, in a fixed order. Recorded when a package is unpacked
 * and compared before an install trusts a folder as already there, so a folder someone
 * edited, or one a crash left half-written, is unpacked again. Anything that is neither file
 * nor folder (a link, which packages never hold) makes the digest `undefined`: no match.
 * It catches edits, crashes and half-copies, not someone who rewrites the record beside it:
 * whoever can write the tree can write that too (as with npm's node_modules).
 */
export async function folderDigest(folder: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  const walk = async (dir: string, prefix: string): Promise<boolean> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const info = await lstat(path);
      const rel = `${prefix}${name}`;
      if (info.isDirectory()) {
        hash.update(`d\0${rel}\0`);
        if (!(await walk(path, `${rel}/`))) return false;
      } else if (info.isFile()) {
        const content = await readFile(path);
        hash.update(`f\0${rel}\0${info.mode & 0o111 ? 'x' : '-'}\0${content.length}\0`);
        hash.update(content);
      } else return false;
    }
    return true;
  };
  try {
    // The package folder itself must be a folder, not a link to one elsewhere.
    if (!(await lstat(folder)).isDirectory()) return undefined;
    return (await walk(folder, '')) ? `sha256-${hash.digest('base64')}` : undefined;
  } catch {
    return undefined;
  }
}
