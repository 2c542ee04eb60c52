import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readRegularFile } from '../fs/read-regular-file.js';
import { TREE_MANIFEST } from './tree-layout.js';

/** What one installed package folder was made from, and what it held then. */
export interface InstalledPackage {
  readonly version: string;
  /** sha512 SRI of the tarball it was unpacked from. */
  readonly integrity: string;
  /** folderDigest() of the folder right after unpacking. */
  readonly digest: string;
}

const ManifestSchema = z.object({
  manifestVersion: z.literal(1),
  packages: z.record(z.string(), z.object({ version: z.string(), integrity: z.string(), digest: z.string() })),
});

/** A tree's manifest by package name; a missing or unreadable one is empty (every folder is unpacked again). */
export async function readTreeManifest(treeRoot: string): Promise<Map<string, InstalledPackage>> {
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(await readRegularFile(join(treeRoot, TREE_MANIFEST))));
    return parsed.success ? new Map(Object.entries(parsed.data.packages)) : new Map();
  } catch {
    return new Map();
  }
}

export async function writeTreeManifest(
  treeRoot: string,
  packages: ReadonlyMap<string, InstalledPackage>,
): Promise<void> {
  const sorted = [...packages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await writeFileAtomic(
    join(treeRoot, TREE_MANIFEST),
    `${JSON.stringify({ manifestVersion: 1, packages: Object.fromEntries(sorted) }, null, 2)}\n`,
  );
}
