import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PcError } from '@parsercraft/core';
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from '../src/extract/entry-rules.js';
import { extractPackage } from '../src/extract/safe-extract.js';
import { tarball, type TarEntry } from './tarball.js';

/**
 * A mkdtemp folder laid out as `work/archive.tgz` and `work/project/.parsercraft/packages/evil`:
 * anything that appears in it outside `packages/evil` is a write that escaped.
 */
export class ExtractBench {
  readonly destination: string;
  readonly archive: string;
  /** Compressed bytes the last extraction read from the archive file, both passes together. */
  bytesRead = 0;

  private constructor(readonly work: string) {
    this.destination = join(work, 'project', '.parsercraft', 'packages', 'evil');
    this.archive = join(work, 'archive.tgz');
  }

  static async create(): Promise<ExtractBench> {
    return new ExtractBench(await mkdtemp(join(tmpdir(), 'pc-extract-')));
  }

  async dispose(): Promise<void> {
    await rm(this.work, { recursive: true, force: true });
  }

  async unpack(
    entries: readonly TarEntry[] | Buffer,
    limits: Partial<ExtractionLimits> = {},
    open?: (file: string) => Readable,
  ): Promise<void> {
    await writeFile(this.archive, Buffer.isBuffer(entries) ? entries : tarball(entries));
    this.bytesRead = 0;
    const read = (): Readable => {
      const stream = open ? open(this.archive) : createReadStream(this.archive);
      stream.on('data', (chunk: Buffer | string) => (this.bytesRead += chunk.length));
      return stream;
    };
    await extractPackage(read, this.destination, 'evil@1.0.0', { ...DEFAULT_EXTRACTION_LIMITS, ...limits });
  }

  /** Expects the archive to be refused with a PcError, leaving nothing but the archive behind. */
  async refused(
    entries: readonly TarEntry[] | Buffer,
    limits: Partial<ExtractionLimits> = {},
    open?: (file: string) => Readable,
  ): Promise<PcError> {
    try {
      await this.unpack(entries, limits, open);
    } catch (error) {
      if (!PcError.is(error)) throw new Error(`expected a PcError, got ${String(error)}`, { cause: error });
      const left = await this.strayPaths(false);
      if (left.length > 0) throw new Error(`a refused archive left ${left.join(', ')}`);
      return error;
    }
    throw new Error('expected the archive to be refused');
  }

  /** Everything in the work folder but the archive, the folders above the package and, if allowed, the package. */
  async strayPaths(packageAllowed = true): Promise<string[]> {
    const everything = (await readdir(this.work, { recursive: true })).map((p) => p.replaceAll('\\', '/')).sort();
    return everything.filter(
      (p) =>
        p !== 'archive.tgz' &&
        !'project/.parsercraft/packages'.startsWith(p) &&
        !(
          packageAllowed &&
          (p === 'project/.parsercraft/packages/evil' || p.startsWith('project/.parsercraft/packages/evil/'))
        ),
    );
  }
}
