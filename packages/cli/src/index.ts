/**
 * @parsercraft/cli: the parsercraft command (doctor, install, check, codegen, lsp).
 * `main` runs it in-process with the given streams and returns the exit code.
 */
export { main, type Io } from './program.js';
export { EXIT } from './exit-codes.js';
export { CliCodes } from './cli-codes.js';
