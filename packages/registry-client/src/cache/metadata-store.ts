import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readRegularFile } from '../fs/read-regular-file.js';

/** A cached packument, with what the registry needs to answer 304 Not Modified. */
export interface CachedMetadata {
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** When it was stored (ms since the epoch). */
  readonly storedAt: number;
  /** The packument as the registry sent it. */
  readonly body: string;
}

/** Packuments by URL: one JSON file each under `metadata/`, written whole or not at all. */
export class MetadataStore {
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, 'metadata');
  }

  private pathOf(url: string): string {
    return join(this.root, `${createHash('sha256').update(url).digest('hex')}.json`);
  }

  async get(url: string): Promise<CachedMetadata | undefined> {
    try {
      const entry = JSON.parse(await readRegularFile(this.pathOf(url))) as Partial<CachedMetadata>;
      // A file for another URL (a hash collision, or a hand edit) is no entry.
      return entry.url === url && typeof entry.body === 'string' && typeof entry.storedAt === 'number'
        ? (entry as CachedMetadata)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async put(entry: CachedMetadata): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFileAtomic(this.pathOf(entry.url), JSON.stringify(entry));
  }
}
