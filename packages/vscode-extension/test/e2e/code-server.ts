import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** code-server 4.100.3 (VS Code 1.100.3), installed by scripts/install-test-tools.mjs. */
export const CODE_SERVER = fileURLToPath(new URL('../code-server/node_modules/.bin/code-server', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';

/** What the end-to-end suite needs from the machine; .ci/run installs both. */
export function missingTools(): string[] {
  return [
    ...(existsSync(CODE_SERVER)
      ? []
      : [`code-server (${CODE_SERVER}; installed by npm install when ripgrep is present, see .ci/run)`]),
    ...(existsSync(CHROMIUM) ? [] : [`Chromium (${CHROMIUM}; apt-get install chromium)`]),
  ];
}

export interface CodeServer {
  readonly url: string;
  readonly extensionsDir: string;
  stop(): Promise<void>;
}

/**
 * A real code-server on 127.0.0.1 with its own user data and extensions folders, the
 * .vsix installed as a user would (`--install-extension`), and the given user settings.
 * It runs in its own process group, so stop() ends it with everything it started (the
 * extension host, the language server) by that group's id.
 */
export async function startCodeServer(
  root: string,
  vsix: string,
  settings: Record<string, unknown>,
): Promise<CodeServer> {
  const userData = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  await mkdir(join(userData, 'User'), { recursive: true });
  await writeFile(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'workbench.tips.enabled': false,
      ...settings,
    }),
  );
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];
  await promisify(execFile)(CODE_SERVER, ['--install-extension', vsix, ...dirs], { timeout: 120_000 });
  const port = await freePort();
  const child = spawn(
    CODE_SERVER,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...dirs,
    ],
    { detached: true, stdio: 'ignore', env: { ...process.env, HOME: root } },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, child, 60_000);
  return {
    url,
    extensionsDir,
    stop: async () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      // The group may outlive its leader (file watcher, extension host): end what is left.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Nothing left.
      }
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before serving`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not serve ${url} within ${timeoutMs} ms`);
}

/** The pids of language servers started from this extensions folder (our bundled server.mjs). */
export async function languageServerPids(extensionsDir: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(extensionsDir) && line.includes('out/server.mjs'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}
