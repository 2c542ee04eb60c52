/**
 * A hostile registry, parsercraft.json or lockfile naming packages so that their folders
 * land outside the packages folder. After each attack nothing was written outside the
 * project's .parsercraft folder and the cache, no request was built from the bad name, and
 * the cache verifies clean. The write guard (packageFolder) is also attacked on its own,
 * with no name validation in front of it.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { verifyCache } from '@parsercraft/registry-client';
import { packageFolder } from '../src/tree/package-path.js';
import { failure, Harness } from './harness.js';
import { packageTarball } from './tarball.js';

const HOSTILE_NAMES = [
  '..',
  '.',
  '../../src',
  '/etc/passwd',
  '%2e%2e',
  '..%2f..%2fsrc',
  '..\\..\\src',
  'C:\\src',
  'a\u0000b',
  '@../src',
  '@./src',
  '@s/../../src',
  '@s/',
  '__proto__',
  'node_modules',
  'a/b',
  ' src',
];

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.stop();
});

/** A project with a `src/` of its own, which no install may touch. */
async function victim(name: string, dependencies: Record<string, string>): Promise<string> {
  const dir = await h.project(name, dependencies);
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'main.pas'), 'program Main; begin end.\n');
  return dir;
}

/** Nothing changed outside the cache and the project's .parsercraft, and no package got installed. */
async function untouched(dir: string, before: readonly string[]): Promise<void> {
  const project = relative(h.work, dir);
  expect(await h.files('cache', `${project}/.parsercraft`)).toEqual(before);
  expect(await readFile(join(dir, 'src', 'main.pas'), 'utf8')).toBe('program Main; begin end.\n');
  expect(await readdir(join(dir, '.parsercraft', 'packages')).catch(() => [])).toEqual([]);
  const report = await verifyCache({ cacheDir: h.cacheDir });
  expect([report.corruptRemoved, report.tempRemoved]).toEqual([0, 0]);
}

describe('hostile names', () => {
  it("a packument depending on '../../src' (with a packument served for it) installs nothing and asks nothing for it", async () => {
    h.server.publish({
      name: 'app-lib',
      version: '1.0.0',
      dependencies: { '../../src': '1.0.0' },
      tarball: packageTarball('app-lib', '1.0.0'),
    });
    h.server.publish({ name: '../../src', version: '1.0.0', tarball: packageTarball('../../src', '1.0.0') });
    const dir = await victim('app', { 'app-lib': '^1.0.0' });
    const before = await h.files('cache', 'app/.parsercraft');
    const error = await failure(h.install(dir));
    expect(error.code).toBe('PC_REGISTRY_INVALID_NAME');
    expect(error.message).toContain('"../../src" from registry metadata is not a package name');
    expect(h.server.requests.map((r) => r.path)).toEqual(['/app-lib']);
    await untouched(dir, before);
  });

  it.each(HOSTILE_NAMES)('%j is refused from parsercraft.json, from a packument and from a lockfile', async (bad) => {
    h.server.publish({ name: 'ok', version: '1.0.0', tarball: packageTarball('ok', '1.0.0') });
    h.server.publish({
      name: 'carrier',
      version: '1.0.0',
      dependencies: { [bad]: '1.0.0' },
      tarball: packageTarball('carrier', '1.0.0'),
    });
    const fromProject = await victim('p', { [bad]: '1.0.0' });
    const fromRegistry = await victim('r', { carrier: '1.0.0' });
    const fromLockfile = await victim('l', { ok: '1.0.0' });
    await writeFile(
      join(fromLockfile, 'parsercraft-lock.json'),
      JSON.stringify({
        lockfileVersion: 1,
        requires: { ok: '1.0.0' },
        packages: {
          ok: {
            version: '1.0.0',
            resolved: h.server.tarballUrl('ok', '1.0.0'),
            integrity: `sha512-${'A'.repeat(86)}==`,
          },
          [bad]: {
            version: '1.0.0',
            resolved: h.server.tarballUrl('ok', '1.0.0'),
            integrity: `sha512-${'A'.repeat(86)}==`,
          },
        },
      }),
    );
    for (const [dir, extra] of [
      [fromProject, {}],
      [fromRegistry, {}],
      [fromLockfile, { frozenLockfile: true }],
    ] as const) {
      const before = await h.files('cache', `${relative(h.work, dir)}/.parsercraft`);
      const asked = h.server.requests.length;
      const error = await failure(h.install(dir, extra));
      // A `__proto__` key is refused as the JSON is read, by the file's own code: no object may carry one.
      const expected =
        bad !== '__proto__' || dir === fromRegistry
          ? ['PC_REGISTRY_INVALID_NAME', 'PC_REGISTRY_BAD_METADATA']
          : ['PC_REGISTRY_PROJECT_INVALID', 'PC_REGISTRY_LOCKFILE_INVALID'];
      expect(expected, `${dir}: ${error.message}`).toContain(error.code);
      // No request was built from the bad name.
      expect(
        h.server.requests
          .slice(asked)
          .map((r) => r.path)
          .filter((p) => !/^\/(ok|carrier)$/.test(p)),
      ).toEqual([]);
      await untouched(dir, before);
    }
  });

  it('names that are also Object.prototype keys install as ordinary packages', async () => {
    const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    for (const name of names) h.server.publish({ name, version: '1.0.0', tarball: packageTarball(name, '1.0.0') });
    const dir = await h.project('proto', Object.fromEntries(names.map((n) => [n, '^1.0.0'])));
    const { result } = await h.install(dir);
    expect(result.packages.map((p) => p.name).sort()).toEqual([...names].sort());
    const again = await h.install(dir, { frozenLockfile: true });
    expect(again.result.packages.every((p) => p.source === 'lockfile')).toBe(true);
    for (const name of names) {
      const pkg = JSON.parse(await readFile(join(dir, '.parsercraft/packages', name, 'package.json'), 'utf8')) as {
        name: string;
      };
      expect(pkg.name).toBe(name);
    }
  });

  it('a packument that names another package, or a version entry that names another version, is bad metadata', async () => {
    h.server.publish({ name: 'beta', version: '1.0.0', tarball: packageTarball('beta', '1.0.0') });
    const tarball = h.server.tarballUrl('beta', '1.0.0');
    const entry = (name: string, version: string): object => ({
      name,
      version,
      dist: { tarball, integrity: `sha512-${'A'.repeat(86)}==` },
    });
    const answers: Record<string, object> = {
      '/alpha': { name: 'beta', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': entry('beta', '1.0.0') } },
      '/gamma': { name: 'gamma', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': entry('gamma', '9.9.9') } },
    };
    h.server.fault = (r) => (answers[r.path] ? { kind: 'body', body: JSON.stringify(answers[r.path]) } : undefined);
    for (const name of ['alpha', 'gamma']) {
      const error = await failure(h.install(await victim(name, { [name]: '^1.0.0' })));
      expect(error.code, error.message).toBe('PC_REGISTRY_BAD_METADATA');
    }
  });

  it('a dist-tag pointing at a version key that is not exact semver is ignored', async () => {
    h.server.publish({ name: 'tagged', version: '1.0.0', tarball: packageTarball('tagged', '1.0.0') });
    const honest = JSON.parse(await fetch(`${h.server.url}/tagged`).then((r) => r.text())) as {
      versions: Record<string, { dist: object }>;
    };
    const dist = honest.versions['1.0.0']?.dist;
    const packument = {
      name: 'tagged',
      'dist-tags': { latest: '../../evil' },
      versions: {
        '1.0.0': { name: 'tagged', version: '1.0.0', dist },
        '../../evil': { name: 'tagged', version: '../../evil', dist },
      },
    };
    h.server.fault = (r) => (r.path === '/tagged' ? { kind: 'body', body: JSON.stringify(packument) } : undefined);
    const { result } = await h.install(await h.project('range', { tagged: '*' }));
    expect(result.packages).toEqual([{ name: 'tagged', version: '1.0.0', source: 'registry' }]);
    const error = await failure(h.install(await h.project('tag', { tagged: 'latest' })));
    expect(error.code).toBe('PC_REGISTRY_NO_MATCHING_VERSION');
  });

  it("a tarball whose package.json is another package's: PC_REGISTRY_PACKAGE_MISMATCH, nothing installed", async () => {
    h.server.publish({ name: 'alpha', version: '1.0.0', tarball: packageTarball('omega', '1.0.0') });
    const dir = await victim('mismatch', { alpha: '^1.0.0' });
    const before = await h.files('cache', 'mismatch/.parsercraft');
    const error = await failure(h.install(dir));
    expect(error.code).toBe('PC_REGISTRY_PACKAGE_MISMATCH');
    expect(error.message).toBe('The tarball fetched as alpha@1.0.0 says it is "omega"@"1.0.0".');
    await untouched(dir, before);
  });

  it('a .parsercraft folder that is a link out of the project: PC_REGISTRY_UNSAFE_PATH, nothing written there', async () => {
    h.server.publish({ name: 'ok', version: '1.0.0', tarball: packageTarball('ok', '1.0.0') });
    const dir = await h.project('linked', { ok: '^1.0.0' });
    const outside = join(h.work, 'outside');
    await mkdir(outside);
    await symlink(outside, join(dir, '.parsercraft'));
    const error = await failure(h.install(dir));
    expect(error.code).toBe('PC_REGISTRY_UNSAFE_PATH');
    expect((await readdir(outside)).filter((n) => n !== 'install.lock')).toEqual([]);
  });
});

describe('the write guard, with no name validation in front of it', () => {
  const root = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'pc-guard-'));
    await mkdir(join(dir, 'tree'));
    return join(dir, 'tree');
  };

  it('any name gives a folder inside the tree or PC_REGISTRY_UNSAFE_PATH (property, fixed seed)', async () => {
    const tree = await root();
    const realTree = await realpath(tree);
    const piece = fc.constantFrom('..', '.', '/', '\\', '@', '%2e', '\u0000', 'a', 'b', 'C:', '~', ' ');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), async (pieces) => {
        const name = pieces.join('');
        try {
          const folder = await packageFolder(tree, name);
          const rel = relative(tree, folder);
          expect(rel === '' || rel.startsWith('..') || isAbsolute(rel), name).toBe(false);
          const parent = await realpath(join(folder, '..'));
          expect(parent === realTree || parent.startsWith(`${realTree}/`), name).toBe(true);
        } catch (error) {
          expect(PcError.is(error) && error.code, name).toBe('PC_REGISTRY_UNSAFE_PATH');
        }
      }),
      { seed: 1717, numRuns: 400 },
    );
    await rm(join(tree, '..'), { recursive: true, force: true });
  });

  it('a scope folder or a package folder planted as a link out of the tree is refused', async () => {
    const tree = await root();
    const outside = join(tree, '..', 'outside');
    await mkdir(outside);
    await symlink(outside, join(tree, '@evil'));
    await symlink(outside, join(tree, 'linked'));
    for (const name of ['@evil/x', 'linked']) {
      const error = await failure(packageFolder(tree, name));
      expect(error.code).toBe('PC_REGISTRY_UNSAFE_PATH');
    }
    expect((await lstat(join(tree, '@evil'))).isSymbolicLink()).toBe(true);
    expect(await readdir(outside)).toEqual([]);
    await rm(join(tree, '..'), { recursive: true, force: true });
  });
});
