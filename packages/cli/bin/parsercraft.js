#!/usr/bin/env node
// Committed, not built: npm links a workspace's bins before `prepare` builds dist/, and
// skips a bin whose file does not exist yet, so the built entry is reached through this.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin/parsercraft.js', import.meta.url);
const fail = (what) => {
  process.stderr.write(`parsercraft: ${what}\n`);
  process.exit(2);
};
if (!existsSync(entry))
  fail('this checkout is not built yet; run `npm install` (or `npm run build`) at the repository root');
try {
  await import(entry.href);
} catch (error) {
  // A package it depends on is not built, cleaned or missing: say which, not a stack trace.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  fail(
    `a module it needs is missing (${String(error.message).split('\n')[0]}): in a checkout, run \`npm install\` at the repository root; otherwise reinstall @parsercraft/cli`,
  );
}
