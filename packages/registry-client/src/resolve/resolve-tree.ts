import { PcError } from '@parsercraft/core';
import semver from 'semver';
import { parseSha512, type Expected } from '../cache/integrity.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import type { Lockfile } from '../project/lockfile.js';
import { checkDependencies } from '../names/package-name.js';
import { printable } from '../names/printable.js';
import type { Packument, PackumentVersion } from '../registry/packument.js';

/** One package of the installed tree: exactly one version per name, as `.parsercraft/packages/<name>/` holds it. */
export interface ResolvedPackage {
  readonly name: string;
  readonly version: string;
  readonly resolved: string;
  /** The sha512 to verify the tarball against, or its sha1 when the registry has nothing better. */
  readonly expected: Expected;
  readonly dependencies: Readonly<Record<string, string>>;
  /** Where this choice came from: the lockfile, or the registry's metadata. */
  readonly source: 'lockfile' | 'registry';
}

export interface Resolution {
  /** By name, in the order first needed. */
  readonly packages: ReadonlyMap<string, ResolvedPackage>;
  readonly warnings: readonly string[];
}

/** Who asked for a package, and for what range or tag. */
interface Requirement {
  readonly range: string;
  /** `the project`, or `name@version` of the dependent. */
  readonly by: string;
}

export interface ResolveOptions {
  readonly requires: Readonly<Record<string, string>>;
  readonly packument: (name: string) => Promise<Packument>;
  /** Versions recorded here are kept while they still satisfy every requirement. */
  readonly lockfile?: Lockfile;
}

/**
 * Resolves the whole tree, one version per name: the newest version that satisfies every
 * requirement on the name (dist-tags count as exact versions; `latest` wins when it fits,
 * as npm's does), preferring the lockfile's choice while it still fits. Requirements
 * are re-collected when a choice changes, so the result does not depend on the order
 * packuments arrive in; a name whose requirements no one version meets is a conflict
 * that names every requester. Packuments are requested as soon as a name is seen.
 */
export async function resolveTree(options: ResolveOptions): Promise<Resolution> {
  const requirements = new Map<string, Requirement[]>();
  const chosen = new Map<string, ResolvedPackage>();
  const packuments = new Map<string, Promise<Packument>>();
  const warnings: string[] = [];
  const queue: string[] = [];
  const need = (name: string, requirement: Requirement): void => {
    const list = requirements.get(name) ?? [];
    list.push(requirement);
    requirements.set(name, list);
    if (!queue.includes(name)) queue.push(name);
  };
  const packumentOf = (name: string): Promise<Packument> => {
    let p = packuments.get(name);
    if (!p) {
      p = options.packument(name).then((packument) => checkPackument(packument, name));
      // Prefetched: a failure is reported when the name is decided, not as an unhandled rejection.
      p.catch(() => undefined);
      packuments.set(name, p);
    }
    return p;
  };

  for (const [name, range] of Object.entries(options.requires)) need(name, { range, by: 'the project' });
  let steps = 0;
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (++steps > 50 * (requirements.size + 1))
      throw conflict(name, requirements.get(name) ?? [], 'the requirements keep changing each other');
    const wanted = requirements.get(name) ?? [];
    const current = chosen.get(name);
    if (current && wanted.every((r) => fits(current.version, r.range, undefined))) continue;
    const next =
      fromLockfile(options.lockfile, name, wanted) ?? fromRegistry(name, wanted, await packumentOf(name), warnings);
    if (current) {
      // Requirements the old version made no longer hold.
      const old = `${current.name}@${current.version}`;
      for (const [dep, list] of requirements)
        requirements.set(
          dep,
          list.filter((r) => r.by !== old),
        );
    }
    chosen.set(name, next);
    for (const [dep, range] of Object.entries(next.dependencies)) {
      need(dep, { range, by: `${next.name}@${next.version}` });
      if (!options.lockfile || !Object.hasOwn(options.lockfile.packages, dep)) void packumentOf(dep);
    }
  }
  // Only what the project reaches is installed: a version change may have dropped a dependency.
  const packages = new Map<string, ResolvedPackage>();
  const visit = (name: string): void => {
    const p = chosen.get(name);
    if (!p || packages.has(name)) return;
    packages.set(name, p);
    for (const dep of Object.keys(p.dependencies)) visit(dep);
  };
  for (const name of Object.keys(options.requires)) visit(name);
  return { packages, warnings };
}

function fromLockfile(
  lockfile: Lockfile | undefined,
  name: string,
  wanted: readonly Requirement[],
): ResolvedPackage | undefined {
  const locked = lockfile && Object.hasOwn(lockfile.packages, name) ? lockfile.packages[name] : undefined;
  if (!locked || !wanted.every((r) => fits(locked.version, r.range, undefined))) return undefined;
  const integrity = parseSha512(locked.integrity);
  if (!integrity) return undefined;
  return {
    name,
    version: locked.version,
    resolved: locked.resolved,
    expected: { sha512: integrity },
    dependencies: locked.dependencies,
    source: 'lockfile',
  };
}

function fromRegistry(
  name: string,
  wanted: readonly Requirement[],
  packument: Packument,
  warnings: string[],
): ResolvedPackage {
  const tags = packument['dist-tags'];
  const versions = Object.keys(packument.versions)
    .filter((v) => semver.valid(v) === v)
    .sort(semver.rcompare);
  const latest = Object.hasOwn(tags, 'latest') ? tags['latest'] : undefined;
  // A tag pointing at a version that is not exact semver is ignored, as the version itself is.
  const ordered = latest && versions.includes(latest) ? [latest, ...versions.filter((v) => v !== latest)] : versions;
  const version = ordered.find((v) => wanted.every((r) => fits(v, r.range, tags)));
  if (version === undefined) {
    const impossible = wanted.find((r) => !ordered.some((v) => fits(v, r.range, tags)));
    if (impossible) {
      throw new PcError(
        RegistryCodes.PC_REGISTRY_NO_MATCHING_VERSION,
        `No version of ${name} satisfies '${impossible.range}' (asked by ${impossible.by}); the newest is ${versions[0] ?? 'none'}.`,
        {
          context: { package: name, range: impossible.range, requestedBy: impossible.by, newest: versions[0] },
        },
      );
    }
    throw conflict(name, wanted, 'no single version satisfies all of them');
  }
  const meta = packument.versions[version] as PackumentVersion;
  const label = `${name}@${version}`;
  if (meta.name !== name || meta.version !== version) {
    throw new PcError(
      RegistryCodes.PC_REGISTRY_BAD_METADATA,
      `The registry's entry for ${label} says it is ${JSON.stringify(meta.name)}@${JSON.stringify(meta.version)}.`,
      { context: { package: label } },
    );
  }
  checkDependencies(meta.dependencies ?? {}, 'registry metadata', label);
  const integrity = parseSha512(meta.dist.integrity);
  const shasum = meta.dist.shasum?.toLowerCase();
  let expected: Expected;
  if (integrity) expected = { sha512: integrity };
  else if (shasum && /^[0-9a-f]{40}$/.test(shasum)) {
    expected = { sha1: shasum };
    warnings.push(
      `${name}@${version} has no sha512 integrity; its tarball is checked with sha1 only, and its sha512 is recorded in the lockfile.`,
    );
  } else {
    throw new PcError(
      RegistryCodes.PC_REGISTRY_BAD_METADATA,
      `${name}@${version} has neither a sha512 integrity nor a sha1 shasum in its registry metadata, so its tarball cannot be verified.`,
      {
        context: { package: `${name}@${version}` },
      },
    );
  }
  if (meta.deprecated)
    warnings.push(
      `${label} is deprecated${typeof meta.deprecated === 'string' ? `: ${printable(meta.deprecated)}` : ''}`,
    );
  return {
    name,
    version,
    resolved: meta.dist.tarball,
    expected,
    dependencies: meta.dependencies ?? {},
    source: 'registry',
  };
}

/**
 * A registry's packument must be the one asked for: one answering with another package's
 * metadata (a compromised mirror, a confused proxy) would install that package under this name.
 */
function checkPackument(packument: Packument, name: string): Packument {
  if (packument.name === name) return packument;
  throw new PcError(
    RegistryCodes.PC_REGISTRY_BAD_METADATA,
    `Asked for the metadata of ${name}, the registry answered with that of ${JSON.stringify(packument.name)}.`,
    { context: { package: name, answered: packument.name } },
  );
}

/** A range, a dist-tag (an exact version) or `*`. */
function fits(version: string, range: string, tags: Readonly<Record<string, string>> | undefined): boolean {
  if (semver.validRange(range) !== null) return semver.satisfies(version, range);
  // Without the packument (a lockfile choice), a tag cannot be checked; it is kept.
  return tags === undefined ? true : Object.hasOwn(tags, range) && tags[range] === version;
}

function conflict(name: string, wanted: readonly Requirement[], why: string): PcError {
  const asks = wanted.map((r) => `'${r.range}' (${r.by})`).join(', ');
  return new PcError(RegistryCodes.PC_REGISTRY_VERSION_CONFLICT, `${name} is required as ${asks}: ${why}.`, {
    context: { package: name, requirements: wanted.map((r) => ({ range: r.range, by: r.by })) },
  });
}
