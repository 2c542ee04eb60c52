/**
 * Slow and dead registries, seen from the install: what it reports while it waits, what a
 * timeout names, how many attempts a call gets, and breakers that several processes share
 * through the cache folder, down and back up, against real registries on loopback.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PcErrorJSON } from '@parsercraft/core';
import { install, readBreakerStates, type InstallOptions, type InstallProgress } from '@parsercraft/registry-client';
import { RegistryServer } from './registry-server.js';
import { packageTarball } from './tarball.js';
import { failure, runScript } from './harness.js';

const FAST_RETRY = { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' };

let server: RegistryServer;
let work: string;
let cacheDir: string;

beforeEach(async () => {
  server = await RegistryServer.start();
  work = await mkdtemp(join(tmpdir(), 'pc-network-'));
  cacheDir = join(work, 'cache');
  server.publish({ name: 'util', version: '1.0.5', tarball: packageTarball('util', '1.0.5', { 'index.txt': 'util' }) });
});

afterEach(async () => {
  await server.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(name: string, plans: object, url = server.url): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'parsercraft.json'),
    JSON.stringify({ dependencies: { util: '^1.0.0' }, registries: { default: url }, plans }),
  );
  return dir;
}

async function run(dir: string, extra: Partial<InstallOptions> = {}): Promise<InstallProgress[]> {
  const events: InstallProgress[] = [];
  await install({ projectDir: dir, cacheDir, onProgress: (e) => events.push(e), ...extra });
  return events;
}

const fetchEvents = (events: readonly InstallProgress[]): string[] =>
  events.flatMap((e) => {
    switch (e.phase) {
      case 'request':
        return [`${e.what} ${e.package} attempt ${e.attempt} of ${e.attempts}`];
      case 'retry':
        return [`${e.what} ${e.package} retry after ${e.attempt} (${e.code}${e.retryAfterMs ? ', Retry-After' : ''})`];
      case 'pause':
        return [`pause ${e.origin} ${e.ms} ms`];
      case 'request-done':
        return [`${e.what} ${e.package} done ${e.ok ? 'ok' : 'failed'}`];
      case 'resolved':
      case 'fetched':
      case 'installed':
      case 'warning':
      case 'waiting':
        return [];
    }
  });

describe('what an install reports while it waits', () => {
  it('each attempt (n of m), each retry with its code, each Retry-After pause, and the end of each request', async () => {
    server.fault = (r) => {
      if (r.what === 'packument' && r.previous === 0) return { kind: 'delay', ms: 2_000 };
      if (r.what === 'tarball' && r.previous === 0)
        return { kind: 'status', status: 429, headers: { 'retry-after': '1' } };
      return undefined;
    };
    const plans = {
      'registry.packument': { timeoutMs: 300, retry: FAST_RETRY },
      'registry.tarball': { retry: FAST_RETRY },
    };
    const events = await run(await project('app', plans));
    expect(fetchEvents(events)).toEqual([
      'packument util attempt 1 of 4',
      'packument util retry after 1 (PC_TIMEOUT)',
      // A timed-out request is no answer: the origin has not answered yet.
      'packument util attempt 2 of 4',
      'packument util done ok',
      // The origin has answered now: the tarball gets the plan's extra attempts.
      'tarball util@1.0.5 attempt 1 of 8',
      `pause ${server.url} 1000 ms`,
      'tarball util@1.0.5 retry after 1 (PC_HTTP_RATE_LIMITED, Retry-After)',
      'tarball util@1.0.5 attempt 2 of 8',
      'tarball util@1.0.5 done ok',
    ]);
    const retry = events.find((e) => e.phase === 'retry' && e.what === 'tarball');
    expect(retry).toMatchObject({ url: server.tarballUrl('util', '1.0.5'), retryAfterMs: 1000 });
    expect((retry as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(1000);
  });
});

describe('timeouts name the URL and the package', () => {
  it("the plan's PC_TIMEOUT", async () => {
    server.fault = () => ({ kind: 'delay', ms: 3_000 });
    const plans = { 'registry.packument': { timeoutMs: 200, retry: { ...FAST_RETRY, maxAttempts: 2 } } };
    const error = await failure(run(await project('app', plans)));
    expect(error.code).toBe('PC_TIMEOUT');
    expect(error.message).toBe(
      `registry.packument did not finish within 200 ms (GET ${server.url}/util, package util)`,
    );
    expect(error.context).toMatchObject({ url: `${server.url}/util`, package: 'util', timeoutMs: 200 });
  });

  it("undici's PC_NET_HEADERS_TIMEOUT and PC_NET_BODY_TIMEOUT", async () => {
    // undici checks its timeouts on a ~500 ms tick: the faults outlast a sure timeout.
    server.fault = () => ({ kind: 'delay', ms: 4_000 });
    const plans = { 'registry.packument': { retry: { ...FAST_RETRY, maxAttempts: 1 } } };
    const headers = await failure(run(await project('late', plans), { http: { headersTimeoutMs: 150 } }));
    expect(headers.code).toBe('PC_NET_HEADERS_TIMEOUT');
    expect(headers.message).toContain(`(GET ${server.url}/util, package util)`);
    expect(headers.context).toMatchObject({ url: `${server.url}/util`, package: 'util' });

    server.fault = (r) => (r.what === 'tarball' ? { kind: 'stall', ms: 4_000 } : undefined);
    const tarballPlans = { 'registry.tarball': { retry: { ...FAST_RETRY, maxAttempts: 1 } } };
    const body = await failure(run(await project('stalled', tarballPlans), { http: { bodyTimeoutMs: 150 } }));
    expect(body.code).toBe('PC_NET_BODY_TIMEOUT');
    const url = server.tarballUrl('util', '1.0.5');
    expect(body.message).toContain(`(GET ${url}, package util@1.0.5)`);
    expect(body.context).toMatchObject({ url, package: 'util@1.0.5' });
  });
});

describe('attempts per request', () => {
  const tarballRequests = (): number => server.requests.filter((r) => r.path.startsWith('/-/')).length;

  it('an origin that answered gets the extra attempts; one that never answered gets the plain ones', async () => {
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'reset' } : undefined);
    const plans = { 'registry.packument': { retry: FAST_RETRY }, 'registry.tarball': { retry: FAST_RETRY } };
    expect((await failure(run(await project('app', plans)))).code).toBe('PC_NET_SOCKET');
    expect(tarballRequests()).toBe(8);
    server.fault = () => ({ kind: 'reset' });
    const before = server.requests.length;
    await failure(run(await project('dead', plans), { cacheDir: join(work, 'cache-dead') }));
    expect(server.requests.length - before).toBe(4);
  });

  it('requestTimeoutMs and retries override the registry plans; retries are exact', async () => {
    server.fault = (r) => (r.what === 'tarball' ? { kind: 'reset' } : undefined);
    const plans = { 'registry.packument': { retry: FAST_RETRY }, 'registry.tarball': { retry: FAST_RETRY } };
    await failure(run(await project('app', plans), { retries: 1 }));
    expect(tarballRequests()).toBe(2);
    server.fault = () => ({ kind: 'delay', ms: 3_000 });
    const error = await failure(
      run(await project('slow', plans), { requestTimeoutMs: 250, retries: 0, cacheDir: join(work, 'cache-slow') }),
    );
    expect(error.code === 'PC_TIMEOUT' || error.code === 'PC_NET_HEADERS_TIMEOUT').toBe(true);
    expect(error.message).toContain(`package util`);
  });
});

describe('breakers shared by processes through the cache folder', () => {
  // Long enough that a second Node process (about a second to start here) is surely inside it.
  const COOL_DOWN_MS = 4_000;
  const CHILD = [
    "import { install } from '@parsercraft/registry-client';",
    'const [projectDir, cacheDir, cacheMode] = process.argv.slice(-3);',
    'try {',
    '  await install({ projectDir, cacheDir, cacheMode });',
    '  console.log(JSON.stringify({ ok: true }));',
    '} catch (error) {',
    '  console.log(JSON.stringify({ ok: false, error: error.toJSON() }));',
    '}',
  ].join('\n');

  /** One install in its own Node process, like one command of a CI job. */
  function installInChild(
    projectDir: string,
    cacheMode: 'default' | 'prefer-online' = 'default',
  ): Promise<{ ok: boolean; error?: PcErrorJSON }> {
    return runScript(CHILD, [projectDir, cacheDir, cacheMode]).then(
      (out) => JSON.parse(out) as { ok: boolean; error?: PcErrorJSON },
    );
  }

  interface SavedEntry {
    operation: string;
    key: string;
    opening?: { code: string; message: string; at: string };
  }
  const saved = async (): Promise<SavedEntry | undefined> =>
    (JSON.parse(await readFile(join(cacheDir, 'breakers.json'), 'utf8')) as SavedEntry[]).find(
      (e) => e.operation === 'registry.packument',
    );

  /** Waits, bounded, until the saved breaker's cool-down has passed. */
  async function coolDown(until: string): Promise<void> {
    const wait = Date.parse(until) - Date.now() + 50;
    expect(wait).toBeLessThan(COOL_DOWN_MS + 1_000);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  it('down: the next process refuses with who, since when and why; back after the cool-down: one probe closes it', async () => {
    const port = Number(new URL(server.url).port);
    const origin = server.url;
    const plans = {
      'registry.packument': {
        retry: false,
        breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: COOL_DOWN_MS },
      },
    };
    const dir = await project('app', plans, origin);
    await server.stop();

    // First process: the registry is down; its breaker opens and is saved with why and when.
    const first = await installInChild(dir);
    expect(first.error?.code).toBe('PC_NET_REFUSED');
    const opened = await saved();
    expect(opened).toMatchObject({ key: origin, opening: { code: 'PC_NET_REFUSED' } });
    expect(opened?.opening?.message).toContain('ECONNREFUSED');

    // The registry is back, but within the cool-down the second process does not ask it.
    server = await RegistryServer.start(port);
    server.publish({ name: 'util', version: '1.0.5', tarball: packageTarball('util', '1.0.5') });
    const second = await installInChild(dir);
    expect(second.error?.code).toBe('PC_CIRCUIT_OPEN');
    expect(second.error?.message).toMatch(
      new RegExp(`^Registry ${origin} is failing since ${opened?.opening?.at}: PC_NET_REFUSED: .*ECONNREFUSED`),
    );
    expect(second.error?.context).toMatchObject({
      registry: origin,
      package: 'util',
      lastFailure: 'PC_NET_REFUSED',
      openedAt: opened?.opening?.at,
    });
    expect(server.requests).toHaveLength(0);

    // Past the cool-down the next process's first request is the probe, and it closes the breaker.
    await coolDown(second.error?.context['probeAt'] as string);
    expect(await installInChild(dir)).toEqual({ ok: true });
    expect(server.packumentRequests()).toBe(1);
    expect((await saved())?.opening).toBeUndefined();

    // Down again: a failed probe re-opens it with a fresh failure and time. (A new project
    // and prefer-online: the first has its lockfile now, and the cache a packument to serve stale.)
    await server.stop();
    const other = await project('other', plans, origin);
    expect((await installInChild(other, 'prefer-online')).error?.code).toBe('PC_NET_REFUSED');
    const reopened = await saved();
    await coolDown(new Date(Date.parse(reopened!.opening!.at) + COOL_DOWN_MS).toISOString());
    const probe = await installInChild(other, 'prefer-online');
    expect(probe.error?.code).toBe('PC_NET_REFUSED');
    const fresh = await saved();
    expect(Date.parse(fresh!.opening!.at)).toBeGreaterThan(Date.parse(reopened!.opening!.at));
    server = await RegistryServer.start();
  });

  it("doctor's view shows why a saved breaker is open; a malformed reason is dropped, the state kept", async () => {
    const plans = { 'registry.packument': { retry: false, breaker: { kind: 'consecutive', threshold: 1 } } };
    const dir = await project('app', plans);
    await server.stop();
    await failure(run(dir));
    server = await RegistryServer.start();
    const [state] = (await readBreakerStates(cacheDir)).filter((b) => b.operation === 'registry.packument');
    expect(state).toMatchObject({ state: 'open', opening: { code: 'PC_NET_REFUSED' } });

    const file = join(cacheDir, 'breakers.json');
    const entries = JSON.parse(await readFile(file, 'utf8')) as { opening?: unknown }[];
    for (const [i, opening] of [
      { code: 'rm -rf /', message: 'x', at: new Date().toISOString() },
      { code: 'PC_NET_REFUSED', message: 7, at: 'yesterday' },
      'broken',
    ].entries()) {
      entries[0]!.opening = opening;
      await writeFile(file, JSON.stringify(entries));
      const [restored] = await readBreakerStates(cacheDir);
      expect(restored?.state, String(i)).toBe('open');
      expect(restored?.opening, String(i)).toBeUndefined();
    }
    entries[0]!.opening = { code: 'PC_NET_REFUSED', message: 'y'.repeat(5_000), at: new Date().toISOString() };
    await writeFile(file, JSON.stringify(entries));
    expect((await readBreakerStates(cacheDir))[0]?.opening?.message).toHaveLength(1_000);
  });
});
