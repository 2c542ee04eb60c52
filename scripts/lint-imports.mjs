// `npm run lint:imports`: the import rules of .dependency-cruiser.mjs over every JavaScript
// and TypeScript file git knows (tracked, or new and not ignored), so no folder can be left
// out of the check by a list that forgot it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// An import of another workspace resolves to its built exports: without them every such
// import would be reported unresolvable, which says nothing about the rules.
const unbuilt = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.filter(
  (dir) => !existsSync(join(root, dir, 'dist')),
);
if (unbuilt.length > 0) {
  console.error(`lint:imports needs the workspaces built (npm run build): no dist/ in ${unbuilt.join(', ')}`);
  process.exit(2);
}
const listed = execFileSync(
  'git',
  [
    'ls-files',
    '-z',
    '--cached',
    '--others',
    '--exclude-standard',
    '--',
    '*.ts',
    '*.mts',
    '*.cts',
    '*.js',
    '*.mjs',
    '*.cjs',
  ],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  },
);
// What the config excludes anyway; leaving it off the command line keeps the line short.
const skipped =
  /^(test\/fixtures\/|packages\/[^/]+\/test\/(code-server|verdaccio)\/|packages\/vscode-extension\/out\/)/;
const files = [...new Set(listed.split('\0'))].filter((f) => f !== '' && !skipped.test(f));
const depcruise = fileURLToPath(
  new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url),
);
const run = spawnSync(
  process.execPath,
  [depcruise, '--config', '.dependency-cruiser.mjs', '--output-type', 'err', ...files],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
