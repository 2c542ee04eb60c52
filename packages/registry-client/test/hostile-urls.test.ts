/**
 * Registry URLs as attackers write them: credentials in URLs, file: URLs, redirect loops and
 * tarball URLs on foreign origins, against real servers on loopback.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { install, pingRegistries, projectRegistries, type InstallOptions } from '@parsercraft/registry-client';
import { packageTarball } from './tarball.js';
import { RegistryServer, sri } from './registry-server.js';
import { ScriptedServer } from './scripted-server.js';
import { FAST_PLANS, failure } from './harness.js';

const SECRET = 's3cret-Pa55';
const TOKEN = 'npmrc-T0KEN-value';
const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** `http://127.0.0.1:port` with userinfo. */
const withUser = (url: string, userinfo: string): string => url.replace('://', `://${userinfo}@`);

let work: string;
let registry: RegistryServer;
let scripted: ScriptedServer;
let foreign: ScriptedServer;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-hostile-urls-'));
  [registry, scripted, foreign] = await Promise.all([
    RegistryServer.start(),
    ScriptedServer.start(),
    ScriptedServer.start(),
  ]);
});
afterEach(async () => {
  await Promise.all([registry.stop(), scripted.stop(), foreign.stop()]);
  await rm(work, { recursive: true, force: true });
});

async function project(
  registries: Record<string, string>,
  dependencies: Record<string, string> = { lib: '^1.0.0' },
): Promise<string> {
  const dir = join(work, 'app');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'parsercraft.json'), JSON.stringify({ dependencies, registries, plans: FAST_PLANS }));
  return dir;
}

// Only the project's .npmrc: the user's own is no business of these tests.
const run = (dir: string, extra: Partial<InstallOptions> = {}): ReturnType<typeof install> =>
  install({ projectDir: dir, cacheDir: join(work, 'cache'), npmrcPaths: [join(dir, '.npmrc')], ...extra });

/** Every file under `root` with its content, for grepping, but the ones the test wrote. */
async function allFiles(root: string): Promise<{ path: string; text: string }[]> {
  const ours = new Set(['parsercraft.json', '.npmrc']);
  const names = (await readdir(root, { recursive: true })).filter((n) => !ours.has(n));
  const out: { path: string; text: string }[] = [];
  for (const name of names) {
    const path = join(root, name);
    const text = await readFile(path, 'latin1').catch(() => undefined);
    if (text !== undefined) out.push({ path, text });
  }
  return out;
}

function packument(name: string, tarballUrl: string, tgz: Buffer): string {
  return JSON.stringify({
    name,
    'dist-tags': { latest: '1.0.0' },
    versions: { '1.0.0': { name, version: '1.0.0', dist: { tarball: tarballUrl, integrity: sri(tgz) } } },
  });
}

function json(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

describe('credentials in registry URLs', () => {
  it('become Basic auth for their origin only, and no file of the project or cache holds them', async () => {
    const tgz = packageTarball('lib', '1.0.0');
    registry.publish({ name: 'lib', version: '1.0.0', tarball: tgz });
    const dir = await project({ default: withUser(registry.url, `alice:${SECRET}`) });
    await run(dir);
    expect(registry.requests.length).toBeGreaterThanOrEqual(2);
    for (const r of registry.requests) expect(r.headers.authorization).toBe(basic('alice', SECRET));
    const lock = JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved: string }>;
    };
    expect(lock.packages['lib']?.resolved).toBe(registry.tarballUrl('lib', '1.0.0'));
    for (const f of [...(await allFiles(dir)), ...(await allFiles(join(work, 'cache')))]) {
      expect(f.text, f.path).not.toContain(SECRET);
      expect(f.text, f.path).not.toContain('alice');
    }
  });

  it('the --registry option: percent-encoded userinfo is decoded, sent, and never part of a message', async () => {
    const dir = await project({ default: registry.url });
    registry.fault = () => ({ kind: 'status', status: 500 });
    const e = await failure(run(dir, { registry: withUser(registry.url, `bob:${encodeURIComponent('p@ss/word')}`) }));
    expect(registry.requests[0]?.headers.authorization).toBe(basic('bob', 'p@ss/word'));
    const shown = JSON.stringify(e.toJSON()) + e.message + String(e.stack);
    expect(shown).not.toContain('bob');
    expect(shown).not.toContain('p%40ss');
  });

  it.each([
    ['Basic credentials from the URL', true],
    ['a .npmrc token', false],
  ])('%s never follow a tarball URL or a redirect to another origin', async (_what, inUrl) => {
    const tgz = packageTarball('lib', '1.0.0');
    const tgz2 = packageTarball('lib2', '1.0.0');
    scripted.handler = (req, res) => {
      if (req.url === '/lib') return json(res, packument('lib', `${foreign.url}/lib.tgz`, tgz));
      if (req.url === '/lib2') return json(res, packument('lib2', `${scripted.url}/lib2.tgz`, tgz2));
      if (req.url === '/lib2.tgz') {
        res.writeHead(302, { location: `${foreign.url}/lib2.tgz` });
        return void res.end();
      }
      res.writeHead(404);
      res.end();
    };
    foreign.handler = (req, res) => {
      const body = req.url === '/lib.tgz' ? tgz : tgz2;
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    };
    const url = inUrl ? withUser(scripted.url, `alice:${SECRET}`) : scripted.url;
    const dir = await project({ default: url }, { lib: '1', lib2: '1' });
    await writeFile(join(dir, '.npmrc'), `${scripted.url.replace('http:', '')}/:_authToken=${TOKEN}\n`);
    await run(dir);
    expect(foreign.seen.map((s) => s.path).sort()).toEqual(['/lib.tgz', '/lib2.tgz']);
    for (const s of foreign.seen) expect(s.authorization).toBeUndefined();
    expect(scripted.seen.map((s) => s.path).sort()).toEqual(['/lib', '/lib2', '/lib2.tgz']);
    for (const s of scripted.seen) expect(s.authorization).toBe(inUrl ? basic('alice', SECRET) : `Bearer ${TOKEN}`);
  });

  it('a .npmrc token goes to its registry when the URL has no userinfo', async () => {
    registry.publish({ name: 'lib', version: '1.0.0', tarball: packageTarball('lib', '1.0.0') });
    const dir = await project({ default: registry.url });
    await writeFile(join(dir, '.npmrc'), `${registry.url.replace('http:', '')}/:_authToken=${TOKEN}\n`);
    await run(dir);
    for (const r of registry.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('in a packument tarball URL serve that origin only, and are stripped before the lockfile and cache', async () => {
    const tgz = packageTarball('lib', '1.0.0');
    scripted.handler = (req, res) =>
      json(res, packument('lib', withUser(`${foreign.url}/lib.tgz`, `t:${SECRET}`), tgz));
    foreign.handler = (_req, res) => {
      res.writeHead(200, { 'content-length': tgz.length });
      res.end(tgz);
    };
    const dir = await project({ default: scripted.url });
    await run(dir);
    expect(foreign.seen[0]?.authorization).toBe(basic('t', SECRET));
    expect(scripted.seen[0]?.authorization).toBeUndefined();
    for (const f of [...(await allFiles(dir)), ...(await allFiles(join(work, 'cache')))])
      expect(f.text, f.path).not.toContain(SECRET);
  });

  it('in a lockfile resolved URL are used for that tarball, and the lockfile is written again without them', async () => {
    const tgz = packageTarball('lib', '1.0.0');
    registry.publish({ name: 'lib', version: '1.0.0', tarball: tgz });
    const dir = await project({ default: registry.url });
    const lockPath = join(dir, 'parsercraft-lock.json');
    const resolved = withUser(registry.tarballUrl('lib', '1.0.0'), `locked:${SECRET}`);
    await writeFile(
      lockPath,
      JSON.stringify({
        lockfileVersion: 1,
        requires: { lib: '^1.0.0' },
        packages: { lib: { version: '1.0.0', resolved, integrity: sri(tgz), dependencies: {} } },
      }),
    );
    const result = await run(dir);
    expect(result.lockfileChanged).toBe(true);
    const tarballRequest = registry.requests.find((r) => r.path.endsWith('.tgz'));
    expect(tarballRequest?.headers.authorization).toBe(basic('locked', SECRET));
    const lock = await readFile(lockPath, 'utf8');
    expect(lock).not.toContain(SECRET);
    expect(lock).toContain(registry.tarballUrl('lib', '1.0.0'));
  });

  it('doctor-style pings send them and report the URL without them', async () => {
    const dir = await project({ default: withUser(scripted.url, `alice:${SECRET}`) });
    expect(await projectRegistries(dir)).toEqual([scripted.url]);
    const [ping] = await pingRegistries({ projectDir: dir });
    expect(ping).toMatchObject({ registry: scripted.url, urlCredentials: true, ok: true });
    expect(scripted.seen[0]?.authorization).toBe(basic('alice', SECRET));
    const [env] = await pingRegistries({ registries: [withUser(foreign.url, `u:${SECRET}`)] });
    expect(env?.registry).toBe(foreign.url);
    expect(foreign.seen[0]?.authorization).toBe(basic('u', SECRET));
  });
});

describe('only http: and https: URLs', () => {
  it('a file: registry is PC_REGISTRY_PROJECT_INVALID, credentials in it redacted', async () => {
    const dir = await project({ default: `https://r.example,file://u:${SECRET}@host/etc` });
    const e = await failure(run(dir));
    expect(e.code).toBe('PC_REGISTRY_PROJECT_INVALID');
    expect(e.message).toContain('is not an http: or https: URL');
    expect(JSON.stringify(e.toJSON())).not.toContain(SECRET);
    const flag = await failure(run(await project({ default: registry.url }), { registry: 'ftp://x/' }));
    expect(flag.code).toBe('PC_REGISTRY_PROJECT_INVALID');
    expect(flag.message).toContain('--registry');
  });

  it('a file: tarball URL in a packument is PC_REGISTRY_BAD_METADATA, and nothing reads the file', async () => {
    const tgz = packageTarball('lib', '1.0.0');
    scripted.handler = (_req, res) => json(res, packument('lib', 'file:///etc/passwd', tgz));
    const e = await failure(run(await project({ default: scripted.url })));
    expect(e.code).toBe('PC_REGISTRY_BAD_METADATA');
    expect(e.message).toContain('must be an http: or https: URL');
  });

  it('a file: resolved URL in the lockfile is PC_REGISTRY_LOCKFILE_INVALID', async () => {
    const dir = await project({ default: registry.url });
    const integrity = sri(packageTarball('lib', '1.0.0'));
    await writeFile(
      join(dir, 'parsercraft-lock.json'),
      JSON.stringify({
        lockfileVersion: 1,
        requires: { lib: '^1.0.0' },
        packages: { lib: { version: '1.0.0', resolved: 'file:///etc/passwd', integrity, dependencies: {} } },
      }),
    );
    const e = await failure(run(dir));
    expect(e.code).toBe('PC_REGISTRY_LOCKFILE_INVALID');
    expect(e.message).toContain('packages.lib.resolved: must be an http: or https: URL');
  });

  it('a redirect to file: is PC_REGISTRY_BAD_REDIRECT and is not followed', async () => {
    scripted.handler = (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    };
    const e = await failure(run(await project({ default: scripted.url })));
    expect(e.code).toBe('PC_REGISTRY_BAD_REDIRECT');
    expect(e.context['location']).toBe('file:///etc/passwd');
    expect(scripted.seen).toHaveLength(1);
  });
});

describe('redirects', () => {
  it('a loop is PC_REGISTRY_TOO_MANY_REDIRECTS naming the chain, asked once per hop', async () => {
    scripted.handler = (req, res) => {
      res.writeHead(301, { location: req.url === '/lib' ? '/a' : req.url === '/a' ? '/b' : '/lib' });
      res.end();
    };
    const e = await failure(run(await project({ default: scripted.url })));
    expect(e.code).toBe('PC_REGISTRY_TOO_MANY_REDIRECTS');
    expect(e.context['chain']).toEqual([
      `${scripted.url}/lib`,
      `${scripted.url}/a`,
      `${scripted.url}/b`,
      `${scripted.url}/lib`,
    ]);
    expect(e.context['loop']).toBe(true);
    expect(scripted.seen.map((s) => s.path)).toEqual(['/lib', '/a', '/b']);
  });

  it('more than five distinct hops is the same code, without a loop; five are followed', async () => {
    scripted.handler = (req, res) => {
      const n = Number(/^\/hop(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(302, { location: `/hop${n + 1}` });
      res.end();
    };
    const e = await failure(run(await project({ default: scripted.url })));
    expect(e.code).toBe('PC_REGISTRY_TOO_MANY_REDIRECTS');
    expect(e.context['loop']).toBe(false);
    expect(scripted.seen).toHaveLength(6);
    expect(e.message).toContain('more than 5 times');
  });

  it('userinfo in a Location is dropped, not adopted as credentials', async () => {
    const tgz = packageTarball('lib', '1.0.0');
    scripted.handler = (req, res) => {
      if (req.url === '/lib') {
        res.writeHead(302, { location: withUser(`${foreign.url}/lib`, `evil:${SECRET}`) });
        return void res.end();
      }
      res.writeHead(404);
      res.end();
    };
    foreign.handler = (req, res) =>
      req.url === '/lib' ? json(res, packument('lib', `${foreign.url}/lib.tgz`, tgz)) : res.end(tgz);
    await run(await project({ default: scripted.url }));
    expect(foreign.seen.map((s) => s.authorization)).toEqual([undefined, undefined]);
  });
});
