import { defineErrorCodes } from '@parsercraft/core/errors';

/** What the parsercraft command itself reports; every code has a RUNBOOK.md entry. */
export const CliCodes = defineErrorCodes({
  PC_CLI_NO_LANGUAGE: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary:
      'No language config applies to a file: nothing in parsercraft.json or the bundled languages claims its extension.',
  },
  PC_CLI_STALE_INSTALL_LOCK: {
    category: 'resource',
    severity: 'low',
    retryable: true,
    dependencyFault: false,
    summary:
      "A project's install lock names a holder that no longer runs: its pid is gone or reused, or the machine restarted.",
  },
  PC_CLI_CACHE_LEFTOVERS: {
    category: 'resource',
    severity: 'low',
    retryable: false,
    dependencyFault: false,
    summary:
      'The package cache holds temp files of installs that no longer run, or metadata entries that cannot be read.',
  },
  PC_CLI_USAGE: {
    category: 'validation',
    severity: 'low',
    retryable: false,
    summary: 'The command line is not one the parsercraft command accepts.',
  },
});
