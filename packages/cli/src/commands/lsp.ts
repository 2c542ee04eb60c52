import { PcError } from '@parsercraft/core';
import { LanguageServer } from '@parsercraft/lsp-server';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CliCodes } from '../cli-codes.js';
import { BUNDLED_LANGUAGES } from '../project/bundled-languages.js';

/**
 * `parsercraft lsp`: the language server on this process, as `parsercraft-lsp` runs it. The
 * transport flags are read from the command line by vscode-languageserver itself. Resolves
 * once it serves; the process then lives until the client sends exit. The bundled
 * languages apply where the workspace names none.
 */
export async function runLanguageServer(healthPort: string | undefined): Promise<void> {
  if (healthPort !== undefined && !/^\d+$/.test(healthPort)) throw new PcError(CliCodes.PC_CLI_USAGE, `--health-port needs a port number, not '${healthPort}'.`);
  const options = { defaultLanguages: BUNDLED_LANGUAGES, ...(healthPort !== undefined && { healthPort: Number(healthPort) }) };
  await new LanguageServer(createConnection(ProposedFeatures.all), options).listen();
}
