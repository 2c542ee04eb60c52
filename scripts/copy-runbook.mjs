// Puts a copy of RUNBOOK.md in each package, so that every distribution of a package (the
// repository, an npm install, the .vsix) carries the runbook its codes link to
// (`RUNBOOK.md#<code>`, resolved by the package against its own copy). The copies are build
// output (see .gitignore); the one to edit is the repository's RUNBOOK.md.
//
//   node scripts/copy-runbook.mjs              into the package in the current folder (a package's build)
//   node scripts/copy-runbook.mjs --workspaces into every workspace package (the root build)
import { copyFileSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const targets =
  process.argv[2] === '--workspaces'
    ? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.map((dir) => join(root, dir))
    : [process.cwd()];

for (const dir of targets) {
  const target = join(resolve(dir), 'RUNBOOK.md');
  const temp = `${target}.pc-tmp-${process.pid}`;
  copyFileSync(join(root, 'RUNBOOK.md'), temp);
  renameSync(temp, target);
}
