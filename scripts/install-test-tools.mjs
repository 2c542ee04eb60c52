// Installs the test tools that live outside the workspace (each has its own lockfile):
// Verdaccio for the registry-client tests, code-server for the VS Code extension's
// end-to-end tests. Runs from `npm test` (pretest), after scripts/system-tools.mjs has made
// sure of what they build against, and skips a tool whose installed tree is newer than its
// lockfile, so repeated runs stay fast. A tool that cannot be installed stops the tests: the
// suites that need it would fail anyway, less clearly.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const TOOLS = [
  { dir: 'packages/registry-client/test/verdaccio' },
  {
    dir: 'packages/vscode-extension/test/code-server',
    // node-pty's postinstall runs npx, which must not stop to ask; code-server's postinstall
    // refuses to run as root without --unsafe-perm (npm 11 calls the flag unknown, yet passes it on).
    env: { npm_config_yes: 'true' },
    args: ['--unsafe-perm'],
    before: codeServerPrerequisites,
  },
];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

for (const tool of TOOLS) {
  const dir = `${root}${tool.dir}`;
  if (mtime(`${dir}/node_modules/.package-lock.json`) >= mtime(`${dir}/package-lock.json`)) continue;
  if (tool.before && !tool.before()) process.exit(1);
  console.error(`installing test tool ${tool.dir}`);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', ...(tool.args ?? []), '--prefix', dir], {
    stdio: 'inherit',
    env: { ...process.env, ...tool.env },
  });
  if (result.status !== 0) {
    console.error(
      `could not install the test tool in ${tool.dir} (npm ci exited ${result.status}); see npm's output above`,
    );
    process.exit(1);
  }
}

/**
 * What code-server's install needs that npm cannot see to: a build path node-gyp can use,
 * and rg where its postinstall looks. (Its @vscode/ripgrep downloads rg from GitHub, which
 * cannot be reached here; it first looks in a cache in the temp folder, so Debian's rg is
 * put there under the asset name it expects: see ../shared/recipes/code-server.md.)
 */
function codeServerPrerequisites() {
  // node-gyp's makefiles (code-server's argon2, kerberos) break on these in the build path.
  if (/[\s#]/.test(root)) {
    console.error(
      `cannot build code-server for the VS Code end-to-end tests under ${JSON.stringify(root)}: node-gyp's native builds fail in a path with spaces or '#'; clone the repository into a path without them`,
    );
    return false;
  }
  if (!existsSync('/usr/bin/rg')) {
    console.error(
      'cannot install code-server for the VS Code end-to-end tests: /usr/bin/rg is missing (apt-get install ripgrep)',
    );
    return false;
  }
  const cache = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(cache, { recursive: true });
  const pack = mkdtempSync(join(tmpdir(), 'rgpack-'));
  copyFileSync('/usr/bin/rg', join(pack, 'rg'));
  const tar = spawnSync(
    'tar',
    ['czf', join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', pack, 'rg'],
    { stdio: 'inherit' },
  );
  rmSync(pack, { recursive: true, force: true });
  return tar.status === 0;
}
