#!/usr/bin/env node
/** parsercraft: see `parsercraft --help`. Exit codes in exit-codes.ts. */
import { main } from '../program.js';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
// -1: a long-running command (the language server) that ends the process itself.
if (code >= 0) process.exitCode = code;
