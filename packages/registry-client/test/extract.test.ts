import { createReadStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from '../src/extract/entry-rules.js';
import { extractPackage } from '../src/extract/safe-extract.js';
import { tarball, type TarEntry } from './tarball.js';

let work: string;
let destination: string;

beforeEach(async () => {
  // work/archive.tgz, work/project/.parsercraft/packages/evil: anything written outside `packages` is a failure.
  work = await mkdtemp(join(tmpdir(), 'pc-extract-'));
  destination = join(work, 'project', '.parsercraft', 'packages', 'evil');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function unpack(entries: readonly TarEntry[] | Buffer, limits: Partial<ExtractionLimits> = {}): Promise<void> {
  const file = join(work, 'archive.tgz');
  await writeFile(file, Buffer.isBuffer(entries) ? entries : tarball(entries));
  await extractPackage(() => createReadStream(file), destination, 'evil@1.0.0', {
    ...DEFAULT_EXTRACTION_LIMITS,
    ...limits,
  });
}

async function refused(
  entries: readonly TarEntry[] | Buffer,
  limits: Partial<ExtractionLimits> = {},
): Promise<PcError> {
  try {
    await unpack(entries, limits);
  } catch (error) {
    expect(PcError.is(error), String(error)).toBe(true);
    // Nothing anywhere but the archive itself and the (empty) packages folder.
    const everything = (await readdir(work, { recursive: true })).map((p) => p.replaceAll('\\', '/')).sort();
    expect(everything.filter((p) => p !== 'archive.tgz' && !'project/.parsercraft/packages'.startsWith(p))).toEqual([]);
    return error as PcError;
  }
  throw new Error('expected the archive to be refused');
}

const file = (path: string, content = 'x'): TarEntry => ({ path, content });

describe('hostile tarballs are refused whole, and nothing is written', () => {
  it.each<[string, TarEntry[]]>([
    ['an absolute path', [file('package/ok.txt'), file('/tmp/pc-evil-absolute.txt')]],
    ['a Windows drive path', [file('C:/evil.txt')]],
    ["'..' out of the package", [file('package/ok.txt'), file('package/../../evil.txt')]],
    ["'..' hidden in the middle", [file('package/a/../../../evil.txt')]],
    ['a symlink to a parent folder', [{ path: 'package/up', type: 'symlink', linkpath: '../..' }]],
    ['a symlink to an absolute path', [{ path: 'package/passwd', type: 'symlink', linkpath: '/etc/passwd' }]],
    [
      'a file written through a symlink the archive made',
      [{ path: 'package/dir', type: 'symlink', linkpath: 'inner' }, file('package/dir/x.txt')],
    ],
    [
      'the same, with the case changed (case-insensitive file systems)',
      [{ path: 'package/Dir', type: 'symlink', linkpath: 'inner' }, file('package/dir/x.txt')],
    ],
    ['a hard link out of the package', [{ path: 'package/h', type: 'link', linkpath: '../../etc/passwd' }]],
    [
      'a hard link to a file the archive does not have',
      [{ path: 'package/h', type: 'link', linkpath: 'package/missing.txt' }],
    ],
    ['a FIFO', [{ path: 'package/pipe', type: 'fifo' }]],
    ['a character device', [{ path: 'package/tty', type: 'chardev' }]],
  ])('%s: PC_REGISTRY_UNSAFE_TARBALL', async (_what, entries) => {
    const error = await refused(entries);
    expect(error.code).toBe('PC_REGISTRY_UNSAFE_TARBALL');
    expect(error.severity).toBe('critical');
  });

  it.each<[string, TarEntry[], Partial<ExtractionLimits>]>([
    [
      'too many entries',
      [file('package/a'), file('package/b'), file('package/c'), file('package/d')],
      { maxEntries: 3 },
    ],
    ['one file over the size limit', [file('package/big.txt', 'x'.repeat(100))], { maxFileBytes: 99 }],
    [
      'files adding up over the total limit',
      [file('package/a', 'x'.repeat(60)), file('package/b', 'x'.repeat(60))],
      { maxTotalBytes: 100 },
    ],
    ['a header that claims 4 GiB it does not have', [{ path: 'package/bomb', size: 2 ** 32 }], {}],
  ])('%s: PC_REGISTRY_TARBALL_TOO_LARGE', async (_what, entries, limits) => {
    expect((await refused(entries, limits)).code).toBe('PC_REGISTRY_TARBALL_TOO_LARGE');
  });

  it('bytes that are not a gzip tar archive: PC_REGISTRY_BAD_TARBALL', async () => {
    expect((await refused(Buffer.from('this is not a tarball at all, just text'))).code).toBe(
      'PC_REGISTRY_BAD_TARBALL',
    );
    expect((await refused(gzipSync(Buffer.from('gzip, but of text: '.repeat(100))))).code).toBe(
      'PC_REGISTRY_BAD_TARBALL',
    );
  });
});

describe('good tarballs', () => {
  it('unpack without their package/ folder, links inside the package kept', async () => {
    await unpack([
      file('package/package.json', '{"name":"evil"}'),
      file('package/lib/a.txt', 'a'),
      { path: 'package/lib/link', type: 'symlink', linkpath: 'a.txt' },
      { path: 'package/lib/hard', type: 'link', linkpath: 'package/lib/a.txt' },
    ]);
    expect(await readFile(join(destination, 'lib/a.txt'), 'utf8')).toBe('a');
    expect(await readlink(join(destination, 'lib/link'))).toBe('a.txt');
    expect(await readFile(join(destination, 'lib/hard'), 'utf8')).toBe('a');
  });

  it('replace an installed folder completely: no file of the old version survives', async () => {
    await mkdir(destination, { recursive: true });
    await writeFile(join(destination, 'stale.txt'), 'old');
    await unpack([file('package/new.txt', 'new')]);
    expect((await readdir(destination)).sort()).toEqual(['new.txt']);
    expect((await lstat(join(destination, 'new.txt'))).isFile()).toBe(true);
    expect((await readdir(join(work, 'project/.parsercraft/packages'))).sort()).toEqual(['evil']);
  });
});
