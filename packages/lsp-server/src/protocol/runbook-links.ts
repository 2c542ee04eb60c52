import { runbookAnchor, runbookLink } from '@parsercraft/core/errors';
import { CODEGEN_CODES, PROTOCOL_CODES } from '@parsercraft/language';

/** Codes of program findings that have a RUNBOOK.md entry, besides every `PC_*` code. */
const PROGRAM_CHECK_CODES: ReadonlySet<string> = new Set([
  ...Object.keys(PROTOCOL_CODES),
  ...Object.keys(CODEGEN_CODES),
]);

/**
 * Links to the RUNBOOK.md this server carries (its package's copy, or the one in the VS
 * Code extension), as a diagnostic's `codeDescription.href`: an editor opens them where the
 * server runs, in every distribution.
 */
export class RunbookLinks {
  constructor(readonly runbookFile: URL) {}

  /** The link of a code's entry, or undefined for a code the runbook has no entry for. */
  href(code: string): string | undefined {
    return code.startsWith('PC_') || PROGRAM_CHECK_CODES.has(code)
      ? runbookLink(runbookAnchor(code), this.runbookFile)
      : undefined;
  }
}
