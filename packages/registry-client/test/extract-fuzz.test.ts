import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { ExtractBench } from './extract-harness.js';
import { tarBytes, type TarEntry } from './tarball.js';

/** Valid packages with the parts a mutation can confuse: pax, long names, folders, hard links. */
const SEEDS: readonly (readonly TarEntry[])[] = [
  [
    { path: 'package/package.json', content: '{"name":"evil","version":"1.0.0"}' },
    { path: 'package/grammar.peg', content: 'start = "a"+\n'.repeat(20) },
    { path: 'package/lang.yaml', content: 'name: evil\nkeywords: [a, b, c]\n' },
  ],
  [
    { path: 'package/', type: 'dir' },
    { path: 'package/PaxHeader', type: 'pax', records: { path: `package/${'nested/'.repeat(20)}deep.json` } },
    { path: 'package/short', content: '{"deep":true}' },
    { path: 'package/PaxHeader', type: 'pax', records: { size: '700' } },
    { path: 'package/sized.txt', content: 's'.repeat(700), size: 0 },
    { path: '././@LongLink', type: 'long-path', content: `package/${'l'.repeat(120)}.json` },
    { path: 'package/placeholder', content: '{}' },
    { path: 'package/lib/', type: 'dir' },
    { path: 'package/lib/a.yaml', content: 'a: 1\n' },
    { path: 'package/lib/same.yaml', type: 'link', linkpath: 'package/lib/a.yaml' },
  ],
];

/** The codes a damaged archive may be refused with; anything else is a bug. */
const REFUSALS = new Set([
  'PC_REGISTRY_UNSAFE_TARBALL',
  'PC_REGISTRY_TARBALL_TOO_LARGE',
  'PC_REGISTRY_BAD_TARBALL',
  'PC_REGISTRY_INTEGRITY',
]);

type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert' | 'overwrite'; readonly at: number; readonly bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constantFrom('insert' as const, 'overwrite' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
);

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const at = m.at % Math.max(bytes.length, 1);
  switch (m.op) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] ?? 0) ^ (1 << m.bit);
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case 'overwrite': {
      const copy = Buffer.from(bytes);
      copy.set(m.bytes.subarray(0, copy.length - at), at);
      return copy;
    }
  }
}

/** Offsets of the header blocks in a tar archive (they carry the ustar magic; bodies here never do). */
function headerOffsets(tar: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 0; at + 512 <= tar.length; at += 512) {
    if (tar.subarray(at + 257, at + 263).toString('latin1') === 'ustar\0') offsets.push(at);
  }
  return offsets;
}

/** Header bytes that mean something: name, size, type flag, link target, name prefix. */
const HEADER_FIELDS: readonly number[] = [
  ...Array.from({ length: 100 }, (_, i) => i),
  ...Array.from({ length: 12 }, (_, i) => 124 + i),
  156,
  156,
  156,
  ...Array.from({ length: 100 }, (_, i) => 157 + i),
  ...Array.from({ length: 155 }, (_, i) => 345 + i),
];

/**
 * Changes bytes inside headers and writes their checksums again: headers that are valid
 * but say something else (another type, size, path), which is where the entry rules and
 * the framer are tested rather than the checksum.
 */
function mutateHeaders(tar: Buffer, mutations: readonly Mutation[]): Buffer {
  const offsets = headerOffsets(tar);
  const copy = Buffer.from(tar);
  for (const m of mutations) {
    const block = offsets[m.at % offsets.length]!;
    const at = block + HEADER_FIELDS[Math.floor(m.at / offsets.length) % HEADER_FIELDS.length]!;
    if (m.op === 'flip') copy[at] = (copy[at] ?? 0) ^ (1 << m.bit);
    else if (m.op !== 'truncate') copy.set(m.bytes.subarray(0, block + 512 - at), at);
  }
  for (const block of offsets) {
    copy.fill(' ', block + 148, block + 156);
    let sum = 0;
    for (let i = block; i < block + 512; i++) sum += copy[i] ?? 0;
    copy.write(`${sum.toString(8).padStart(6, '0')}\0 `, block + 148, 8, 'latin1');
  }
  return copy;
}

/** Every path under `root` that is a symbolic link. */
async function symlinksUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const path of await readdir(root, { recursive: true })) {
    if ((await lstat(join(root, path))).isSymbolicLink()) found.push(path);
  }
  return found;
}

describe('mutated tarballs (fast-check, fixed seed)', () => {
  it(
    'install whole or are refused with a tarball code; nothing escapes, no temp folder stays',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: SEEDS.length - 1 }),
          fc.constantFrom('gzip' as const, 'tar' as const, 'header' as const),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          async (seed, layer, mutations) => {
            const tar = tarBytes(SEEDS[seed]!);
            const bytes =
              layer === 'gzip'
                ? mutations.reduce(mutate, gzipSync(tar))
                : gzipSync(layer === 'tar' ? mutations.reduce(mutate, tar) : mutateHeaders(tar, mutations));
            const bench = await ExtractBench.create();
            try {
              try {
                await bench.unpack(bytes, { maxMilliseconds: 10_000 });
              } catch (error) {
                expect(PcError.is(error), String(error)).toBe(true);
                expect(REFUSALS, (error as PcError).message).toContain((error as PcError).code);
                expect(await bench.strayPaths(false)).toEqual([]);
                return;
              }
              expect(await bench.strayPaths()).toEqual([]);
              expect(await readdir(join(bench.work, 'project/.parsercraft/packages'))).toEqual(['evil']);
              expect(await symlinksUnder(bench.destination)).toEqual([]);
            } finally {
              await bench.dispose();
            }
          },
        ),
        { seed: 20261201, numRuns: 300, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: false },
      );
    },
  );
});
