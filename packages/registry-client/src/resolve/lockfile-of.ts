import type { Sha512 } from '../cache/integrity.js';
import { heldCredentials, LOCKFILE_VERSION, serializeLockfile, type Lockfile } from '../project/lockfile.js';
import type { ResolvedPackage } from './resolve-tree.js';

/** The sha512 of each package whose metadata or lockfile gave one. */
export function knownIntegrities(packages: ReadonlyMap<string, ResolvedPackage>): Map<string, Sha512> {
  const known = new Map<string, Sha512>();
  for (const p of packages.values()) if ('sha512' in p.expected) known.set(p.name, p.expected.sha512);
  return known;
}

/**
 * The lockfile that records `packages`. A package whose sha512 is not known yet (published
 * with a sha1 only, not fetched yet) gets an empty integrity: such a lockfile is only
 * compared, never written.
 */
export function lockfileOf(
  requires: Readonly<Record<string, string>>,
  packages: ReadonlyMap<string, ResolvedPackage>,
  integrities: ReadonlyMap<string, Sha512>,
): Lockfile {
  const locked: Lockfile['packages'] = {};
  for (const p of packages.values()) {
    locked[p.name] = {
      version: p.version,
      resolved: p.resolved,
      integrity: integrities.get(p.name)?.sri ?? '',
      dependencies: { ...p.dependencies },
    };
  }
  return { lockfileVersion: LOCKFILE_VERSION, requires: { ...requires }, packages: locked };
}

/**
 * Whether installing `packages` would write a different lockfile (a sha1-only package
 * always does, and so does a lockfile read with credentials in a URL: it must not stay).
 */
export function lockfileWouldChange(
  lockfile: Lockfile | undefined,
  requires: Readonly<Record<string, string>>,
  packages: ReadonlyMap<string, ResolvedPackage>,
  integrities: ReadonlyMap<string, Sha512>,
): boolean {
  return (
    !lockfile ||
    heldCredentials(lockfile) ||
    integrities.size < packages.size ||
    serializeLockfile(lockfile) !== serializeLockfile(lockfileOf(requires, packages, integrities))
  );
}
