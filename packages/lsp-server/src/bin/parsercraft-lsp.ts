#!/usr/bin/env node
/**
 * parsercraft-lsp: the ParserCraft language server. Transports as vscode-languageserver
 * reads them from the command line: --stdio, --socket=PORT, --pipe=NAME, --node-ipc.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LanguageServer } from '../server/language-server.js';

new LanguageServer(createConnection(ProposedFeatures.all)).listen();
