import { defineErrorCodes } from '@parsercraft/core';

/**
 * What installing packages can fail with, besides the network and HTTP codes core maps
 * (PC_NET_*, PC_HTTP_*) and PC_REGISTRY_INTEGRITY, which core owns because its classifier
 * maps `EINTEGRITY`. Every code has a RUNBOOK.md entry.
 */
export const RegistryCodes = defineErrorCodes({
  PC_REGISTRY_PROJECT_INVALID: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'The project file parsercraft.json is missing, not JSON, or has invalid fields.',
  },
  PC_REGISTRY_LOCKFILE_INVALID: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'The lockfile parsercraft-lock.json is not JSON or does not have the lockfile shape.',
  },
  PC_REGISTRY_LOCKFILE_OUTDATED: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'A frozen-lockfile install found the lockfile missing or in need of changes.',
  },
  PC_REGISTRY_PACKAGE_NOT_FOUND: {
    category: 'not_found',
    severity: 'high',
    retryable: false,
    summary: 'No configured registry has a package of that name.',
  },
  PC_REGISTRY_NO_MATCHING_VERSION: {
    category: 'not_found',
    severity: 'high',
    retryable: false,
    summary: 'The package exists, but no version of it satisfies the requested range or tag.',
  },
  PC_REGISTRY_VERSION_CONFLICT: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'Two packages need versions of one package that no single version satisfies.',
  },
  PC_REGISTRY_BAD_METADATA: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    dependencyFault: true,
    summary: 'A registry answered with package metadata that is not JSON or lacks required fields.',
  },
  PC_REGISTRY_NOT_CACHED: {
    category: 'not_found',
    severity: 'high',
    retryable: false,
    summary: 'An offline install needed package metadata or a tarball that is not in the cache.',
  },
  PC_REGISTRY_UNSAFE_TARBALL: {
    category: 'integrity',
    severity: 'critical',
    retryable: false,
    summary:
      'A package tarball has an entry that would write outside its folder, or a link or device entry that is not allowed.',
  },
  PC_REGISTRY_TARBALL_TOO_LARGE: {
    category: 'resource',
    severity: 'high',
    retryable: false,
    summary: 'A package tarball unpacks to more files or bytes than the extraction limits allow.',
  },
  PC_REGISTRY_BAD_TARBALL: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'A package tarball passed its integrity check but is not a readable gzip tar archive.',
  },
  PC_REGISTRY_INVALID_NAME: {
    category: 'validation',
    severity: 'critical',
    retryable: false,
    summary:
      'A package name, version or wanted version from parsercraft.json, the lockfile or registry metadata is not one npm allows; nothing was requested or written for it.',
  },
  PC_REGISTRY_UNSAFE_PATH: {
    category: 'integrity',
    severity: 'critical',
    retryable: false,
    summary:
      'An install would have written outside the packages folder (through a link or a crafted name); it was stopped.',
  },
  PC_REGISTRY_PACKAGE_MISMATCH: {
    category: 'integrity',
    severity: 'high',
    retryable: false,
    dependencyFault: true,
    summary: "A tarball's package.json is missing or names another package or version than the one it was fetched as.",
  },
  PC_REGISTRY_TREE_MISMATCH: {
    category: 'integrity',
    severity: 'medium',
    retryable: false,
    summary: 'The installed packages differ from the lockfile, or a package folder was changed since it was installed.',
  },
  PC_REGISTRY_TOO_MANY_REDIRECTS: {
    category: 'network',
    severity: 'high',
    retryable: false,
    dependencyFault: true,
    summary: 'A registry request was redirected in a loop, or more times than the client follows.',
  },
  PC_REGISTRY_BAD_REDIRECT: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    dependencyFault: true,
    summary: 'A registry redirected to a Location that is not an http: or https: URL.',
  },
  PC_REGISTRY_EXTRACT_TIMEOUT: {
    category: 'timeout',
    severity: 'high',
    retryable: false,
    // Unpacking is local work: a slow one says nothing about the registry's health.
    dependencyFault: false,
    summary: 'Reading, judging and unpacking one package tarball took longer than its time limit.',
  },
  PC_REGISTRY_INSTALL_LOCKED: {
    category: 'resource',
    severity: 'medium',
    retryable: true,
    summary: "Another install of the project held its install lock for longer than this install's lock wait allowed.",
  },
});
