import { readFileSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { extract, list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentStore } from '../src/cache/content-store.js';
import { parseSha512 } from '../src/cache/integrity.js';
import { DEFAULT_EXTRACTION_LIMITS, type ExtractionLimits } from '../src/extract/entry-rules.js';
import { extractPackage } from '../src/extract/safe-extract.js';
import { tarRefusalOf } from '../src/extract/tar-failure.js';
import { ExtractBench } from './extract-harness.js';
import { sri } from './registry-server.js';
import { noise, tarball, tarBytes, type TarEntry } from './tarball.js';

let bench: ExtractBench;

beforeEach(async () => {
  bench = await ExtractBench.create();
});

afterEach(async () => {
  await bench.dispose();
});

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
      'a symlink that stays inside the package',
      [file('package/a.txt'), { path: 'package/l', type: 'symlink', linkpath: 'a.txt' }],
    ],
    [
      'a file written through a symlink the archive made',
      [{ path: 'package/dir', type: 'symlink', linkpath: 'inner' }, file('package/dir/x.txt')],
    ],
    [
      'the same, with the case changed (case-insensitive file systems)',
      [{ path: 'package/Dir', type: 'symlink', linkpath: 'inner' }, file('package/dir/x.txt')],
    ],
    [
      'a chain of links that each look inside, and together reach out',
      [
        { path: 'package/d1/d2/d3/d4/d5/d6/b', type: 'symlink', linkpath: '../../../../../..' },
        { path: 'package/esc', type: 'symlink', linkpath: 'd1/d2/d3/d4/d5/d6/b/../../../../outside' },
        file('package/esc/pwned.txt', 'pwned'),
      ],
    ],
    [
      'a link to a link',
      [
        file('package/a.txt'),
        { path: 'package/l1', type: 'symlink', linkpath: 'a.txt' },
        { path: 'package/l2', type: 'symlink', linkpath: 'l1' },
      ],
    ],
    ['a hard link out of the package', [{ path: 'package/h', type: 'link', linkpath: '../../etc/passwd' }]],
    [
      'a hard link to a file the archive does not have',
      [{ path: 'package/h', type: 'link', linkpath: 'package/missing.txt' }],
    ],
    ['a hard link to itself', [file('package/h'), { path: 'package/h', type: 'link', linkpath: 'package/h' }]],
    [
      'a hard link to a folder',
      [
        { path: 'package/d/', type: 'dir' },
        { path: 'package/h', type: 'link', linkpath: 'package/d' },
      ],
    ],
    [
      'a hard link to a file a later entry turned into a folder',
      [file('package/a'), file('package/a/b'), { path: 'package/h', type: 'link', linkpath: 'package/a' }],
    ],
    [
      'a hard link to a file of another case (case-insensitive file systems)',
      [file('package/a.txt'), { path: 'package/h', type: 'link', linkpath: 'package/A.TXT' }],
    ],
    ['a FIFO', [{ path: 'package/pipe', type: 'fifo' }]],
    ['a character device', [{ path: 'package/tty', type: 'chardev' }]],
    [
      "a pax header whose path climbs out with '..'",
      [
        { path: 'package/PaxHeader', type: 'pax', records: { path: 'package/../../evil.txt' } },
        file('package/innocent'),
      ],
    ],
    [
      "a GNU long name that climbs out with '..'",
      [{ path: '././@LongLink', type: 'long-path', content: 'package/../../evil.txt' }, file('package/innocent')],
    ],
  ])('%s: PC_REGISTRY_UNSAFE_TARBALL', async (_what, entries) => {
    const error = await bench.refused(entries);
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
    [
      'a pax header over 1 MiB',
      [{ path: 'package/PaxHeader', type: 'pax', records: { comment: 'x'.repeat(2 ** 20) } }, file('package/a')],
      {},
    ],
    [
      'an archive inflating past maxUnpackedBytes',
      [file('package/a', 'x'.repeat(40_000)), file('package/b', 'x'.repeat(40_000))],
      { maxUnpackedBytes: 50_000 },
    ],
  ])('%s: PC_REGISTRY_TARBALL_TOO_LARGE', async (_what, entries, limits) => {
    expect((await bench.refused(entries, limits)).code).toBe('PC_REGISTRY_TARBALL_TOO_LARGE');
  });

  it.each<[string, Buffer]>([
    ['text', Buffer.from('this is not a tarball at all, just text')],
    ['gzip, but of text', gzipSync(Buffer.from('gzip, but of text: '.repeat(100)))],
    // Registries serve .tgz; a plain tar is refused rather than sniffed.
    ['a tar archive that is not gzipped', tarBytes([file('package/a.txt')])],
    [
      'a header claiming less than its body (the rest read as headers)',
      tarball([{ path: 'package/a', content: 'x'.repeat(2000), size: 10 }]),
    ],
    [
      'a header claiming more than the archive has',
      tarball([{ path: 'package/a', content: 'x'.repeat(100), size: 5000 }]),
    ],
    [
      'a pax size that is not a whole number',
      tarball([{ path: 'package/P', type: 'pax', records: { size: '1.5' } }, file('package/a')]),
    ],
    ['an archive cut off inside an entry', gzipSync(tarBytes([file('package/a', 'x'.repeat(3000))]).subarray(0, 1500))],
    ['a gzip stream cut off', tarball([file('package/a', noise(3000).toString('hex'))]).subarray(0, 900)],
  ])('%s: PC_REGISTRY_BAD_TARBALL', async (_what, bytes) => {
    expect((await bench.refused(bytes)).code).toBe('PC_REGISTRY_BAD_TARBALL');
  });
});

describe('archives built to cost time or memory are stopped at their limits', () => {
  it.each([255 * 1024, 8 * 2 ** 20])('%i bytes after the end-of-archive blocks are ignored, promptly', async (size) => {
    const started = Date.now();
    await bench.unpack(
      tarball([file('package/package.json', '{}'), file('package/a.txt', 'a')], { trailing: noise(size) }),
    );
    // node-tar alone takes minutes on these; the real figure is in the bench, this only catches a regression.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await readdir(bench.destination)).sort()).toEqual(['a.txt', 'package.json']);
  });

  it('an archive hidden after the end-of-archive blocks is never read', async () => {
    await bench.unpack(tarball([file('package/a.txt', 'a')], { trailing: tarBytes([file('package/smuggled.txt')]) }));
    expect(await readdir(bench.destination)).toEqual(['a.txt']);
  });

  it('a gzip bomb is stopped at maxUnpackedBytes, long before it has inflated', async () => {
    // 16 GiB of 'a' behind a header that admits to it: gzip members concatenated form one stream.
    const member = gzipSync(Buffer.alloc(16 * 2 ** 20, 'a'));
    const header = gzipSync(tarBytes([{ path: 'package/bomb', size: 2 ** 34 }]).subarray(0, 512));
    const bomb = Buffer.concat([header, ...Array.from({ length: 1024 }, () => member)]);
    const started = Date.now();
    const error = await bench.refused(bomb, {
      maxFileBytes: 2 ** 40,
      maxTotalBytes: 2 ** 40,
      maxUnpackedBytes: 8 * 2 ** 20,
    });
    expect(error.code).toBe('PC_REGISTRY_TARBALL_TOO_LARGE');
    expect(error.message).toContain('inflates to more than 8388608 bytes');
    // Inflating it all takes far longer; reading its 16 MB compressed (for the digest check) does not.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(bench.bytesRead).toBe(bomb.length);
  });

  it('a tarball that takes longer than maxMilliseconds: PC_REGISTRY_EXTRACT_TIMEOUT, nothing written', async () => {
    // A source that yields 64 bytes every 20 ms: honest bytes, delivered too slowly.
    const trickle = (path: string): Readable => {
      const bytes = readFileSync(path);
      let at = 0;
      return new Readable({
        read() {
          setTimeout(() => {
            const piece = at < bytes.length ? bytes.subarray(at, (at += 64)) : null;
            this.push(piece);
          }, 20);
        },
      });
    };
    const started = Date.now();
    const error = await bench.refused(
      tarball([file('package/a.txt', noise(20_000).toString('hex'))]),
      { maxMilliseconds: 200 },
      trickle,
    );
    expect(error.code).toBe('PC_REGISTRY_EXTRACT_TIMEOUT');
    expect(error.category).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the content cache still checks every byte it serves', () => {
  /** Stores a tarball in a real ContentStore, then changes a byte of the stored file at `at` (negative: from the end). */
  async function corruptedInCache(bytes: Buffer, at: number): Promise<() => Readable> {
    const store = new ContentStore(join(bench.work, 'cache'));
    const integrity = await store.put({ sha512: parseSha512(sri(bytes))! }, Readable.from([bytes]));
    const stored = Buffer.from(bytes);
    const index = at < 0 ? stored.length + at : at;
    stored[index] = (stored[index] ?? 0) ^ 0xff;
    await writeFile(store.pathOf(integrity), stored);
    return () => store.read(integrity);
  }

  it('bytes changed after the end-of-archive blocks: PC_REGISTRY_INTEGRITY, nothing installed', async () => {
    const open = await corruptedInCache(tarball([file('package/a.txt', 'a')], { trailing: noise(4096) }), -40);
    await expect(
      extractPackage(open, bench.destination, 'evil@1.0.0', DEFAULT_EXTRACTION_LIMITS),
    ).rejects.toMatchObject({ code: 'PC_REGISTRY_INTEGRITY' });
    expect(await bench.strayPaths(false)).toEqual([
      'cache',
      'cache/content',
      'cache/content/sha512',
      ...(await cacheFiles()),
    ]);
  });

  it('bytes changed so the archive reads as hostile: still PC_REGISTRY_INTEGRITY, the verdict is about wrong bytes', async () => {
    const open = await corruptedInCache(tarball([file('package/a.txt', 'a')]), 30);
    await expect(
      extractPackage(open, bench.destination, 'evil@1.0.0', DEFAULT_EXTRACTION_LIMITS),
    ).rejects.toMatchObject({ code: 'PC_REGISTRY_INTEGRITY' });
  });

  async function cacheFiles(): Promise<string[]> {
    const all = await readdir(join(bench.work, 'cache/content/sha512'), { recursive: true });
    return all.map((p) => `cache/content/sha512/${p.replaceAll('\\', '/')}`).sort();
  }
});

describe("node-tar's own refusals keep their meaning", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'pc-node-tar-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  /** The error real node-tar raises for these bytes, with its own checks only. */
  function tarError(bytes: Buffer, parser: 'list' | 'extract'): Promise<unknown> {
    return new Promise((resolve) => {
      const sink = parser === 'list' ? list({ strict: true }) : extract({ cwd, strict: true });
      sink.on('error', resolve);
      sink.on('end', () => resolve(undefined));
      sink.end(bytes);
    });
  }

  it("a path with '..' is unsafe", async () => {
    const error = await tarError(tarball([file('a/../../escape.txt')]), 'extract');
    expect(tarRefusalOf(error)?.kind).toBe('unsafe');
  });

  it('its decompression-ratio guard is too-large', async () => {
    const error = await tarError(tarball([file('package/zeros', '\0'.repeat(4 * 2 ** 20))]), 'list');
    expect(tarRefusalOf(error)).toMatchObject({ kind: 'too-large' });
  });

  it('bytes that are not a tar archive are bad', async () => {
    const error = await tarError(Buffer.from('not a tar archive '.repeat(40)), 'list');
    expect(tarRefusalOf(error)?.kind).toBe('bad');
  });

  it('a disk error is not the archive’s fault and keeps its own code', () => {
    expect(tarRefusalOf(Object.assign(new Error('no space'), { code: 'ENOSPC', tarCode: 'TAR_ENTRY_ERROR' }))).toBe(
      undefined,
    );
  });
});

describe('good tarballs', () => {
  it('unpack without their package/ folder, hard links to earlier files kept', async () => {
    await bench.unpack([
      file('package/package.json', '{"name":"evil"}'),
      file('package/lib/a.txt', 'a'),
      { path: 'package/lib/hard', type: 'link', linkpath: 'package/lib/a.txt' },
      { path: 'package/lib/harder', type: 'link', linkpath: 'package/lib/hard' },
    ]);
    expect(await readFile(join(bench.destination, 'lib/a.txt'), 'utf8')).toBe('a');
    expect(await readFile(join(bench.destination, 'lib/hard'), 'utf8')).toBe('a');
    expect((await lstat(join(bench.destination, 'lib/harder'))).nlink).toBe(3);
  });

  it('pax headers set paths and sizes, local and global', async () => {
    const deep = `${'long/'.repeat(40)}deep.txt`;
    await bench.unpack([
      { path: 'package/PaxHeader', type: 'pax', records: { path: `package/${deep}` } },
      file('package/short', 'deep'),
      // The header says 0 bytes; the pax size says 5. Framed by the header, 'hello' would be read as one.
      { path: 'package/PaxHeader', type: 'pax', records: { size: '5' } },
      { path: 'package/sized.txt', content: 'hello', size: 0 },
      { path: 'pax_global_header', type: 'global-pax', records: { size: '3' } },
      { path: 'package/g1.txt', content: 'abc', size: 0 },
      { path: 'package/g2.txt', content: 'xyz', size: 0 },
    ]);
    expect(await readFile(join(bench.destination, deep), 'utf8')).toBe('deep');
    expect(await readFile(join(bench.destination, 'sized.txt'), 'utf8')).toBe('hello');
    expect(await readFile(join(bench.destination, 'g1.txt'), 'utf8')).toBe('abc');
    expect(await readFile(join(bench.destination, 'g2.txt'), 'utf8')).toBe('xyz');
  });

  it('replace an installed folder completely: no file of the old version survives', async () => {
    await mkdir(bench.destination, { recursive: true });
    await writeFile(join(bench.destination, 'stale.txt'), 'old');
    await bench.unpack([file('package/new.txt', 'new')]);
    expect((await readdir(bench.destination)).sort()).toEqual(['new.txt']);
    expect((await lstat(join(bench.destination, 'new.txt'))).isFile()).toBe(true);
    expect(await readdir(join(bench.work, 'project/.parsercraft/packages'))).toEqual(['evil']);
    expect(await bench.strayPaths()).toEqual([]);
  });
});
