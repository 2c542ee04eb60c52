// Installs the test tools that live outside the workspace (each has its own lockfile):
// Verdaccio for the registry-client tests. Runs from `npm install` (prepare), and skips a
// tool whose installed tree is newer than its lockfile, so repeated installs stay fast.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TOOLS = ['packages/registry-client/test/verdaccio'];
const root = fileURLToPath(new URL('..', import.meta.url));

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

for (const tool of TOOLS) {
  const dir = `${root}${tool}`;
  if (mtime(`${dir}/node_modules/.package-lock.json`) >= mtime(`${dir}/package-lock.json`)) continue;
  console.error(`installing test tool ${tool}`);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', dir], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
