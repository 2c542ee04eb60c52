/**
 * @parsercraft/lsp-server: the language server for ParserCraft languages. See
 * ARCHITECTURE.md ("The language server") and the package README. Work in progress
 * (issue #6): documents, language resolution and diagnostics from analysis workers with
 * hard deadlines are in; the rest of the features, health and degradation are next.
 */
export { LanguageServer, type ServerOptions } from './server/language-server.js';
export { AnalysisPool, type AnalysisPoolOptions } from './analysis/analysis-pool.js';
export { LanguageResolver, type LanguageEntry } from './workspace/language-resolver.js';
export { ServerCodes } from './errors/server-codes.js';
