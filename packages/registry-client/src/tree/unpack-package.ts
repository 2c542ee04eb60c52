import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classify, PcError } from '@parsercraft/core';
import semver from 'semver';
import { contentIntact, type ContentStore } from '../cache/content-store.js';
import type { Sha512 } from '../cache/integrity.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import type { ExtractionLimits } from '../extract/entry-rules.js';
import { extractPackage } from '../extract/safe-extract.js';
import type { RegistryFetcher } from '../registry/registry-fetcher.js';
import type { ResolvedPackage } from '../resolve/resolve-tree.js';
import { folderDigest } from './folder-digest.js';

export interface UnpackContext {
  readonly fetcher: RegistryFetcher;
  readonly content: ContentStore;
  readonly limits: ExtractionLimits;
  readonly signal: AbortSignal | undefined;
  readonly warn: (message: string) => void;
}

/**
 * Refusals of the bytes themselves: fetching again gives the same, and no package may use
 * them. A package.json naming another package is not one: the same bytes are another
 * package's good tarball (a lockfile pairing a name with another's integrity must not evict it).
 */
const REFUSALS = new Set<string>([
  RegistryCodes.PC_REGISTRY_UNSAFE_TARBALL.code,
  RegistryCodes.PC_REGISTRY_TARBALL_TOO_LARGE.code,
  RegistryCodes.PC_REGISTRY_BAD_TARBALL.code,
]);

/**
 * Unpacks `p` into `folder` (a staged tree's, not yet existing) from the content store,
 * fetching the tarball when the store lacks it, and returns the tarball's sha512 and the
 * folder's digest. When unpacking fails, the stored file is read through once: if it no
 * longer hashes to its digest (flipped, appended or cut bytes: any failure, not only a
 * short read), it is evicted and fetched once more; if it does and the archive itself was
 * refused, it is evicted too, so a refused tarball is never kept as if it were good.
 */
export async function unpackPackage(
  p: ResolvedPackage,
  folder: string,
  ctx: UnpackContext,
): Promise<{ readonly integrity: Sha512; readonly digest: string }> {
  const label = `${p.name}@${p.version}`;
  const integrity = await ctx.fetcher.tarball(p.resolved, p.expected, label);
  const attempt = async (): Promise<void> => {
    await extractPackage(() => ctx.content.read(integrity), folder, label, ctx.limits, ctx.signal);
    await checkPackageJson(folder, p);
  };
  try {
    await attempt();
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    if (await contentIntact(ctx.content, integrity)) {
      if (REFUSALS.has(classify(error).code)) await ctx.content.remove(integrity);
      throw error;
    }
    ctx.warn(`The cached tarball of ${label} was corrupt; it was removed and fetched again.`);
    await ctx.content.remove(integrity);
    await ctx.fetcher.tarball(p.resolved, { sha512: integrity }, label);
    try {
      await attempt();
    } catch (again) {
      if (REFUSALS.has(classify(again).code)) await ctx.content.remove(integrity);
      throw again;
    }
  }
  const digest = await folderDigest(folder);
  if (digest === undefined) {
    throw new PcError(
      RegistryCodes.PC_REGISTRY_UNSAFE_TARBALL,
      `The unpacked ${label} holds something other than files and folders.`,
      { context: { package: label } },
    );
  }
  return { integrity, digest };
}

/** The tarball must be the package it was fetched as: a registry serving one package's bytes for another's is refused. */
async function checkPackageJson(folder: string, p: ResolvedPackage): Promise<void> {
  const label = `${p.name}@${p.version}`;
  let found: { name?: unknown; version?: unknown } | undefined;
  try {
    found = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as typeof found;
  } catch {
    found = undefined;
  }
  const version = typeof found?.version === 'string' ? semver.valid(found.version) : null;
  if (found?.name === p.name && version === p.version) return;
  const what =
    found === undefined
      ? 'has no readable package.json'
      : `says it is ${JSON.stringify(found.name)}@${JSON.stringify(found.version)}`;
  throw new PcError(RegistryCodes.PC_REGISTRY_PACKAGE_MISMATCH, `The tarball fetched as ${label} ${what}.`, {
    context: { package: label, found: found === undefined ? null : { name: found.name, version: found.version } },
  });
}
