/**
 * What a hostile pull request or a crash can leave in a project's `.parsercraft/`: links
 * where folders or the lock belong, a package folder swapped for a link, a lockfile
 * pairing one name with another package's tarball, leftovers of a killed lock writer.
 * Each is refused or repaired, and nothing outside the project is touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectInstallLock, removeStaleInstallLock, verifyCache } from '@parsercraft/registry-client';
import { failure, Harness } from './harness.js';
import { packageTarball } from './tarball.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
  for (const name of ['x', 'y'])
    h.server.publish({ name, version: '1.0.0', tarball: packageTarball(name, '1.0.0', { 'f.txt': name }) });
});
afterEach(async () => {
  await h.stop();
});

/** A folder outside the project with something precious in it. */
async function victim(): Promise<string> {
  const dir = join(h.work, 'victim');
  await mkdir(join(dir, 'important'), { recursive: true });
  await writeFile(join(dir, 'important', 'data.txt'), 'precious');
  return dir;
}

describe('hostile project state', () => {
  it('a checked-in link at .parsercraft/trees or .parsercraft: refused before anything is removed through it', async () => {
    for (const link of ['.parsercraft/trees', '.parsercraft']) {
      const outside = await victim();
      const dir = await h.project(`p-${link.length}`, { x: '1' });
      await mkdir(join(dir, '.parsercraft'), { recursive: true });
      if (link === '.parsercraft') await rm(join(dir, '.parsercraft'), { recursive: true });
      await symlink(outside, join(dir, link));
      const error = await failure(h.install(dir));
      expect(error.code).toBe('PC_REGISTRY_UNSAFE_PATH');
      expect(await readdir(outside)).toEqual(['important']);
      expect(await readFile(join(outside, 'important', 'data.txt'), 'utf8')).toBe('precious');
      await rm(outside, { recursive: true });
    }
  });

  it('a dangling link or a folder where the install lock belongs is refused at once, naming it', async () => {
    for (const make of [
      (path: string) => symlink('/nonexistent/lock', path),
      (path: string) => mkdir(path).then(() => undefined),
    ]) {
      const dir = await h.project(`lock-${Math.random().toString(36).slice(2)}`, { x: '1' });
      await mkdir(join(dir, '.parsercraft'));
      const lock = join(dir, '.parsercraft', 'install.lock');
      await make(lock);
      const error = await failure(h.install(dir, { lockWaitMs: 20_000 }));
      expect(error.code).toBe('PC_REGISTRY_UNSAFE_PATH');
      expect(error.message).toContain(lock);
      // The doctor sees it as stale, and --fix removes it (the link itself), after which installs work.
      expect(await inspectInstallLock(dir)).toMatchObject({ state: 'stale' });
      expect(await removeStaleInstallLock(dir)).toMatchObject({ state: 'stale' });
      expect(await inspectInstallLock(dir)).toEqual({ state: 'none' });
      await h.install(dir);
    }
  });

  it('a FIFO checked in where a project file, the lockfile or the journal belongs is refused, not waited on', async () => {
    for (const file of ['parsercraft-lock.json', '.parsercraft/pending-switch.json', '.npmrc']) {
      const dir = await h.project(`fifo-${file.length}`, { x: '1' });
      await mkdir(join(dir, '.parsercraft'), { recursive: true });
      execFileSync('mkfifo', [join(dir, file)]);
      if (file !== 'parsercraft-lock.json') {
        // An unreadable .npmrc means no tokens from it, an unreadable journal no journal: the install goes on.
        await h.install(dir);
        continue;
      }
      const error = await failure(h.install(dir));
      expect(error.message, file).toContain('not a regular file');
    }
  });

  it('doctor --fix through a linked .parsercraft refuses, and removes nothing there', async () => {
    const outside = await victim();
    await mkdir(join(outside, 'install.lock'));
    await writeFile(join(outside, 'install.lock', 'data'), 'precious');
    const dir = await h.project('doctor-link', { x: '1' });
    await symlink(outside, join(dir, '.parsercraft'));
    for (const run of [inspectInstallLock, removeStaleInstallLock])
      expect((await failure(run(dir))).code).toBe('PC_REGISTRY_UNSAFE_PATH');
    expect(await readFile(join(outside, 'install.lock', 'data'), 'utf8')).toBe('precious');
  });

  it('a package folder swapped for a link to a folder outside is unpacked again, and the link is not carried over', async () => {
    const outside = await victim();
    const dir = await h.project('swapped', { x: '1', y: '1' });
    await h.install(dir);
    const tree = join(dir, '.parsercraft', 'packages');
    await rm(join(tree, 'x'), { recursive: true });
    await symlink(outside, join(tree, 'x'));
    await h.install(dir, { frozenLockfile: true });
    expect(await readFile(join(tree, 'x', 'f.txt'), 'utf8')).toBe('x');
    expect(await readdir(outside)).toEqual(['important']);
  });

  it("a lockfile pairing x with y's integrity fails as a mismatch and does not evict y's good tarball", async () => {
    const other = await h.project('other', { y: '1' });
    await h.install(other);
    const dir = await h.project('crafted', { x: '1' });
    await h.install(dir);
    const lockPath = join(dir, 'parsercraft-lock.json');
    const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { packages: Record<string, { integrity: string }> };
    const theirs = JSON.parse(await readFile(join(other, 'parsercraft-lock.json'), 'utf8')) as typeof lock;
    (lock.packages['x'] as { integrity: string }).integrity = theirs.packages['y']?.integrity ?? '';
    await writeFile(lockPath, JSON.stringify(lock));
    await rm(join(dir, '.parsercraft'), { recursive: true });
    expect((await failure(h.install(dir, { frozenLockfile: true }))).code).toBe('PC_REGISTRY_PACKAGE_MISMATCH');
    await rm(join(other, '.parsercraft'), { recursive: true });
    const again = await h.install(other, { cacheMode: 'offline', frozenLockfile: true });
    expect(again.result.packages).toEqual([{ name: 'y', version: '1.0.0', source: 'lockfile' }]);
    expect((await verifyCache({ cacheDir: h.cacheDir })).corruptRemoved).toBe(0);
  });

  it("a killed lock writer's temp file beside the lock is removed by the next install", async () => {
    const dir = await h.project('leftover', { x: '1' });
    await mkdir(join(dir, '.parsercraft'));
    // pid 999999 is above Linux's default pid_max: a writer that cannot be running.
    const leftover = join(dir, '.parsercraft', 'install.lock.pc-tmp-999999-deadbeef');
    await writeFile(leftover, 'half a lock');
    await h.install(dir);
    expect((await readdir(join(dir, '.parsercraft'))).sort()).toEqual(['packages', 'trees']);
  });
});
