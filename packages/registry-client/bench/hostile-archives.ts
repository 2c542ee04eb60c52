/**
 * Hostile-archive benchmark: `npx tsx bench/hostile-archives.ts` in packages/registry-client
 * (after `npx tsc -b`; measures the built package).
 *
 * Installs tarballs built to cost time or memory from a registry on loopback, each with the
 * default limits, and prints how long the install took to finish or refuse. For the trailing
 * bytes cases, node-tar's `list` alone on the same bytes is timed too (cut off after
 * NODE_TAR_LIMIT_MS), which is what extraction did before it framed tar blocks itself.
 * The target: trailing bytes cost nothing (each row well under a second, whatever node-tar
 * alone takes; it grows quadratically with them); bombs stop at their limit, costing what
 * parsing that many bytes costs (the pax bomb: 288 MiB of pax text, a few seconds on
 * 2 cores), far inside maxMilliseconds.
 *
 * Measured 2026-12-01, 2 shared cores, 4 KB writes into node-tar alone:
 *   255 KB after end-of-archive     194 ms   installed                       node-tar alone 8 ms
 *   8 MB after end-of-archive       471 ms   installed                       node-tar alone 11.1 s
 *   64 MiB entry, then 4 GiB junk  1043 ms   PC_REGISTRY_BAD_TARBALL
 *   pax bomb, 10 GiB inflated      4107 ms   PC_REGISTRY_TARBALL_TOO_LARGE
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PcError } from '@parsercraft/core';
import { install } from '@parsercraft/registry-client';
import { list } from 'tar';
import { RegistryServer } from '../test/registry-server.js';
import { noise, tarBytes, tarball } from '../test/tarball.js';

const NODE_TAR_LIMIT_MS = Number(process.env['NODE_TAR_LIMIT_MS'] ?? 30_000);
/** Bytes per write into node-tar alone: what a network stream delivers. */
const CHUNK = Number(process.env['NODE_TAR_CHUNK'] ?? 4096);

/** A package tarball for case `index` (installs check that package.json names what was fetched). */
const pkg = (index: number, trailing?: Buffer): Buffer =>
  tarball(
    [{ path: 'package/package.json', content: JSON.stringify({ name: `hostile-${index}`, version: '1.0.0' }) }],
    trailing ? { trailing } : {},
  );

/** 4 GiB of 'a' behind a header that claims 64 MiB, as concatenated gzip members. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(16 * 2 ** 20, 'a'));
  const header = gzipSync(tarBytes([{ path: 'package/bomb', size: 64 * 2 ** 20 - 1 }]).subarray(0, 512));
  return Buffer.concat([header, ...Array.from({ length: 256 }, () => member)]);
}

/**
 * 10,000 entries, each behind a 1 MiB pax header: 10 GiB inflated, every header within its
 * limit, and pax bodies count against no size a header claims. Only maxUnpackedBytes stops it.
 */
function paxBomb(): Buffer {
  const member = gzipSync(
    tarBytes([
      { path: 'package/PaxHeader', type: 'pax', records: { comment: 'x'.repeat(2 ** 20 - 32) } },
      { path: 'package/f', content: 'f' },
    ]).subarray(0, -1024),
  );
  return Buffer.concat(Array.from({ length: 10_000 }, () => member));
}

const cases: [string, Buffer][] = [
  ['255 KB after end-of-archive', pkg(0, noise(255 * 1024))],
  ['8 MB after end-of-archive', pkg(1, noise(8 * 2 ** 20))],
  ['64 MiB entry, then 4 GiB of junk', gzipBomb()],
  ['pax bomb, 10 GiB inflated', paxBomb()],
];

/** How long node-tar's strict list takes on these bytes, or undefined when it is cut off. */
function nodeTarAlone(bytes: Buffer): Promise<number | undefined> {
  const started = performance.now();
  return new Promise((resolve) => {
    const parser = list({ strict: true, maxDecompressionRatio: Infinity });
    const timer = setTimeout(() => {
      parser.abort(new Error('cut off'));
      resolve(undefined);
    }, NODE_TAR_LIMIT_MS);
    const done = (): void => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    };
    parser.on('end', done);
    parser.on('error', done);
    let at = 0;
    const next = (): void => {
      if (at >= bytes.length) return void parser.end();
      parser.write(bytes.subarray(at, (at += CHUNK)));
      setImmediate(next);
    };
    next();
  });
}

const server = await RegistryServer.start();
const work = await mkdtemp(join(tmpdir(), 'pc-bench-hostile-'));
try {
  console.log('case                              install      outcome                       node-tar alone');
  for (const [i, [what, bytes]] of cases.entries()) {
    const name = `hostile-${i}`;
    server.publish({ name, version: '1.0.0', tarball: bytes });
    const projectDir = join(work, name);
    await mkdir(projectDir, { recursive: true });
    await writeFile(
      join(projectDir, 'parsercraft.json'),
      JSON.stringify({ dependencies: { [name]: '1.0.0' }, registries: { default: server.url } }),
    );
    const started = performance.now();
    let outcome = 'installed';
    try {
      await install({ projectDir, cacheDir: join(work, 'cache') });
    } catch (error) {
      outcome = PcError.is(error) ? error.code : String(error);
    }
    const took = performance.now() - started;
    const alone = what.includes('after end') ? await nodeTarAlone(bytes) : undefined;
    const aloneText = what.includes('after end')
      ? alone === undefined
        ? `> ${NODE_TAR_LIMIT_MS} ms (cut off)`
        : `${alone.toFixed(0)} ms`
      : '-';
    console.log(`${what.padEnd(34)}${`${took.toFixed(0)} ms`.padEnd(13)}${outcome.padEnd(30)}${aloneText}`);
  }
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
