/**
 * Packument and tarball bodies past their byte caps: endless bodies and lying Content-Length
 * from a loopback server, checked for the code, the dropped connection, nothing stored, no
 * temp file, and memory that did not grow with the body.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import {
  DEFAULT_MAX_PACKUMENT_BYTES,
  DEFAULT_MAX_TARBALL_BYTES,
  install,
  type InstallOptions,
} from '@parsercraft/registry-client';
import { ScriptedServer, streamEndlessly } from './scripted-server.js';

const MiB = 1024 * 1024;
const PLANS = {
  'registry.packument': { timeoutMs: 20_000, retry: { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' } },
  'registry.tarball': { timeoutMs: 20_000, retry: { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' } },
};
/** Socket buffers on both ends of a loopback connection hold a few MiB the client never read. */
const SLACK = 8 * MiB;

let work: string;
let server: ScriptedServer;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-body-caps-'));
  server = await ScriptedServer.start();
});
afterEach(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(): Promise<string> {
  const dir = join(work, 'app');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'parsercraft.json'),
    JSON.stringify({ dependencies: { big: '^1.0.0' }, registries: { default: server.url }, plans: PLANS }),
  );
  return dir;
}

async function failure(options: Partial<InstallOptions>): Promise<PcError> {
  try {
    await install({ projectDir: await project(), cacheDir: join(work, 'cache'), npmrcPaths: [], ...options });
  } catch (error) {
    expect(PcError.is(error), String(error)).toBe(true);
    return error as PcError;
  }
  throw new Error('expected the install to fail');
}

/** Files under a cache folder: `metadata` (packuments) or `content` (tarballs, and their temp files). */
const cacheFiles = async (folder: 'metadata' | 'content'): Promise<string[]> =>
  (await readdir(join(work, 'cache', folder), { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => e.name);

/** The size of the content store's temp files now (a download in flight). */
async function tempFileBytes(): Promise<number> {
  const root = join(work, 'cache', 'content', 'sha512');
  let bytes = 0;
  for (const name of await readdir(root).catch(() => [] as string[]))
    if (name.startsWith('.pc-tmp-')) bytes += (await stat(join(root, name)).catch(() => undefined))?.size ?? 0;
  return bytes;
}

/** A packument for `big@1.0.0` whose tarball is served at /big.tgz and hashes as `integrity`. */
function packument(integrity: string): string {
  return JSON.stringify({
    name: 'big',
    'dist-tags': { latest: '1.0.0' },
    versions: { '1.0.0': { name: 'big', version: '1.0.0', dist: { tarball: `${server.url}/big.tgz`, integrity } } },
  });
}

/** The sri of `count` copies of `chunk`, without holding them all. */
function repeatedSri(chunk: Buffer, count: number): string {
  const hash = createHash('sha512');
  for (let i = 0; i < count; i++) hash.update(chunk);
  return `sha512-${hash.digest('base64')}`;
}

describe('packument bodies', () => {
  it('default caps are 128 MiB for packuments and 256 MiB for tarballs', () => {
    expect(DEFAULT_MAX_PACKUMENT_BYTES).toBe(128 * MiB);
    expect(DEFAULT_MAX_TARBALL_BYTES).toBe(256 * MiB);
  });

  it('an endless body stops at the cap with PC_NET_RESPONSE_TOO_LARGE and the connection dropped', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    server.handler = (_req, res, seen) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"name":"big","versions":{},"padding":"');
      streamEndlessly(res, seen, chunk, 512 * MiB);
    };
    const cap = 2 * MiB;
    const e = await failure({ http: { maxPackumentBytes: cap } });
    expect(e.code).toBe('PC_NET_RESPONSE_TOO_LARGE');
    expect(e.context).toMatchObject({ url: `${server.url}/big`, maxBytes: cap });
    // Not retried: the same registry would send the same body.
    expect(server.seen).toHaveLength(1);
    await expect.poll(() => server.seen[0]?.closed, { timeout: 5_000 }).toBe(true);
    expect(server.seen[0]?.bytesWritten).toBeLessThan(cap + SLACK);
    expect(await cacheFiles('metadata')).toEqual([]);
  });

  it('a declared Content-Length over the cap is refused before the body is read', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    server.handler = (_req, res, seen) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 700 * MiB });
      streamEndlessly(res, seen, chunk, 700 * MiB);
    };
    const e = await failure({ http: { maxPackumentBytes: 16 * MiB } });
    expect(e.code).toBe('PC_NET_RESPONSE_TOO_LARGE');
    expect(e.context['declaredBytes']).toBe(700 * MiB);
    await expect.poll(() => server.seen[0]?.closed, { timeout: 5_000 }).toBe(true);
    expect(server.seen[0]?.bytesWritten).toBeLessThan(SLACK);
  });
});

describe('tarball downloads', () => {
  it('an endless tarball stops at the cap: nothing stored, no temp file, memory did not follow the body', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    // Large against the noise of a garbage-collected heap (tens of MiB of chunks not yet collected).
    const cap = 128 * MiB;
    server.handler = (req, res, seen) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(packument(`sha512-${Buffer.alloc(64).toString('base64')}`));
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      streamEndlessly(res, seen, chunk, 1024 * MiB);
    };
    const before = process.memoryUsage().rss;
    let peak = before;
    let onDisk = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      void tempFileBytes().then((bytes) => (onDisk = Math.max(onDisk, bytes)));
    }, 10);
    try {
      const e = await failure({ http: { maxTarballBytes: cap } });
      expect(e.code).toBe('PC_NET_RESPONSE_TOO_LARGE');
      expect(e.context).toMatchObject({ url: `${server.url}/big.tgz`, maxBytes: cap });
    } finally {
      clearInterval(sampler);
    }
    const download = server.seen.find((s) => s.path === '/big.tgz');
    await expect.poll(() => download?.closed, { timeout: 5_000 }).toBe(true);
    expect(download?.bytesWritten).toBeLessThan(cap + SLACK);
    // Streamed to disk as it came: the temp file grew while the download ran (a body read
    // whole first would reach the disk only after the cap had failed it), and memory grew
    // by less than the body (uncollected chunks are most of what it did grow by).
    expect(onDisk).toBeGreaterThan(cap / 4);
    expect(peak - before).toBeLessThan(cap);
    expect(await cacheFiles('content')).toEqual([]);
    expect(await readdir(join(work, 'app', '.parsercraft', 'packages')).catch(() => [])).toEqual([]);
  });

  it('a Content-Length over the cap is refused without reading; one that lies low is a checksum failure', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x62);
    const honest = repeatedSri(chunk, 64);
    let declared = 10 * 1024 * MiB;
    server.handler = (req, res, seen) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(packument(honest));
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': declared });
      streamEndlessly(res, seen, chunk, 64 * chunk.length);
    };
    const high = await failure({ http: { maxTarballBytes: 8 * MiB } });
    expect(high.code).toBe('PC_NET_RESPONSE_TOO_LARGE');
    expect(high.context['declaredBytes']).toBe(declared);
    expect(await cacheFiles('content')).toEqual([]);

    // Claims 1 MiB, sends 4: the client reads what was declared, which does not hash as published.
    declared = 1 * MiB;
    const low = await failure({ http: { maxTarballBytes: 8 * MiB } });
    expect(low.code).toBe('PC_REGISTRY_INTEGRITY');
    expect(await cacheFiles('content')).toEqual([]);
  });
});
