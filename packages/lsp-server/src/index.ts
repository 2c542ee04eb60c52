/**
 * @parsercraft/lsp-server: the language server for ParserCraft languages. See
 * ARCHITECTURE.md ("The language server") and the package README.
 */
export { LanguageServer, type ServerOptions } from './server/language-server.js';
export { launchServer, launchServerProcess, type LaunchOptions } from './server/launch-server.js';
export { parseLaunchFlags, type LaunchFlags } from './server/launch-flags.js';
export { RUNBOOK_FILE } from './runbook-file.js';
export { AnalysisPool, type AnalysisPoolOptions } from './analysis/analysis-pool.js';
export { LanguageResolver, type LanguageEntry } from './workspace.js';
export { ServerCodes } from './errors/server-codes.js';
