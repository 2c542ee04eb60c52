import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createLogger, HealthRegistry, type PcError } from '@parsercraft/core';
import {
  install,
  pingRegistries,
  resolve,
  verifyCache,
  type InstallOptions,
  type InstallProgress,
} from '@parsercraft/registry-client';
import { packageTarball } from './tarball.js';
import { RegistryServer, sha1, sri } from './registry-server.js';
import { FAST_PLANS, failure, runScript } from './harness.js';

let server: RegistryServer;
let work: string;
let cacheDir: string;

beforeEach(async () => {
  server = await RegistryServer.start();
  work = await mkdtemp(join(tmpdir(), 'pc-install-'));
  cacheDir = join(work, 'cache');
});

afterEach(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(
  name: string,
  dependencies: Record<string, string>,
  registries: Record<string, string> = { default: server.url },
  plans: object = FAST_PLANS,
): Promise<string> {
  const dir = join(work, name);
  await rm(dir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  await writeFile(join(dir, 'parsercraft.json'), JSON.stringify({ dependencies, registries, plans }));
  return dir;
}

function publishTree(): void {
  // pascal-lang -> grammar-kit ^1, std-proto ~2.1; grammar-kit -> std-proto ^2; std-proto -> util 1.x.
  server.publish({
    name: 'pascal-lang',
    version: '1.2.0',
    dependencies: { 'grammar-kit': '^1.0.0', 'std-proto': '~2.1.0' },
    tarball: packageTarball('pascal-lang', '1.2.0', { 'pascal.yaml': 'name: Pascal\n' }),
  });
  server.publish({ name: 'grammar-kit', version: '1.0.0', tarball: packageTarball('grammar-kit', '1.0.0') });
  server.publish({
    name: 'grammar-kit',
    version: '1.4.1',
    dependencies: { 'std-proto': '^2.0.0' },
    tarball: packageTarball('grammar-kit', '1.4.1', { 'peg/base.peg': 'start <- .' }),
  });
  server.publish({ name: 'grammar-kit', version: '2.0.0', tarball: packageTarball('grammar-kit', '2.0.0') });
  server.publish({
    name: 'std-proto',
    version: '2.1.3',
    dependencies: { util: '1.x' },
    tarball: packageTarball('std-proto', '2.1.3'),
  });
  server.publish({ name: 'std-proto', version: '2.2.0', tarball: packageTarball('std-proto', '2.2.0') });
  server.publish({ name: 'util', version: '1.0.5', tarball: packageTarball('util', '1.0.5', { 'index.txt': 'util' }) });
}

async function run(
  projectDir: string,
  extra: Partial<InstallOptions> = {},
): Promise<{ result: Awaited<ReturnType<typeof install>>; events: InstallProgress[] }> {
  const events: InstallProgress[] = [];
  const result = await install({ projectDir, cacheDir, onProgress: (e) => events.push(e), ...extra });
  return { result, events };
}

/** Every file and folder under `root`, relative, sorted. */
async function tree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true }).catch(() => [] as string[]);
  return entries.map((e) => e.replaceAll('\\', '/')).sort();
}

/** The package folders installed in a project (the tree's manifest is not one). */
const installedNames = async (dir: string): Promise<string[]> =>
  (await readdir(join(dir, '.parsercraft/packages'))).filter((n) => !n.startsWith('.')).sort();

const temps = async (): Promise<string[]> => (await tree(work)).filter((p) => p.includes('.pc-tmp-'));

describe('install from a registry on loopback', () => {
  it('resolves the tree, unpacks every package and writes the lockfile', async () => {
    publishTree();
    const dir = await project('app', { 'pascal-lang': '^1.0.0' });
    const { result } = await run(dir);
    expect(result.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual([
      'grammar-kit@1.4.1',
      'pascal-lang@1.2.0',
      'std-proto@2.1.3',
      'util@1.0.5',
    ]);
    expect(await readFile(join(dir, '.parsercraft/packages/pascal-lang/pascal.yaml'), 'utf8')).toBe('name: Pascal\n');
    expect(await readFile(join(dir, '.parsercraft/packages/grammar-kit/peg/base.peg'), 'utf8')).toBe('start <- .');
    const lock = JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string; integrity: string; resolved: string }>;
    };
    expect(lock.packages['std-proto']).toMatchObject({
      version: '2.1.3',
      integrity: sri(packageTarball('std-proto', '2.1.3')),
      resolved: server.tarballUrl('std-proto', '2.1.3'),
    });
    expect(await temps()).toEqual([]);
  });

  it('a second install keeps the lockfile, asks the registry nothing, and unpacks nothing again', async () => {
    publishTree();
    const dir = await project('app', { 'pascal-lang': '^1.0.0' });
    await run(dir);
    const lockBefore = await readFile(join(dir, 'parsercraft-lock.json'), 'utf8');
    // A newer grammar-kit appears; the lockfile's choice still fits, so it stays.
    server.publish({ name: 'grammar-kit', version: '1.5.0', tarball: packageTarball('grammar-kit', '1.5.0') });
    const asked = server.requests.length;
    const { result, events } = await run(dir);
    expect(server.requests.length).toBe(asked);
    expect(result.lockfileChanged).toBe(false);
    expect(result.packages.every((p) => p.source === 'lockfile')).toBe(true);
    expect(events.filter((e) => e.phase === 'fetched')).toEqual([]);
    expect(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')).toBe(lockBefore);
  });

  it('--frozen-lockfile fails, changing nothing, when the lockfile is missing or would change', async () => {
    publishTree();
    const dir = await project('app', { 'pascal-lang': '^1.0.0' });
    expect((await failure(run(dir, { frozenLockfile: true }))).code).toBe('PC_REGISTRY_LOCKFILE_OUTDATED');
    await run(dir);
    const lockBefore = await readFile(join(dir, 'parsercraft-lock.json'), 'utf8');
    const filesBefore = await tree(join(dir, '.parsercraft'));
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({
        dependencies: { 'pascal-lang': '^1.0.0', util: '^1.0.0' },
        registries: { default: server.url },
        plans: FAST_PLANS,
      }),
    );
    const error = await failure(run(dir, { frozenLockfile: true }));
    expect(error.code).toBe('PC_REGISTRY_LOCKFILE_OUTDATED');
    expect(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')).toBe(lockBefore);
    expect(await tree(join(dir, '.parsercraft'))).toEqual(filesBefore);
    // And an install that needs no change passes frozen.
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({
        dependencies: { 'pascal-lang': '^1.0.0' },
        registries: { default: server.url },
        plans: FAST_PLANS,
      }),
    );
    expect((await run(dir, { frozenLockfile: true })).result.lockfileChanged).toBe(false);
  });

  it('a version conflict names every requester; packages the tree no longer has are removed', async () => {
    publishTree();
    const dir = await project('app', { 'pascal-lang': '^1.0.0', 'grammar-kit': '2.0.0' });
    // grammar-kit is asked for as 2.0.0 by the project and ^1 by pascal-lang: one version cannot be both.
    const error = await failure(run(dir));
    expect(error.code).toBe('PC_REGISTRY_VERSION_CONFLICT');
    expect(error.message).toBe(
      "grammar-kit is required as '2.0.0' (the project), '^1.0.0' (pascal-lang@1.2.0): no single version satisfies all of them.",
    );
    const ok = await project('app', { 'pascal-lang': '^1.0.0' });
    await run(ok);
    await writeFile(
      join(ok, 'parsercraft.json'),
      JSON.stringify({ dependencies: { util: '^1.0.0' }, registries: { default: server.url }, plans: FAST_PLANS }),
    );
    await run(ok);
    expect(await installedNames(ok)).toEqual(['util']);
  });

  it('a package published with a sha1 only: checked with sha1, warned about, its sha512 recorded', async () => {
    const bytes = packageTarball('vintage', '0.1.0', { 'old.txt': 'old' });
    server.publish({ name: 'vintage', version: '0.1.0', tarball: bytes, sha1Only: { shasum: sha1(bytes) } });
    const dir = await project('app', { vintage: '0.1.0' });
    const { result } = await run(dir);
    expect(result.warnings).toEqual([
      'vintage@0.1.0 has no sha512 integrity; its tarball is checked with sha1 only, and its sha512 is recorded in the lockfile.',
    ]);
    const lock = JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')) as {
      packages: Record<string, { integrity: string }>;
    };
    expect(lock.packages['vintage']?.integrity).toBe(sri(bytes));
    expect((await run(dir)).result.packages).toEqual([{ name: 'vintage', version: '0.1.0', source: 'lockfile' }]);
    const tampered = packageTarball('vintage', '0.2.0', { 'old.txt': 'tampered' });
    server.publish({ name: 'vintage', version: '0.2.0', tarball: tampered, sha1Only: { shasum: sha1(bytes) } });
    const error = await failure(run(await project('other', { vintage: '0.2.0' })));
    expect(error.code).toBe('PC_REGISTRY_INTEGRITY');
    expect(await temps()).toEqual([]);
  });

  it("the lockfile's integrity wins over what the registry says now", async () => {
    publishTree();
    const dir = await project('app', { util: '^1.0.0' });
    await run(dir);
    // The registry now serves other bytes for the same version, with a matching integrity.
    server.publish({
      name: 'util',
      version: '1.0.5',
      tarball: packageTarball('util', '1.0.5', { 'index.txt': 'swapped' }),
    });
    await rm(join(dir, '.parsercraft'), { recursive: true });
    await rm(cacheDir, { recursive: true });
    const error = await failure(run(dir));
    expect(error.code).toBe('PC_REGISTRY_INTEGRITY');
    expect(await tree(join(dir, '.parsercraft'))).toEqual([]);
  });

  it('a scope maps to its own registry', async () => {
    publishTree();
    const scoped = await RegistryServer.start();
    try {
      scoped.publish({
        name: '@acme/grammar',
        version: '2.0.0',
        tarball: packageTarball('@acme/grammar', '2.0.0', { 'g.peg': 'x' }),
      });
      const dir = await project(
        'app',
        { util: '^1.0.0', '@acme/grammar': '^2.0.0' },
        { default: server.url, '@acme': scoped.url },
      );
      await run(dir);
      expect(await readFile(join(dir, '.parsercraft/packages/@acme/grammar/g.peg'), 'utf8')).toBe('x');
      expect(scoped.requests.map((r) => r.path)).toEqual([
        '/@acme%2Fgrammar',
        '/-/tarballs/%40acme%2Fgrammar/2.0.0.tgz',
      ]);
      expect(server.requests.some((r) => r.path.includes('acme'))).toBe(false);
    } finally {
      await scoped.stop();
    }
  });

  it('a cached packument is revalidated with its ETag, and a 304 reuses it', async () => {
    publishTree();
    await resolve({ projectDir: await project('one', { util: '^1.0.0' }), cacheDir });
    await resolve({ projectDir: await project('two', { util: '^1.0.0' }), cacheDir });
    const [first, second] = server.requests;
    expect(first?.headers['if-none-match']).toBeUndefined();
    expect(second?.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    expect(second?.headers.accept).toBe('application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*');
  });

  it('deprecated versions are reported as warnings', async () => {
    server.publish({
      name: 'old-lang',
      version: '0.9.0',
      deprecated: 'use pascal-lang',
      tarball: packageTarball('old-lang', '0.9.0'),
    });
    const { result, events } = await run(await project('app', { 'old-lang': '*' }));
    expect(result.warnings).toEqual(['old-lang@0.9.0 is deprecated: use pascal-lang']);
    expect(events).toContainEqual({ phase: 'warning', message: 'old-lang@0.9.0 is deprecated: use pascal-lang' });
  });
});

describe('classified failures leave nothing behind', () => {
  it('a tarball whose bytes do not match the published integrity: PC_REGISTRY_INTEGRITY, nothing cached or unpacked', async () => {
    server.publish({
      name: 'evil',
      version: '1.0.0',
      tarball: packageTarball('evil', '1.0.0', { 'x.txt': 'tampered' }),
      integrity: sri(packageTarball('evil', '1.0.0')),
    });
    const dir = await project('app', { evil: '1.0.0' });
    const error = await failure(run(dir));
    expect(error.code).toBe('PC_REGISTRY_INTEGRITY');
    expect(error.severity).toBe('critical');
    expect(await tree(join(dir, '.parsercraft'))).toEqual([]);
    expect(
      (await tree(cacheDir)).filter((p) => p.startsWith('content/') && !p.endsWith('/') && p.split('/').length === 5),
    ).toEqual([]);
    expect(await temps()).toEqual([]);
    await expect(readFile(join(dir, 'parsercraft-lock.json'))).rejects.toThrow();
  });

  it('a corrupted cache entry is evicted and fetched once more', async () => {
    publishTree();
    const first = await project('one', { util: '1.0.5' });
    await run(first);
    const [content] = (await tree(join(cacheDir, 'content'))).filter((p) => p.split('/').length === 4);
    await writeFile(join(cacheDir, 'content', content ?? ''), 'garbage');
    const { events } = await run(await project('two', { util: '1.0.5' }));
    expect(events).toContainEqual({
      phase: 'warning',
      message: 'The cached tarball of util@1.0.5 was corrupt; it was removed and fetched again.',
    });
    expect(await readFile(join(work, 'two/.parsercraft/packages/util/index.txt'), 'utf8')).toBe('util');
  });

  it('unknown packages and impossible ranges', async () => {
    publishTree();
    expect((await failure(run(await project('a', { nothing: '^1.0.0' })))).code).toBe('PC_REGISTRY_PACKAGE_NOT_FOUND');
    const error = await failure(run(await project('b', { util: '^3.0.0' })));
    expect(error.code).toBe('PC_REGISTRY_NO_MATCHING_VERSION');
    expect(error.message).toBe("No version of util satisfies '^3.0.0' (asked by the project); the newest is 1.0.5.");
  });

  it('a broken parsercraft.json is PC_REGISTRY_PROJECT_INVALID with every problem', async () => {
    const dir = join(work, 'broken');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({ dependencies: { a: 1 }, registries: { nope: 'x' } }),
    );
    const error = await failure(run(dir));
    expect(error.code).toBe('PC_REGISTRY_PROJECT_INVALID');
    expect(error.message).toContain('dependencies.a');
    expect(error.message).toContain('registries.nope');
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({ plans: { 'registry.tarball': { retry: { maxAttempts: 0 } } } }),
    );
    const plans = await failure(run(dir));
    expect(plans.code).toBe('PC_REGISTRY_PROJECT_INVALID');
    expect(plans.message).toContain('registry.tarball.retry.maxAttempts');
  });
});

describe('flaky registries', () => {
  it('503 twice, then an answer: retried, installed', async () => {
    publishTree();
    server.fault = (r) => (r.previous < 2 ? { kind: 'status', status: 503 } : undefined);
    const { result } = await run(await project('app', { util: '^1.0.0' }));
    expect(result.packages).toHaveLength(1);
  });

  it('429 with Retry-After: the install waits as long as the registry says, then succeeds', async () => {
    publishTree();
    server.fault = (r) =>
      r.what === 'packument' && r.previous === 0
        ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
        : undefined;
    const started = performance.now();
    await run(await project('app', { util: '^1.0.0' }));
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('requests to one origin keep to its rate limit', async () => {
    publishTree();
    await run(await project('app', { 'pascal-lang': '^1.0.0' }), { rateLimit: { requestsPerSecond: 10, burst: 1 } });
    const times = server.requests.map((r) => r.at);
    expect(times.length).toBe(8);
    // Burst 1 at 10/s: each request at least ~100 ms after the one before (timer slack allowed).
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(90);
  });

  it('past its deadline the install fails with PC_TIMEOUT and leaves nothing half-written', async () => {
    publishTree();
    const dir = await project('app', { 'pascal-lang': '^1.0.0' });
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'delay', ms: 5_000 } : undefined);
    const error = await failure(run(dir, { deadlineMs: 400 }));
    expect(error.code).toBe('PC_TIMEOUT');
    expect(error.message).toBe('The install did not finish within its 400 ms deadline; nothing was left half-written.');
    expect(await tree(join(dir, '.parsercraft'))).toEqual([]);
    expect(await temps()).toEqual([]);
    await expect(readFile(join(dir, 'parsercraft-lock.json'))).rejects.toThrow();
  });

  it('a reset connection is retried', async () => {
    publishTree();
    server.fault = (r) => (r.previous === 0 ? { kind: 'reset' } : undefined);
    const { result } = await run(await project('app', { util: '^1.0.0' }));
    expect(result.packages).toHaveLength(1);
    expect(server.requests).toHaveLength(4);
  });

  it('headers later than the headers timeout: retried; always late: PC_NET_HEADERS_TIMEOUT, nothing written', async () => {
    publishTree();
    // undici checks these timeouts on a ~500 ms tick, so one of 150 ms fires within 150-1,000 ms:
    // the faults last well past that.
    const http = { headersTimeoutMs: 150 };
    server.fault = (r) => (r.previous === 0 ? { kind: 'delay', ms: 4_000 } : undefined);
    expect((await run(await project('app', { util: '^1.0.0' }), { http })).result.packages).toHaveLength(1);
    server.fault = () => ({ kind: 'delay', ms: 4_000 });
    const dir = await project('late', { 'grammar-kit': '^1.0.0' });
    expect((await failure(run(dir, { http, cacheDir: join(work, 'other-cache') }))).code).toBe(
      'PC_NET_HEADERS_TIMEOUT',
    );
    expect(await tree(join(dir, '.parsercraft'))).toEqual([]);
    expect(await temps()).toEqual([]);
  });

  it('a body that stalls past the body timeout: retried; always stalling: PC_NET_BODY_TIMEOUT, nothing partial', async () => {
    publishTree();
    // As above: undici's ~500 ms timer tick means a stall must outlast 1,000 ms to be a sure timeout.
    const http = { bodyTimeoutMs: 150 };
    server.fault = (r) => (r.what === 'tarball' && r.previous === 0 ? { kind: 'stall', ms: 4_000 } : undefined);
    await run(await project('app', { util: '^1.0.0' }), { http });
    expect(await readFile(join(work, 'app/.parsercraft/packages/util/index.txt'), 'utf8')).toBe('util');
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'stall', ms: 4_000 } : undefined);
    const dir = await project('stalled', { 'grammar-kit': '^1.0.0' });
    // A cache of its own: the first install's breaker state would count these failures too.
    // Two tarballs time out at once and open the origin's breaker, which may refuse the last
    // attempts of both; either way the error names the timeout.
    const stalled = await failure(run(dir, { http, cacheDir: join(work, 'other-cache') }));
    expect(
      stalled.code === 'PC_NET_BODY_TIMEOUT' ||
        (stalled.code === 'PC_CIRCUIT_OPEN' && (stalled.cause as PcError).code === 'PC_NET_BODY_TIMEOUT'),
    ).toBe(true);
    expect(stalled.message).toMatch(stalled.code === 'PC_CIRCUIT_OPEN' ? /PC_NET_BODY_TIMEOUT/ : /body/i);
    expect(await tree(join(dir, '.parsercraft'))).toEqual([]);
    expect(await temps()).toEqual([]);
  });

  it('a truncated tarball is fetched again; nothing partial remains', async () => {
    publishTree();
    server.fault = (r) => (r.what === 'tarball' && r.previous === 0 ? { kind: 'truncate' } : undefined);
    await run(await project('app', { util: '^1.0.0' }));
    expect(await readFile(join(work, 'app/.parsercraft/packages/util/index.txt'), 'utf8')).toBe('util');
    expect(await temps()).toEqual([]);
  });

  it("mirrors: ',' moves on only after 404, '|' after any error", async () => {
    publishTree();
    const empty = await RegistryServer.start();
    try {
      const comma = await project('comma', { util: '^1.0.0' }, { default: `${empty.url},${server.url}` });
      expect((await run(comma)).result.packages).toHaveLength(1);
      empty.fault = () => ({ kind: 'status', status: 500 });
      const stuck = await project('stuck', { util: '^1.0.0' }, { default: `${empty.url},${server.url}` });
      expect((await failure(run(stuck, { cacheMode: 'prefer-online' }))).code).toBe('PC_HTTP_SERVER_ERROR');
      const pipe = await project('pipe', { util: '^1.0.0' }, { default: `${empty.url}|${server.url}` });
      expect((await run(pipe, { cacheMode: 'prefer-online' })).result.packages).toHaveLength(1);
    } finally {
      await empty.stop();
    }
  });

  it('a registry found dead stays dead for the next install: breaker states are shared through the cache folder', async () => {
    publishTree();
    server.fault = () => ({ kind: 'reset' });
    const plans = {
      'registry.packument': {
        retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' },
        breaker: { kind: 'consecutive', threshold: 3 },
      },
    };
    const dir = await project('app', { util: '^1.0.0' }, { default: server.url }, plans);
    expect((await failure(run(dir))).code).toBe('PC_NET_SOCKET');
    expect(server.requests).toHaveLength(2);
    // The next install starts from two failures: one more opens the breaker.
    await failure(run(dir));
    expect(server.requests).toHaveLength(3);
    // And the one after that does not touch the registry at all.
    const error = await failure(run(dir));
    expect(error.code).toBe('PC_CIRCUIT_OPEN');
    expect(server.requests).toHaveLength(3);
  });

  it('registry down: cached metadata is served stale in default mode, and offline mode needs no network', async () => {
    publishTree();
    await run(await project('warm', { util: '^1.0.0' }));
    server.fault = () => ({ kind: 'status', status: 503 });
    const { events } = await run(await project('stale', { util: '^1.0.0' }));
    expect(events.some((e) => e.phase === 'warning' && e.message.startsWith('Using cached metadata for'))).toBe(true);
    await server.stop();
    const offline = await run(await project('offline', { util: '^1.0.0' }), { cacheMode: 'offline' });
    expect(offline.result.packages).toHaveLength(1);
    const cold = await failure(run(await project('cold', { 'grammar-kit': '^1.0.0' }), { cacheMode: 'offline' }));
    expect(cold.code).toBe('PC_REGISTRY_NOT_CACHED');
    server = await RegistryServer.start();
  });
});

describe('credentials and proxies', () => {
  const TOKEN = 'npm_s3cretTok3nValue';

  async function privateProject(name: string): Promise<string> {
    const dir = await project(name, { util: '^1.0.0' });
    // The token comes from the environment, as CI secrets do; the file only names the variable.
    await writeFile(join(dir, '.npmrc'), `${server.url.replace('http:', '')}/:_authToken=\${PC_TEST_REGISTRY_TOKEN}\n`);
    return dir;
  }

  beforeEach(() => {
    process.env['PC_TEST_REGISTRY_TOKEN'] = TOKEN;
  });
  afterEach(() => {
    delete process.env['PC_TEST_REGISTRY_TOKEN'];
  });

  it('a registry token from .npmrc reaches its registry, and never a log line or an error', async () => {
    publishTree();
    server.fault = () =>
      server.requests.at(-1)?.headers.authorization === `Bearer ${TOKEN}` ? undefined : { kind: 'status', status: 401 };
    const logFile = join(work, 'install.log');
    const logger = createLogger({ level: 'trace', destination: { file: logFile } });
    const dir = await privateProject('app');
    const { result } = await run(dir, { logger, npmrcPaths: [join(dir, '.npmrc')] });
    expect(result.packages).toHaveLength(1);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // A wrong token: refused, and the error says nothing of it either.
    process.env['PC_TEST_REGISTRY_TOKEN'] = 'npm_wrongTokenValue';
    const error = await failure(
      run(await privateProject('other'), {
        logger,
        npmrcPaths: [join(work, 'other/.npmrc')],
        cacheMode: 'prefer-online',
      }),
    );
    expect(error.code).toBe('PC_HTTP_UNAUTHORIZED');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('registry response');
    expect(log).not.toContain('s3cret');
    expect(log).not.toContain('wrongToken');
    expect(JSON.stringify(error.toJSON())).not.toContain('wrongToken');
  });

  it('a redirect to another origin is followed without the token', async () => {
    publishTree();
    const mirror = await RegistryServer.start();
    try {
      mirror.publish({
        name: 'util',
        version: '1.0.5',
        tarball: packageTarball('util', '1.0.5', { 'index.txt': 'util' }),
      });
      server.fault = (r) =>
        r.what === 'tarball'
          ? { kind: 'status', status: 302, headers: { location: mirror.tarballUrl('util', '1.0.5') } }
          : undefined;
      const dir = await privateProject('app');
      await run(dir, { npmrcPaths: [join(dir, '.npmrc')] });
      expect(await readFile(join(dir, '.parsercraft/packages/util/index.txt'), 'utf8')).toBe('util');
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(mirror.requests).toHaveLength(1);
      expect(mirror.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await mirror.stop();
    }
  });

  it('requests go through an HTTP proxy when one is configured', async () => {
    publishTree();
    const seen: string[] = [];
    // A forward proxy on loopback: it receives absolute URLs and relays them.
    const proxy = createServer((req, res) => {
      seen.push(req.url ?? '');
      const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    // undici tunnels through the proxy with CONNECT, as it does for HTTPS.
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      seen.push(`CONNECT ${req.url ?? ''}`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await run(await project('app', { util: '^1.0.0' }), { http: { proxy: { httpProxy: proxyUrl, noProxy: '' } } });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s === `CONNECT ${server.url.replace('http://', '')}` || s.startsWith(server.url))).toBe(
        true,
      );
      expect(server.requests.map((r) => r.path)).toEqual(['/util', '/-/tarballs/util/1.0.5.tgz']);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});

describe('several processes, one cache', () => {
  const CHILD = [
    "import { install } from '@parsercraft/registry-client';",
    'const [projectDir, cacheDir] = process.argv.slice(-2);',
    'const result = await install({ projectDir, cacheDir });',
    'console.log(JSON.stringify(result.packages.map((p) => p.name).sort()));',
  ].join('\n');

  /** Runs an install in its own Node process; resolves with its stdout, rejects on a non-zero exit. */
  function installInChild(projectDir: string): Promise<string> {
    return runScript(CHILD, [projectDir, cacheDir]).then((out) => out.trim());
  }

  it('installs running at once into one cache all succeed, one project is serialized, and the cache verifies clean', async () => {
    publishTree();
    // Slow tarballs, so the processes really overlap.
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'delay', ms: 50 } : undefined);
    const a = await project('a', { 'pascal-lang': '^1.0.0' });
    const b = await project('b', { 'pascal-lang': '^1.0.0' });
    const outputs = await Promise.all([installInChild(a), installInChild(b), installInChild(a)]);
    const expected = JSON.stringify(['grammar-kit', 'pascal-lang', 'std-proto', 'util']);
    expect(outputs).toEqual([expected, expected, expected]);
    const report = await verifyCache({ cacheDir });
    expect(report).toMatchObject({ tarballs: 4, corruptRemoved: 0, metadataRemoved: 0, tempRemoved: 0 });
    expect(await temps()).toEqual([]);
    expect(await tree(join(a, '.parsercraft'))).not.toContain('install.lock');
  });

  it('verifyCache removes corrupt tarballs and the temp files of dead processes, and leaves the rest', async () => {
    publishTree();
    await run(await project('a', { 'pascal-lang': '^1.0.0' }));
    const files = (await tree(join(cacheDir, 'content'))).filter((p) => p.split('/').length === 4);
    await writeFile(join(cacheDir, 'content', files[0] ?? ''), 'bit rot');
    // A temp file of a process that has exited (pid 999999 is above Linux's default pid_max)...
    await writeFile(join(cacheDir, 'content', 'sha512', '.pc-tmp-incoming-999999-0123abcd'), 'partial');
    // ...and one of this live process, which must stay.
    await writeFile(join(cacheDir, 'content', 'sha512', `.pc-tmp-incoming-${process.pid}-4567cdef`), 'in flight');
    await writeFile(join(cacheDir, 'metadata', 'broken.json'), '{"url":');
    // The language package's parser tables: a dead writer's temp file goes, a live one's and the entries stay.
    await mkdir(join(cacheDir, 'parsers'), { recursive: true });
    await writeFile(join(cacheDir, 'parsers', '.pc-tmp-999999-89abcdef'), '{"format"');
    await writeFile(join(cacheDir, 'parsers', `.pc-tmp-${process.pid}-0badcafe`), '{"format"');
    await writeFile(join(cacheDir, 'parsers', 'tables.json'), '{}');
    // A dry run finds the same and removes nothing.
    expect(await verifyCache({ cacheDir, dryRun: true })).toMatchObject({
      tarballs: 4,
      corruptRemoved: 1,
      metadataRemoved: 1,
      tempRemoved: 2,
    });
    expect(await verifyCache({ cacheDir, dryRun: true })).toMatchObject({
      corruptRemoved: 1,
      metadataRemoved: 1,
      tempRemoved: 2,
    });
    const report = await verifyCache({ cacheDir });
    expect(report).toMatchObject({ tarballs: 4, corruptRemoved: 1, metadataRemoved: 1, tempRemoved: 2 });
    expect(await tree(join(cacheDir, 'content', 'sha512'))).toContain(`.pc-tmp-incoming-${process.pid}-4567cdef`);
    expect((await readdir(join(cacheDir, 'parsers'))).sort()).toEqual([
      `.pc-tmp-${process.pid}-0badcafe`,
      'tables.json',
    ]);
    expect((await verifyCache({ cacheDir })).corruptRemoved).toBe(0);
  });
});

describe('resolve, ping, health and cancellation', () => {
  it('resolve() answers what install would do, and writes nothing', async () => {
    publishTree();
    const dir = await project('app', { 'pascal-lang': '^1.0.0' });
    const before = await resolve({ projectDir: dir, cacheDir });
    expect(before.lockfileChanged).toBe(true);
    expect(before.packages.find((p) => p.name === 'util')).toMatchObject({
      version: '1.0.5',
      integrity: sri(packageTarball('util', '1.0.5', { 'index.txt': 'util' })),
      source: 'registry',
    });
    expect(await tree(dir)).toEqual(['parsercraft.json']);
    await run(dir);
    expect((await resolve({ projectDir: dir, cacheDir })).lockfileChanged).toBe(false);
  });

  it('pingRegistries() reports each registry once, reachable or not, and records it in health', async () => {
    const dead = await RegistryServer.start();
    await dead.stop();
    const health = new HealthRegistry();
    const dir = await project('app', {}, { default: `${server.url},${dead.url}` });
    const results = await pingRegistries({ projectDir: dir, health, timeoutMs: 2_000 });
    expect(results.map((r) => [r.registry, r.ok])).toEqual([
      [server.url, true],
      [dead.url, false],
    ]);
    expect(results[1]?.error?.code).toBe('PC_NET_REFUSED');
    expect(health.get(`registry:${dead.url}`)?.snapshot().lastError?.code).toBe('PC_NET_REFUSED');
    health.dispose();
  });

  it('serving stale metadata marks the registry degraded in health', async () => {
    publishTree();
    await run(await project('warm', { util: '^1.0.0' }));
    server.fault = () => ({ kind: 'status', status: 503 });
    const health = new HealthRegistry({ changeIntervalMs: 0 });
    await run(await project('stale', { util: '^1.0.0' }), { health });
    const component = health.snapshot().components.find((c) => c.name === `registry:${server.url}`);
    expect(component?.status).toBe('degraded');
    expect(JSON.stringify(component)).toContain('serving fallback results');
    health.dispose();
  });

  it('an install cancelled midway stops, with nothing half-written and the old lockfile kept', async () => {
    publishTree();
    const dir = await project('app', { util: '^1.0.0' });
    await run(dir);
    const lockBefore = await readFile(join(dir, 'parsercraft-lock.json'), 'utf8');
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({
        dependencies: { 'pascal-lang': '^1.0.0' },
        registries: { default: server.url },
        plans: FAST_PLANS,
      }),
    );
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'delay', ms: 2_000 } : undefined);
    const controller = new AbortController();
    const running = run(dir, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    expect((await failure(running)).code).toBe('PC_CANCELLED');
    expect(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8')).toBe(lockBefore);
    expect(await installedNames(dir)).toEqual(['util']);
    expect(await temps()).toEqual([]);
  });
});
