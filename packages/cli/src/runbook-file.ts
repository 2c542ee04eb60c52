import { runbookLink } from '@parsercraft/core/errors';

/** This package's copy of RUNBOOK.md (put beside package.json by the build): the same place from src/ and from dist/. */
export const RUNBOOK_FILE = new URL('../RUNBOOK.md', import.meta.url);

/** A code's runbook anchor (`RUNBOOK.md#pc_net_reset`) as a link that opens where this command is installed. */
export function runbookHref(anchor: string): string {
  return runbookLink(anchor, RUNBOOK_FILE);
}

/** Where a person reads what to do about a code: offline with `parsercraft explain`, or the link. */
export function seeRunbook(code: string, anchor: string): string {
  return `parsercraft explain ${code}, or see ${runbookHref(anchor)}`;
}
