import { PcError } from '@parsercraft/core';
import { z } from 'zod';
import type { UrlCredentials } from '../auth/url-credentials.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import { httpUrl, withoutUserinfo } from '../http/registry-url.js';
import { refuseProtoKeys } from '../util/refuse-proto-keys.js';

/** npm's abbreviated metadata first (smaller), full metadata from registries without it. */
export const PACKUMENT_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

const VersionSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  dependencies: z.record(z.string(), z.string()).optional(),
  deprecated: z.union([z.string(), z.boolean()]).optional(),
  dist: z.looseObject({
    tarball: z.string().refine((url) => httpUrl(url) !== undefined, 'must be an http: or https: URL'),
    integrity: z.string().optional(),
    shasum: z.string().optional(),
  }),
});

const PackumentSchema = z.looseObject({
  name: z.string(),
  'dist-tags': z.record(z.string(), z.string()).default({}),
  versions: z.record(z.string(), VersionSchema),
});

export type PackumentVersion = z.infer<typeof VersionSchema>;
export type Packument = z.infer<typeof PackumentSchema>;

/** Packuments parsed from text whose tarball URLs carried userinfo, however the JSON spelled it. */
const heldUserinfo = new WeakSet<Packument>();

/**
 * Parses a registry's answer; anything unusable is PC_REGISTRY_BAD_METADATA naming the URL.
 * Tarball URLs come out without userinfo, which goes to `credentials` (see UrlCredentials).
 */
export function parsePackument(text: string, url: string, credentials?: UrlCredentials): Packument {
  let json: unknown;
  try {
    json = JSON.parse(text, refuseProtoKeys);
  } catch (error) {
    throw new PcError(
      RegistryCodes.PC_REGISTRY_BAD_METADATA,
      `${url} did not answer with JSON: ${(error as Error).message}`,
      { cause: error, context: { url } },
    );
  }
  const parsed = PackumentSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new PcError(
      RegistryCodes.PC_REGISTRY_BAD_METADATA,
      `${url} answered with package metadata that cannot be used: ${problems.join('; ')}`,
      { context: { url, problems } },
    );
  }
  for (const version of Object.values(parsed.data.versions)) {
    const tarball = httpUrl(version.dist.tarball);
    if (!tarball) continue;
    if (tarball.username !== '' || tarball.password !== '') heldUserinfo.add(parsed.data);
    version.dist.tarball = credentials ? credentials.take(tarball) : withoutUserinfo(tarball);
  }
  return parsed.data;
}

/**
 * What the metadata cache keeps of an answer: the registry's bytes, unless they hold a URL
 * as a tarball URL with userinfo (`://user:password@`), which no file may keep; then the parsed packument,
 * whose tarball URLs have none.
 */
export function cacheableBody(text: string, packument: Packument): string {
  // Judged on the parsed URLs, not the text: JSON may write `\/` or `\u0040` for `/` and `@`.
  return heldUserinfo.has(packument) ? JSON.stringify(packument) : text;
}
