#!/usr/bin/env node
/**
 * parsercraft-lsp: the ParserCraft language server. Transports as vscode-languageserver
 * reads them from the command line: --stdio, --socket=PORT, --pipe=NAME, --node-ipc.
 * `--health-port N` also serves /healthz, /readyz and /metrics on 127.0.0.1:N.
 */
import { parseArgs } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LanguageServer } from '../server/language-server.js';

// Transport flags belong to vscode-languageserver, which reads process.argv itself.
const { values } = parseArgs({ options: { 'health-port': { type: 'string' } }, strict: false, allowPositionals: true });
const port = values['health-port'];
const healthPort = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined;
if (port !== undefined && healthPort === undefined) {
  process.stderr.write(`parsercraft-lsp: --health-port needs a port number, not '${String(port)}'\n`);
  process.exit(2);
}

new LanguageServer(createConnection(ProposedFeatures.all), healthPort === undefined ? {} : { healthPort }).listen().catch((error: unknown) => {
  // Only the health listener can fail here: an operator asked for that port, so say so and stop.
  process.stderr.write(`parsercraft-lsp: cannot serve health endpoints on 127.0.0.1:${healthPort}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
