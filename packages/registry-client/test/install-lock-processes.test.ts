import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { install, type InstallProgress } from '@parsercraft/registry-client';
import { commandChild, lockHolder, type Child } from './lock-holders.js';
import { RegistryServer } from './registry-server.js';
import { packageTarball } from './tarball.js';
import { FAST_PLANS } from './harness.js';

let server: RegistryServer;
let work: string;
let project: string;
let cacheDir: string;
const children: Child[] = [];

beforeEach(async () => {
  server = await RegistryServer.start();
  server.publish({ name: 'grammar-kit', version: '1.0.0', tarball: packageTarball('grammar-kit', '1.0.0') });
  work = await mkdtemp(join(tmpdir(), 'pc-lock-install-'));
  project = join(work, 'app');
  cacheDir = join(work, 'cache');
  await mkdir(project, { recursive: true });
  await writeFile(
    join(project, 'parsercraft.json'),
    JSON.stringify({
      dependencies: { 'grammar-kit': '^1.0.0' },
      registries: { default: server.url },
      plans: FAST_PLANS,
    }),
  );
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

const lockPath = (): string => join(project, '.parsercraft', 'install.lock');

describe('install() and a lock held by another install', () => {
  it('reports the wait at once and again within 5 s, and gives up at lockWaitMs with PC_REGISTRY_INSTALL_LOCKED', async () => {
    await mkdir(join(project, '.parsercraft'), { recursive: true });
    const holder = lockHolder(lockPath());
    children.push(holder);
    await holder.printed('held');
    const waiting: { at: number; message: string }[] = [];
    const started = performance.now();
    const onProgress = (e: InstallProgress): void => {
      if (e.phase === 'waiting') waiting.push({ at: performance.now() - started, message: e.message });
    };
    await expect(install({ projectDir: project, cacheDir, lockWaitMs: 6_000, onProgress })).rejects.toMatchObject({
      code: 'PC_REGISTRY_INSTALL_LOCKED',
      context: { holder: { pid: holder.pid } },
    });
    expect(performance.now() - started).toBeLessThan(9_000);
    expect(waiting.map((w) => w.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^waiting for the install started by pid ${holder.pid} at \\d{4}-.+Z \\(.+\\)…$`),
      ),
      expect.stringContaining(`pid ${holder.pid}`),
    ]);
    expect(waiting[0]!.at).toBeLessThan(1_000);
    expect(waiting[1]!.at - waiting[0]!.at).toBeGreaterThanOrEqual(4_900);
    expect(waiting[1]!.at - waiting[0]!.at).toBeLessThan(5_700);
    // Nothing was installed while it waited.
    expect(server.requests).toEqual([]);
    expect(await readdir(join(project, '.parsercraft'))).toEqual(['install.lock']);
  });
});

const CHILD_INSTALL = [
  "import { install } from '@parsercraft/registry-client';",
  'const [projectDir, cacheDir] = process.argv.slice(-2);',
  'console.log(`pid ${process.pid}`);',
  'const result = await install({',
  '  projectDir,',
  '  cacheDir,',
  '  lockWaitMs: 20_000,',
  "  onProgress: (e) => e.phase === 'waiting' && console.log(e.message),",
  '});',
  'console.log(`installed ${result.packages.length}`);',
].join('\n');

/** Whether this machine lets us make PID namespaces (root, or user namespaces allowed). */
function unshareWorks(): boolean {
  const probe = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { timeout: 10_000 });
  return probe.status === 0;
}

/** An install as pid 1 of a new PID namespace; SIGKILLing unshare kills it too (--kill-child). */
function installInPidNamespace(): Child {
  const child = commandChild('unshare', [
    '--pid',
    '--fork',
    '--mount-proc',
    '--kill-child=SIGKILL',
    process.execPath,
    '--input-type=module',
    '-e',
    CHILD_INSTALL,
    project,
    cacheDir,
  ]);
  children.push(child);
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!unshareWorks())('a reused pid (PID namespaces; skipped where unshare --pid is not permitted)', () => {
  it('an install killed as pid 1 leaves a lock that the next pid 1 sees as stale, and installs', async () => {
    // The first install holds the lock while its tarball download hangs.
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'delay', ms: 60_000 } : undefined);
    const first = installInPidNamespace();
    await first.printed('pid 1');
    const record = await until('the first install to take the lock', async () => {
      const text = await readFile(lockPath(), 'utf8').catch(() => '');
      return text.includes('"nonce"') ? (JSON.parse(text) as { pid: number; startTicks: number }) : undefined;
    });
    expect(record.pid).toBe(1);
    await until('the first install to ask for its tarball', () =>
      Promise.resolve(server.requests.some((r) => r.path.startsWith('/-/')) ? true : undefined),
    );
    const inner = (await readFile(`/proc/${first.pid}/task/${first.pid}/children`, 'utf8')).trim();
    expect(inner).toMatch(/^\d+$/);
    await first.kill();
    await until('the killed install to be gone', async () =>
      (await readFile(`/proc/${inner}/stat`).catch(() => undefined)) === undefined ? true : undefined,
    );
    // Its lock stays, naming pid 1: a pid-only lock would now be "live" for every pid 1.
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: 1 });

    server.fault = () => undefined;
    const second = installInPidNamespace();
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('pid 1\n');
    expect(second.output()).toContain('installed 1');
    expect(second.output()).not.toContain('waiting for');
    expect(await readdir(join(project, '.parsercraft'))).not.toContain('install.lock');
  });
});
