import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install } from '@parsercraft/registry-client';
import { Verdaccio } from './verdaccio.js';

let work: string;
let verdaccio: Verdaccio;

/** Writes a package folder the way a language author would, for `npm publish`. */
async function packageDir(
  name: string,
  version: string,
  dependencies: Record<string, string>,
  files: Record<string, string>,
): Promise<string> {
  const dir = join(work, 'src', `${name.replace('/', '__')}-${version}`);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name, version, dependencies, parsercraft: { configs: Object.keys(files) } }),
  );
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content);
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-verdaccio-'));
  verdaccio = await Verdaccio.start(join(work, 'registry'));
  verdaccio.publish(await packageDir('util-c', '0.2.1', {}, { 'util.yaml': 'name: util\n' }));
  verdaccio.publish(await packageDir('lib-b', '1.0.0', {}, { 'lib.yaml': 'version: 1.0\n' }));
  verdaccio.publish(await packageDir('lib-b', '1.1.0', { 'util-c': '~0.2.0' }, { 'lib.yaml': 'version: 1.1\n' }));
  verdaccio.publish(await packageDir('lang-a', '1.0.0', { 'lib-b': '^1.0.0' }, { 'lang.yaml': 'name: A\n' }));
  verdaccio.publish(await packageDir('@pc/grammar', '1.0.0', {}, { 'grammar.peg': 'start <- .\n' }));
}, 120_000);

afterAll(async () => {
  await verdaccio?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('against a real Verdaccio 6.8.0 on loopback', () => {
  it('installs what npm published, with the integrity the registry recorded, and again offline', async () => {
    const dir = join(work, 'app');
    const cacheDir = join(work, 'cache');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({
        dependencies: { 'lang-a': '^1.0.0', '@pc/grammar': '1.0.0' },
        registries: { default: verdaccio.url },
      }),
    );
    const result = await install({ projectDir: dir, cacheDir });
    expect(result.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual([
      '@pc/grammar@1.0.0',
      'lang-a@1.0.0',
      'lib-b@1.1.0',
      'util-c@0.2.1',
    ]);
    expect(await readFile(join(dir, '.parsercraft/packages/lib-b/lib.yaml'), 'utf8')).toBe('version: 1.1\n');
    expect(await readFile(join(dir, '.parsercraft/packages/@pc/grammar/grammar.peg'), 'utf8')).toBe('start <- .\n');

    // The lockfile holds exactly what Verdaccio says about each tarball.
    const lock = JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')) as {
      packages: Record<string, { integrity: string; resolved: string }>;
    };
    const packument = (await (await fetch(`${verdaccio.url}/lib-b`)).json()) as {
      versions: Record<string, { dist: { integrity: string; tarball: string } }>;
    };
    expect(lock.packages['lib-b']).toMatchObject({
      integrity: packument.versions['1.1.0']?.dist.integrity,
      resolved: packument.versions['1.1.0']?.dist.tarball,
    });

    // CI: a frozen install of a clean checkout restores the same tree.
    await rm(join(dir, '.parsercraft'), { recursive: true });
    const frozen = await install({ projectDir: dir, cacheDir, frozenLockfile: true });
    expect(frozen.lockfileChanged).toBe(false);
    expect(await readFile(join(dir, '.parsercraft/packages/lang-a/lang.yaml'), 'utf8')).toBe('name: A\n');

    // With the registry gone, a warm cache still installs, offline.
    await verdaccio.stop();
    const other = join(work, 'offline');
    await mkdir(other, { recursive: true });
    await writeFile(
      join(other, 'parsercraft.json'),
      JSON.stringify({ dependencies: { 'lang-a': '^1.0.0' }, registries: { default: verdaccio.url } }),
    );
    const offline = await install({ projectDir: other, cacheDir, cacheMode: 'offline' });
    expect(offline.packages).toHaveLength(3);
  });
});
