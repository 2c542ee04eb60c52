import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { TEMP_MARK, tempSibling } from '../fs/atomic-write.js';
import { integrityError, sha512Hasher, sha512Of, type Expected, type Sha512 } from './integrity.js';

/**
 * Tarballs by content: `content/sha512/ab/cd/<rest of the hex digest>`, as npm's cacache
 * lays them out. A file appears only complete and verified (written to a temp file beside
 * it, hashed on the way, renamed into place), so concurrent writers of the same content
 * race harmlessly: both write the same bytes, and a rename is atomic. Reads verify again,
 * because disks and people corrupt files too.
 */
export class ContentStore {
  readonly root: string;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, 'content', 'sha512');
  }

  pathOf(integrity: Sha512): string {
    const { hex } = integrity;
    return join(this.root, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  }

  async has(integrity: Sha512): Promise<boolean> {
    try {
      return (await stat(this.pathOf(integrity))).isFile();
    } catch {
      return false;
    }
  }

  /**
   * Stores what `source` yields if it hashes as `expected`, and returns its sha512. On a
   * mismatch or any failure (an aborted download included) nothing is stored and no temp
   * file is left.
   */
  async put(
    expected: Expected,
    source: Readable | AsyncIterable<Uint8Array>,
    context: Record<string, unknown> = {},
  ): Promise<Sha512> {
    await mkdir(this.root, { recursive: true });
    const temp = tempSibling(join(this.root, 'incoming'));
    const sha512 = sha512Hasher();
    const sha1 = 'sha1' in expected ? createHash('sha1') : undefined;
    const handle = await open(temp, 'wx');
    try {
      try {
        for await (const chunk of source) {
          const bytes = chunk as Uint8Array;
          sha512.update(bytes);
          sha1?.update(bytes);
          await handle.write(bytes);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      const found = sha512Of(sha512);
      if ('sha512' in expected && found.hex !== expected.sha512.hex)
        throw integrityError('The downloaded tarball', expected.sha512.sri, found.sri, context);
      if ('sha1' in expected) {
        const foundSha1 = sha1?.digest('hex') ?? '';
        if (foundSha1 !== expected.sha1.toLowerCase())
          throw integrityError('The downloaded tarball', `sha1 ${expected.sha1}`, `sha1 ${foundSha1}`, context);
      }
      const target = this.pathOf(found);
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
      return found;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Reads stored content, failing with PC_REGISTRY_INTEGRITY at the end if it no longer matches. */
  read(integrity: Sha512): Readable {
    const hash = sha512Hasher();
    return createReadStream(this.pathOf(integrity)).pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
        flush(done) {
          const found = sha512Of(hash);
          done(found.hex === integrity.hex ? null : integrityError('A cached tarball', integrity.sri, found.sri));
        },
      }),
    );
  }

  async remove(integrity: Sha512): Promise<void> {
    await rm(this.pathOf(integrity), { force: true });
  }

  /** Every stored file with the digest its path claims, and every temp file left by a crash. */
  async *entries(): AsyncGenerator<
    { readonly path: string; readonly claimedHex: string } | { readonly path: string; readonly temp: true }
  > {
    for (const a of await listDir(this.root)) {
      if (a.startsWith(TEMP_MARK)) {
        yield { path: join(this.root, a), temp: true };
        continue;
      }
      for (const b of await listDir(join(this.root, a))) {
        for (const rest of await listDir(join(this.root, a, b))) {
          const path = join(this.root, a, b, rest);
          if (rest.startsWith(TEMP_MARK)) yield { path, temp: true };
          else yield { path, claimedHex: `${a}${b}${rest}` };
        }
      }
    }
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}

/** Whether the stored file for `integrity` is whole and hashes to it (reads it through once). */
export async function contentIntact(store: ContentStore, integrity: Sha512): Promise<boolean> {
  try {
    for await (const chunk of store.read(integrity)) void chunk;
    return true;
  } catch {
    return false;
  }
}
