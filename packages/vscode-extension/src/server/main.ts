/**
 * The language server as the extension ships it: bundled with esbuild into `out/server.mjs`
 * (its analysis worker into `out/analysis-worker.mjs`), started by the client as a Node
 * module over IPC. The bundled languages apply where the workspace names none.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LanguageServer } from '@parsercraft/lsp-server';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

const { values } = parseArgs({ options: { 'health-port': { type: 'string' } }, strict: false, allowPositionals: true });
const port = values['health-port'];
const healthPort = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined;

const defaultLanguages = {
  pascal: { config: fileURLToPath(new URL('../languages/pascal.yaml', import.meta.url)), extensions: ['.pas'] },
};

await new LanguageServer(createConnection(ProposedFeatures.all), {
  defaultLanguages,
  workerUrl: new URL('./analysis-worker.mjs', import.meta.url),
  ...(healthPort !== undefined && { healthPort }),
}).listen();
