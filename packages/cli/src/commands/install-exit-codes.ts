import type { ErrorCategory, PcError } from '@parsercraft/core';

/**
 * `parsercraft install` exits by what went wrong, so CI can tell a flaky network from a
 * broken project. 0 and 1 are as for every command (1: --frozen-lockfile refused a change).
 */
export const INSTALL_EXIT = {
  installed: 0,
  lockfileOutdated: 1,
  invalid: 2,
  unreachable: 3,
  integrity: 4,
  notFound: 5,
  auth: 6,
  localResource: 7,
  other: 8,
} as const;

const BY_CATEGORY: Readonly<Record<ErrorCategory, number>> = {
  validation: INSTALL_EXIT.invalid,
  network: INSTALL_EXIT.unreachable,
  timeout: INSTALL_EXIT.unreachable,
  unavailable: INSTALL_EXIT.unreachable,
  rate_limited: INSTALL_EXIT.unreachable,
  integrity: INSTALL_EXIT.integrity,
  not_found: INSTALL_EXIT.notFound,
  auth: INSTALL_EXIT.auth,
  resource: INSTALL_EXIT.localResource,
  cancelled: INSTALL_EXIT.other,
  internal: INSTALL_EXIT.other,
  unknown: INSTALL_EXIT.other,
};

export function installExitCode(error: PcError): number {
  if (error.code === 'PC_REGISTRY_LOCKFILE_OUTDATED') return INSTALL_EXIT.lockfileOutdated;
  return BY_CATEGORY[error.category];
}
