import { createHash, type Hash } from 'node:crypto';
import { PcError, CoreErrorCodes } from '@parsercraft/core';

/** A sha512 Subresource Integrity value (`sha512-<base64>`), the only kind installs trust. */
export interface Sha512 {
  readonly sri: string;
  readonly hex: string;
}

/**
 * The sha512 entry of an SRI string (it may list several hashes, space-separated), or
 * undefined when it has none: registries still serve some old packages with sha1 only.
 */
export function parseSha512(sri: string | undefined): Sha512 | undefined {
  for (const part of (sri ?? '').trim().split(/\s+/)) {
    const m = /^sha512-([A-Za-z0-9+/]{86}==)(\?.*)?$/.exec(part);
    if (m?.[1]) return { sri: `sha512-${m[1]}`, hex: Buffer.from(m[1], 'base64').toString('hex') };
  }
  return undefined;
}

/**
 * What a download must hash to: the sha512 SRI, or for old packages that only have one, the
 * hex sha1 `shasum` (then the sha512 is computed on the way and recorded from then on).
 */
export type Expected = { readonly sha512: Sha512 } | { readonly sha1: string };

export function sha512Hasher(): Hash {
  return createHash('sha512');
}

export function sha512Of(hash: Hash): Sha512 {
  const digest = hash.digest();
  return { sri: `sha512-${digest.toString('base64')}`, hex: digest.toString('hex') };
}

export function integrityError(
  what: string,
  expected: string,
  found: string,
  context: Record<string, unknown> = {},
): PcError {
  return new PcError(
    CoreErrorCodes.PC_REGISTRY_INTEGRITY,
    `${what} does not match its integrity checksum: expected ${expected}, got ${found}.`,
    {
      context: { expected, found, ...context },
    },
  );
}
