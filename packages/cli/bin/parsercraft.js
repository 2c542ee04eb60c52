#!/usr/bin/env node
// Committed, not built: npm links a workspace's bins before `prepare` builds dist/, and
// skips a bin whose file does not exist yet, so the built entry is reached through this.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin/parsercraft.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'parsercraft: this checkout is not built yet; run `npm install` (or `npm run build`) at the repository root\n',
  );
  process.exit(2);
}
await import(entry.href);
