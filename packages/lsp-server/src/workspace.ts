/**
 * `@parsercraft/lsp-server/workspace`: which language config a file is written in, resolved
 * as the server resolves it, without loading the server. `parsercraft check`, `codegen` and
 * `doctor` use it.
 */
export { LanguageResolver, type LanguageEntry } from './workspace/language-resolver.js';
