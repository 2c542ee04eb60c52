// The system tools the tests use and npm cannot install, in one list for `npm test` (which
// installs what is missing, or stops at once naming the command) and `npm install` (which
// only says what `npm test` will need). Dependency-free: it runs before anything else.
//
//   node scripts/system-tools.mjs --install   root on Debian: apt-get what is missing; else exit 1 naming the command
//   node scripts/system-tools.mjs --report    print what is missing and how to get it; always exit 0
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (command) => () =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const file = (path) => () => existsSync(path);

/** Each Debian package the tests need, with how to tell it is there without asking dpkg. */
const SYSTEM_TOOLS = [
  { pkg: 'gcc', present: onPath('cc'), why: 'the C generator tests compile with cc' },
  { pkg: 'libc6-dev', present: file('/usr/include/stdio.h'), why: 'the C generator tests compile with cc' },
  { pkg: 'fp-compiler', present: onPath('fpc'), why: 'the C generator is tested against Free Pascal' },
  { pkg: 'neovim', present: onPath('nvim'), why: 'the language server is tested from Neovim' },
  // code-server's @vscode/ripgrep takes Debian's rg from here instead of downloading one.
  { pkg: 'ripgrep', present: file('/usr/bin/rg'), why: "code-server's search (VS Code end-to-end tests)" },
  { pkg: 'chromium', present: onPath('chromium'), why: 'the VS Code end-to-end tests drive code-server in Chromium' },
  // Headers code-server's native modules (kerberos, native-keymap, keytar) build against.
  { pkg: 'libkrb5-dev', present: file('/usr/include/gssapi/gssapi.h'), why: "code-server's kerberos module" },
  { pkg: 'libx11-dev', present: file('/usr/include/X11/Xlib.h'), why: "code-server's native-keymap module" },
  {
    pkg: 'libxkbfile-dev',
    present: file('/usr/include/X11/extensions/XKBfile.h'),
    why: "code-server's native-keymap module",
  },
  { pkg: 'pkg-config', present: onPath('pkg-config'), why: "code-server's native modules" },
  {
    pkg: 'libsecret-1-dev',
    present: file('/usr/include/libsecret-1/libsecret/secret.h'),
    why: "code-server's keytar module",
  },
];

function missingSystemTools() {
  return SYSTEM_TOOLS.filter((tool) => !tool.present()).map((tool) => tool.pkg);
}

const aptCommand = (pkgs) => `apt-get install -y ${pkgs.join(' ')}`;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function install(missing) {
  if (!isRoot() || !onPath('apt-get')()) {
    console.error(
      `npm test needs ${missing.join(', ')}: run \`sudo ${aptCommand(missing)}\` (or your system's equivalent), then npm test again`,
    );
    return 1;
  }
  console.error(`installing what the tests need: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps = [
    ['apt-get', ['update', '-qq']],
    ['apt-get', ['install', '-y', '-qq', ...missing]],
  ];
  for (const [command, args] of steps) {
    // Bounded: a stuck mirror or dpkg lock must not hold npm test forever.
    if (spawnSync(command, args, { stdio: 'inherit', env, timeout: 15 * 60_000 }).status !== 0) {
      console.error(
        `\`${command} ${args.join(' ')}\` failed; npm test needs ${missing.join(', ')}: run \`${aptCommand(missing)}\` once it can reach Debian's packages`,
      );
      return 1;
    }
  }
  const still = missingSystemTools();
  if (still.length > 0) {
    console.error(`apt-get installed them, but these are still not found: ${still.join(', ')}`);
    return 1;
  }
  return 0;
}

const mode = process.argv[2];
if (mode === '--install' || mode === '--report') {
  const missing = missingSystemTools();
  if (missing.length === 0) process.exit(0);
  if (mode === '--report') {
    console.error(
      `note: npm test will also need ${missing.join(', ')} (as root on Debian it installs them itself; otherwise \`sudo ${aptCommand(missing)}\`)`,
    );
    process.exit(0);
  }
  process.exit(install(missing));
} else if (mode !== undefined) {
  console.error('usage: node scripts/system-tools.mjs --install | --report');
  process.exit(2);
}
