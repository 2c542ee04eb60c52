/**
 * Installs land whole or not at all: a failed upgrade keeps the old tree and lockfile, a
 * changed folder is noticed and unpacked again, a corrupt cache entry of any kind heals,
 * and the layouts a crash or an older version left are recovered.
 */
import { appendFile, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectInstalledTree, verifyCache } from '@parsercraft/registry-client';
import { ContentStore } from '../src/cache/content-store.js';
import { parseSha512 } from '../src/cache/integrity.js';
import { failure, Harness } from './harness.js';
import { sri } from './registry-server.js';
import { packageTarball, tarball } from './tarball.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

const version = async (dir: string, name: string): Promise<string> =>
  (JSON.parse(await readFile(join(dir, '.parsercraft/packages', name, 'package.json'), 'utf8')) as { version: string })
    .version;

const locked = async (dir: string): Promise<Record<string, string>> => {
  const lock = JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')) as {
    packages: Record<string, { version: string }>;
  };
  return Object.fromEntries(Object.entries(lock.packages).map(([n, p]) => [n, p.version]));
};

const setDependencies = async (dir: string, dependencies: Record<string, string>): Promise<void> => {
  const file = join(dir, 'parsercraft.json');
  const project = JSON.parse(await readFile(file, 'utf8')) as object;
  await writeFile(file, JSON.stringify({ ...project, dependencies }));
};

describe('transactional installs', () => {
  it('an upgrade that fails on one tarball leaves the old version on disk, and the lockfile and doctor agree', async () => {
    h.server.publish({ name: 'pascal-lang', version: '1.2.0', tarball: packageTarball('pascal-lang', '1.2.0') });
    h.server.publish({ name: 'pascal-lang', version: '2.0.0', tarball: packageTarball('pascal-lang', '2.0.0') });
    h.server.publish({
      name: 'broken',
      version: '1.0.0',
      tarball: packageTarball('broken', '1.0.0'),
      integrity: sri(Buffer.from('something else')),
    });
    const dir = await h.project('upgrade', { 'pascal-lang': '^1.0.0' });
    await h.install(dir);
    const lockBefore = await readFile(join(dir, 'parsercraft-lock.json'), 'utf8');

    await setDependencies(dir, { 'pascal-lang': '^2.0.0', broken: '^1.0.0' });
    expect((await failure(h.install(dir))).code).toBe('PC_REGISTRY_INTEGRITY');
    expect(await version(dir, 'pascal-lang')).toBe('1.2.0');
    expect(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')).toBe(lockBefore);
    expect(await readdir(join(dir, '.parsercraft/trees'))).toHaveLength(1);

    await setDependencies(dir, { 'pascal-lang': '^1.0.0' });
    const { result } = await h.install(dir, { frozenLockfile: true });
    expect(result.packages).toEqual([{ name: 'pascal-lang', version: '1.2.0', source: 'lockfile' }]);
    expect(await version(dir, 'pascal-lang')).toBe('1.2.0');
    expect(await inspectInstalledTree(dir)).toEqual({ locked: 1, problems: [] });
  });

  it('a folder edited, emptied or removed by hand is unpacked again; untouched folders are kept as they are', async () => {
    for (const name of ['a', 'b', 'c', 'd'])
      h.server.publish({ name, version: '1.0.0', tarball: packageTarball(name, '1.0.0', { 'x.txt': name }) });
    const dir = await h.project('tamper', { a: '1', b: '1', c: '1', d: '1' });
    await h.install(dir);
    const root = join(dir, '.parsercraft/packages');
    await writeFile(join(root, 'a', 'x.txt'), 'edited');
    await rm(join(root, 'b', 'x.txt'));
    await rm(join(root, 'c'), { recursive: true });
    const report = await inspectInstalledTree(dir);
    expect(report?.problems).toEqual([
      'a@1.0.0 was changed since it was installed, or not from its locked tarball',
      'b@1.0.0 was changed since it was installed, or not from its locked tarball',
      'c@1.0.0 was changed since it was installed, or not from its locked tarball',
    ]);
    await h.install(dir, { frozenLockfile: true, cacheMode: 'offline' });
    for (const name of ['a', 'b', 'c', 'd']) expect(await readFile(join(root, name, 'x.txt'), 'utf8')).toBe(name);
    expect(await inspectInstalledTree(dir)).toEqual({ locked: 4, problems: [] });
  });

  it('a second install with nothing to change switches nothing', async () => {
    h.server.publish({ name: 'a', version: '1.0.0', tarball: packageTarball('a', '1.0.0') });
    const dir = await h.project('noop', { a: '1' });
    await h.install(dir);
    const link = await readlink(join(dir, '.parsercraft/packages'));
    await h.install(dir);
    expect(await readlink(join(dir, '.parsercraft/packages'))).toBe(link);
  });

  it('cache entries with flipped, appended or cut bytes are evicted and fetched again, for every package', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `p${i}`);
    for (const name of names)
      h.server.publish({
        name,
        version: '1.0.0',
        tarball: packageTarball(name, '1.0.0', { 'f.txt': name.repeat(50) }),
      });
    const dir = await h.project('heal', Object.fromEntries(names.map((n) => [n, '1'])));
    await h.install(dir);
    const store = new ContentStore(h.cacheDir);
    const lock = JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')) as {
      packages: Record<string, { integrity: string }>;
    };
    for (const [i, name] of names.entries()) {
      const path = store.pathOf(parseSha512(lock.packages[name]?.integrity) ?? { sri: '', hex: '' });
      const bytes = await readFile(path);
      if (i % 3 === 0) bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      if (i % 3 === 0) await writeFile(path, bytes);
      else if (i % 3 === 1) await appendFile(path, 'trailing garbage');
      else await writeFile(path, bytes.subarray(0, bytes.length - 7));
    }
    await rm(join(dir, '.parsercraft'), { recursive: true });
    const { events } = await h.install(dir, { frozenLockfile: true });
    const healed = events.filter((e) => e.phase === 'warning' && /was corrupt/.test(e.message));
    expect(healed).toHaveLength(30);
    for (const name of names)
      expect(await readFile(join(dir, '.parsercraft/packages', name, 'f.txt'), 'utf8')).toBe(name.repeat(50));
    expect((await verifyCache({ cacheDir: h.cacheDir })).corruptRemoved).toBe(0);
  });

  it('a refused tarball that matches its integrity is not kept in the cache', async () => {
    const evil = tarball([
      { path: 'package/package.json', content: JSON.stringify({ name: 'evil', version: '1.0.0' }) },
      { path: 'package/../../escape.txt', content: 'x' },
    ]);
    h.server.publish({ name: 'evil', version: '1.0.0', tarball: evil });
    const dir = await h.project('refused', { evil: '1' });
    expect((await failure(h.install(dir))).code).toBe('PC_REGISTRY_UNSAFE_TARBALL');
    expect((await verifyCache({ cacheDir: h.cacheDir })).tarballs).toBe(0);
  });

  it('a switch a crash interrupted after its rename is finished by the next install; one before it is forgotten', async () => {
    h.server.publish({ name: 'a', version: '1.0.0', tarball: packageTarball('a', '1.0.0') });
    h.server.publish({ name: 'a', version: '2.0.0', tarball: packageTarball('a', '2.0.0') });
    const dir = await h.project('journal', { a: '^2.0.0' });
    await h.install(dir);
    const lock = await readFile(join(dir, 'parsercraft-lock.json'), 'utf8');
    const tree = (await readlink(join(dir, '.parsercraft/packages'))).split('/').pop() ?? '';
    // As if killed between the switch and the lockfile write: the journal holds the lockfile.
    await writeFile(join(dir, 'parsercraft-lock.json'), '{"stale": true}');
    await writeFile(join(dir, '.parsercraft/pending-switch.json'), JSON.stringify({ tree, lockfile: lock }));
    // And a staged tree of a crash before its switch, with a temp link beside it.
    await mkdir(join(dir, '.parsercraft/trees/0-dead'), { recursive: true });
    await symlink('trees/0-dead', join(dir, '.parsercraft/.pc-tmp-packages-1-deadbeef'));
    const { events } = await h.install(dir, { cacheMode: 'offline' });
    expect(events).toContainEqual({
      phase: 'warning',
      message:
        'The previous install was interrupted after switching to its new packages; its lockfile was written now.',
    });
    expect(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')).toBe(lock);
    expect((await readdir(join(dir, '.parsercraft'))).sort()).toEqual(['packages', 'trees']);
    expect(await readdir(join(dir, '.parsercraft/trees'))).toEqual([tree]);
  });

  it('a project installed by the layout before trees (a real packages folder) is moved to a tree', async () => {
    h.server.publish({ name: 'a', version: '1.0.0', tarball: packageTarball('a', '1.0.0') });
    const dir = await h.project('legacy', { a: '1' });
    await mkdir(join(dir, '.parsercraft/packages/a'), { recursive: true });
    await writeFile(join(dir, '.parsercraft/packages/a/package.json'), '{"name":"a","version":"0.9.0"}');
    await writeFile(join(dir, '.parsercraft/installed.json'), '{"a":"sha512-x"}');
    await h.install(dir);
    expect(await version(dir, 'a')).toBe('1.0.0');
    expect(await readlink(join(dir, '.parsercraft/packages'))).toMatch(/^trees\/[0-9a-z]+-[0-9a-f]{8}$/);
    expect((await readdir(join(dir, '.parsercraft'))).sort()).toEqual(['packages', 'trees']);
    expect(await locked(dir)).toEqual({ a: '1.0.0' });
  });
});
