#!/usr/bin/env node
/**
 * parsercraft-lsp: the ParserCraft language server. Transports as vscode-languageserver
 * reads them from the command line: --stdio, --socket=PORT, --pipe=NAME, --node-ipc.
 * `--health-port N` also serves /healthz, /readyz and /metrics on 127.0.0.1:N.
 */
import { launchServerProcess } from '../server/launch-server.js';

launchServerProcess('parsercraft-lsp');
