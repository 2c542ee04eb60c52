import { launchServer } from '@parsercraft/lsp-server';
import { BUNDLED_LANGUAGES } from '../project/bundled-languages.js';
import { RUNBOOK_FILE } from '../runbook-file.js';

/**
 * `parsercraft lsp FLAGS`: the language server on this process, launched as `parsercraft-lsp`
 * launches it, from the flags after `lsp`, read the same way.
 * Resolves once it serves; the process then lives until the client sends exit. The bundled
 * languages apply where the workspace names none.
 */
export async function runLanguageServer(argv: readonly string[]): Promise<void> {
  await launchServer({ argv, defaultLanguages: BUNDLED_LANGUAGES, runbookFile: RUNBOOK_FILE });
}
