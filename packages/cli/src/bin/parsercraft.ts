#!/usr/bin/env node
/** parsercraft: see `parsercraft --help`. Exit codes in exit-codes.ts. */
import { delimiter } from 'node:path';
import { BUNDLED_PARSER_TABLES } from '../project/bundled-languages.js';
import { main } from '../program.js';

// Set before anything loads a language: analysis workers and the language server this
// command starts inherit it (see bundled-languages.ts).
process.env['PARSERCRAFT_PARSER_TABLES'] = [BUNDLED_PARSER_TABLES, process.env['PARSERCRAFT_PARSER_TABLES']]
  .filter(Boolean)
  .join(delimiter);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
// -1: a long-running command (the language server) that ends the process itself.
if (code >= 0) process.exitCode = code;
