/**
 * This package's copy of RUNBOOK.md (put beside package.json by the build): the same place
 * from src/ and from dist/. A bundle that moves the server names its own copy instead
 * (`ServerOptions.runbookFile`), since this URL would point beside the bundle.
 */
export const RUNBOOK_FILE = new URL('../RUNBOOK.md', import.meta.url);
