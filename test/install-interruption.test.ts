/**
 * An upgrade interrupted at random moments by SIGINT, SIGTERM and SIGKILL, with the real
 * CLI against a registry on loopback. After each interruption the installed tree is wholly
 * the old one or wholly the new one, and the lockfile says the same (or, only after
 * SIGKILL, the switch journal holds the lockfile that goes with the new tree); a rerun
 * succeeds and leaves no lock, journal or temp file in the project or the cache.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { packageTarball } from '../packages/registry-client/test/tarball.js';

const CLI = fileURLToPath(new URL('../packages/cli/bin/parsercraft.js', import.meta.url));
const PACKAGES = 24;
const MOMENTS = 20;
let work: string;
let registry: RegistryServer;
let template: string;

const names = Array.from({ length: PACKAGES }, (_, i) => `lib-${i}`);
const projectFile = (range: string): string =>
  JSON.stringify({
    dependencies: Object.fromEntries(names.map((n) => [n, range])),
    registries: { default: registry.url },
  });

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs `parsercraft install` in `dir`, bounded to 30 s. With `kill`, sends its signal that
 * long after the install took its lock (the moment work on the project starts; Node's own
 * start-up before it is no interesting moment). Says when the lock appeared and when the
 * process ended.
 */
function install(
  dir: string,
  cache: string,
  kill?: { afterMs: number; signal: NodeJS.Signals },
): Promise<Exit & { lockedAt: number | undefined; endedAt: number; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'install'], {
      cwd: dir,
      env: { ...process.env, PARSERCRAFT_CACHE: cache, CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let lockedAt: number | undefined;
    let killer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lock = join(dir, '.parsercraft/install.lock');
    const poll = setInterval(() => {
      if (lockedAt === undefined && existsSync(lock)) {
        lockedAt = performance.now();
        clearInterval(poll);
        if (kill) killer = setTimeout(() => child.kill(kill.signal), kill.afterMs);
      }
    }, 2);
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`install in ${dir} did not end within 30 s`));
    }, 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearInterval(poll);
      if (killer) clearTimeout(killer);
      resolve({ code, signal, stderr, lockedAt, endedAt: performance.now(), pid: child.pid ?? 0 });
    });
  });
}

/** The version each installed folder holds, read from its package.json. */
async function treeVersions(dir: string): Promise<Map<string, string>> {
  const root = join(dir, '.parsercraft/packages');
  const out = new Map<string, string>();
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (name.startsWith('.')) continue;
    const pkg = JSON.parse(await readFile(join(root, name, 'package.json'), 'utf8')) as { version: string };
    out.set(name, pkg.version);
  }
  return out;
}

function lockVersions(text: string): Map<string, string> {
  const lock = JSON.parse(text) as { packages: Record<string, { version: string }> };
  return new Map(Object.entries(lock.packages).map(([n, p]) => [n, p.version]));
}

const uniform = (versions: ReadonlyMap<string, string>, version: string): boolean =>
  versions.size === PACKAGES && [...versions.values()].every((v) => v === version);

async function leftovers(root: string): Promise<string[]> {
  const all = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  return all.filter((p) => p.includes('.pc-tmp-') || p.endsWith('install.lock') || p.endsWith('pending-switch.json'));
}

/** A seeded generator, so a failure names moments that can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-interrupt-'));
  registry = await RegistryServer.start();
  for (const name of names) {
    for (const version of ['1.0.0', '2.0.0'])
      registry.publish({ name, version, tarball: packageTarball(name, version, { 'lib.yaml': `v: ${version}\n` }) });
  }
  // Each tarball a little slow, so an upgrade spends a while fetching, as on a real network.
  registry.fault = (r) => (r.what === 'tarball' ? { kind: 'delay', ms: 15 } : undefined);
  template = join(work, 'template');
  await mkdir(template);
  await writeFile(join(template, 'parsercraft.json'), projectFile('^1.0.0'));
  const first = await install(template, join(work, 'template-cache'));
  expect(first.code, first.stderr).toBe(0);
  expect(uniform(await treeVersions(template), '1.0.0')).toBe(true);
}, 60_000);

afterAll(async () => {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

describe('an upgrade interrupted at random moments', () => {
  it('leaves the old tree or the new one, never a mix; the rerun succeeds and cleans up', async () => {
    const oldLock = await readFile(join(template, 'parsercraft-lock.json'), 'utf8');
    // How long an uninterrupted upgrade takes here, so the moments fall inside one.
    const timing = join(work, 'timing');
    await cp(template, timing, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(timing, 'parsercraft.json'), projectFile('^2.0.0'));
    const timed = await install(timing, join(work, 'timing-cache'));
    expect(timed.code).toBe(0);
    const span = timed.endedAt - (timed.lockedAt ?? timed.endedAt);

    const random = mulberry32(17);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL'];
    const outcomes: string[] = [];
    for (let i = 0; i < MOMENTS; i++) {
      const signal = signals[i % signals.length] as NodeJS.Signals;
      const afterMs = Math.round(1.3 * span * random());
      const dir = join(work, `run-${i}`);
      const cache = join(work, `cache-${i}`);
      await cp(template, dir, { recursive: true, verbatimSymlinks: true });
      await writeFile(join(dir, 'parsercraft.json'), projectFile('^2.0.0'));
      const exit = await install(dir, cache, { afterMs, signal });
      const what = `${signal} after ${afterMs} ms (run ${i})`;

      const tree = await treeVersions(dir);
      const lock = await readFile(join(dir, 'parsercraft-lock.json'), 'utf8');
      const isOld = uniform(tree, '1.0.0');
      const isNew = uniform(tree, '2.0.0');
      expect(isOld || isNew, `${what}: the tree is a mix ${JSON.stringify([...tree])}`).toBe(true);
      const pending = await readFile(join(dir, '.parsercraft/pending-switch.json'), 'utf8').catch(() => undefined);
      if (isOld) expect(lock, what).toBe(oldLock);
      else if (!uniform(lockVersions(lock), '2.0.0')) {
        // Killed between the switch and the lockfile write: the journal has the new lockfile.
        expect(signal, `${what}: a new tree with the old lockfile and no journal`).toBe('SIGKILL');
        expect(uniform(lockVersions((JSON.parse(pending ?? '{}') as { lockfile: string }).lockfile), '2.0.0')).toBe(
          true,
        );
      }
      expect(exit.lockedAt, `${what}: the install never took its lock`).toBeDefined();
      // A signal that lands once the install has finished (its handlers are gone, the process
      // is only exiting) ends it by the signal's default action: the new tree and lockfile are whole.
      const afterTheEnd = exit.code === null && exit.signal === signal && isNew && uniform(lockVersions(lock), '2.0.0');
      if (signal !== 'SIGKILL') {
        if (exit.code !== 0 && !afterTheEnd) {
          expect(exit.code, `${what}: ${exit.stderr}`).toBe(signal === 'SIGINT' ? 130 : 143);
          expect(exit.stderr, what).toMatch(/PC_CANCELLED/);
          expect(
            exit.stderr
              .trim()
              .split('\n')
              .filter((l) => /PC_CANCELLED/.test(l)),
            what,
          ).toHaveLength(1);
        }
        expect(await leftovers(dir), what).toEqual([]);
        expect(await leftovers(cache), what).toEqual([]);
      }
      outcomes.push(`${exit.code ?? exit.signal} ${isNew ? 'new' : 'old'}`);

      const rerun = await install(dir, cache);
      expect(rerun.code, `${what}, rerun: ${rerun.stderr}`).toBe(0);
      expect(uniform(await treeVersions(dir), '2.0.0'), what).toBe(true);
      expect(uniform(lockVersions(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')), '2.0.0')).toBe(true);
      expect(await leftovers(dir), `${what}, rerun`).toEqual([]);
      // A SIGKILLed writer's temp files stay in the cache until they have been untouched for two
      // minutes (a pid means nothing to containers sharing the cache); nothing else may be left.
      const killedDownload = new RegExp(`\\.pc-tmp-.*-${exit.pid}-[0-9a-f]{8}$`);
      expect(
        (await leftovers(cache)).filter((p) => !(signal === 'SIGKILL' && killedDownload.test(p))),
        `${what}, rerun`,
      ).toEqual([]);
      expect(await readdir(join(dir, '.parsercraft/trees')), what).toHaveLength(1);
      await rm(dir, { recursive: true, force: true });
      await rm(cache, { recursive: true, force: true });
    }
    // The moments must have caught installs in the middle of their work, or the test proved little.
    // (Which of them land after the switch depends on the machine's speed that run; the switch's
    // other side, a kill between the switch and the lockfile, is pinned in transactional.test.ts.)
    const summary = outcomes.join(', ');
    expect(
      outcomes.some((o) => o.endsWith(' old')),
      summary,
    ).toBe(true);
    expect(
      outcomes.some((o) => o.startsWith('130 ') || o.startsWith('143 ')),
      summary,
    ).toBe(true);
  }, 240_000);
});
