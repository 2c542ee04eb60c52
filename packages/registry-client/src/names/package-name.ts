import { PcError } from '@parsercraft/core';
import semver from 'semver';
import validate from 'validate-npm-package-name';
import { RegistryCodes } from '../errors/registry-codes.js';

/** Where a name or version came from, for the message: the operator fixes a different file for each. */
export type NameSource = 'parsercraft.json' | 'the lockfile' | 'registry metadata';

/**
 * Why `name` cannot be a package name, or undefined when it can. npm's own rules
 * (validate-npm-package-name, as it judges names already on the registry, so old names with
 * capitals still install), and on top of them what those rules let through but a folder
 * name must not be: `@..`/`@.` scopes (npm accepts `@../x`, which as a path climbs out of the
 * packages folder) and names too long for one path segment.
 */
export function packageNameProblem(name: string): string | undefined {
  const verdict = validate(name);
  if (!verdict.validForOldPackages) return verdict.errors?.[0] ?? 'it is not a valid npm package name';
  if (name.startsWith('@')) {
    const scope = name.slice(1, name.indexOf('/'));
    if (scope === '' || scope.startsWith('.')) return 'its scope cannot be empty or start with a period';
  }
  if (name.length > 214) return 'it is longer than 214 characters';
  return undefined;
}

/** Throws PC_REGISTRY_INVALID_NAME unless `name` is a package name. */
export function checkPackageName(name: string, source: NameSource, context: Record<string, unknown> = {}): void {
  const problem = packageNameProblem(name);
  if (problem === undefined) return;
  throw new PcError(
    RegistryCodes.PC_REGISTRY_INVALID_NAME,
    `${JSON.stringify(name)} from ${source} is not a package name: ${problem}.`,
    { context: { name, source, ...context } },
  );
}

/** Throws PC_REGISTRY_INVALID_NAME unless `version` is an exact semver version. */
export function checkVersion(version: string, name: string, source: NameSource): void {
  if (semver.valid(version) === version) return;
  throw new PcError(
    RegistryCodes.PC_REGISTRY_INVALID_NAME,
    `${name}@${JSON.stringify(version)} from ${source} is not an exact semver version.`,
    { context: { name, version, source } },
  );
}

/**
 * Why `spec` cannot be a dependency's wanted version, or undefined when it can: a semver
 * range, or a dist-tag. Tags follow npm's rule (a tag must not itself parse as a range) and
 * are plain words, so `file:`, `git+…`, `npm:alias@…` and paths are refused, not guessed at.
 */
export function specProblem(spec: string): string | undefined {
  if (semver.validRange(spec) !== null) return undefined;
  if (/^[A-Za-z][A-Za-z0-9._-]{0,127}$/.test(spec)) return undefined;
  return 'only semver ranges and dist-tags are supported';
}

/** Checks every `name -> spec` of a dependency record. */
export function checkDependencies(
  dependencies: Readonly<Record<string, string>>,
  source: NameSource,
  of: string,
): void {
  for (const [name, spec] of Object.entries(dependencies)) {
    checkPackageName(name, source, { dependencyOf: of });
    const problem = specProblem(spec);
    if (problem !== undefined) {
      throw new PcError(
        RegistryCodes.PC_REGISTRY_INVALID_NAME,
        `${of} depends on ${name}@${JSON.stringify(spec)} (from ${source}): ${problem}.`,
        { context: { name, spec, source, dependencyOf: of } },
      );
    }
  }
}
