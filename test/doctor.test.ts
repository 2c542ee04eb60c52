/**
 * `parsercraft doctor` end to end: the built CLI against a real Verdaccio on loopback, a
 * closed port, a registry answering 503, and a damaged cache and stale lock (then --fix).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install } from '@parsercraft/registry-client';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { Verdaccio } from '../packages/registry-client/test/verdaccio.js';

const CLI = fileURLToPath(new URL('../packages/cli/dist/bin/parsercraft.js', import.meta.url));

interface DoctorJson {
  status: 'healthy' | 'degraded' | 'unhealthy';
  checks: {
    name: string;
    status: string;
    detail: string;
    durationMs: number;
    code?: string;
    runbook?: string;
    fix?: string;
    fixed?: string;
  }[];
}

let work: string;
let verdaccio: Verdaccio;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-doctor-'));
  verdaccio = await Verdaccio.start(join(work, 'registry'));
  const pkg = join(work, 'src', 'lang-a');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'lang-a', version: '1.0.0' }));
  await writeFile(join(pkg, 'language.yaml'), 'name: A\n');
  verdaccio.publish(pkg);
}, 120_000);

afterAll(async () => {
  await verdaccio?.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(name: string, registry: string, dependencies: Record<string, string> = {}): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'parsercraft.json'), JSON.stringify({ dependencies, registries: { default: registry } }));
  return dir;
}

/** The built CLI, as a user runs it, with its own cache folder. */
async function doctor(
  dir: string,
  cache: string,
  ...args: string[]
): Promise<{ code: number; report: DoctorJson; ms: number }> {
  const started = performance.now();
  const env = { ...process.env, PARSERCRAFT_CACHE: join(work, cache), PARSERCRAFT_REGISTRY: verdaccio.url };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'doctor', '--json', ...args], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    return { code: 0, report: JSON.parse(stdout) as DoctorJson, ms: performance.now() - started };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, report: JSON.parse(e.stdout ?? '') as DoctorJson, ms: performance.now() - started };
  }
}

const row = (r: DoctorJson, prefix: string): DoctorJson['checks'][number] | undefined =>
  r.checks.find((c) => c.name.startsWith(prefix));
const named = (r: DoctorJson, name: string): DoctorJson['checks'][number] | undefined =>
  r.checks.find((c) => c.name === name);

describe('parsercraft doctor', () => {
  it('healthy against a real Verdaccio: every check ok, exit 0', async () => {
    const dir = await project('healthy', verdaccio.url);
    const { code, report } = await doctor(dir, 'cache-healthy');
    expect(report.status).toBe('healthy');
    expect(code).toBe(0);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['node', 'ok'],
      ['project', 'ok'],
      ['installed packages', 'ok'],
      ['language Pascal-Like Language', 'ok'],
      ['language server', 'ok'],
      [`registry ${verdaccio.url}`, 'ok'],
      ['breakers', 'ok'],
      ['install lock', 'ok'],
      ['cache', 'ok'],
      ['disk space', 'ok'],
    ]);
    expect(row(report, 'language server')?.detail).toMatch(
      /^started, diagnosed a sample and exited cleanly in \d+ ms$/,
    );
    expect(row(report, 'registry')?.detail).toMatch(
      /^reachable in \d+ ms \(HTTP \d+\); no DNS lookup \(an IP address\), connect \d+ ms, no token$/,
    );
  });

  it('says when .npmrc has a token for a registry, and never shows the token', async () => {
    const dir = await project('with-token', verdaccio.url);
    await writeFile(join(dir, '.npmrc'), `${verdaccio.url.replace('http:', '')}/:_authToken=s3cret-doctor-token\n`);
    const { report } = await doctor(dir, 'cache-token');
    expect(row(report, 'registry')?.detail).toMatch(/, a token from \.npmrc$/);
    expect(JSON.stringify(report)).not.toContain('s3cret-doctor-token');
  });

  it('with no project at all it runs on the bundled language and the default registry', async () => {
    const dir = join(work, 'empty');
    await mkdir(dir, { recursive: true });
    const { code, report } = await doctor(dir, 'cache-empty');
    expect(code).toBe(0);
    expect(row(report, 'project')?.detail).toMatch(/^no parsercraft\.json here/);
    expect(row(report, 'registry ')?.name).toBe(`registry ${verdaccio.url}`);
  });

  it('a parsercraft.json that is not JSON: the project row fails with its code, exit 2', async () => {
    const dir = join(work, 'broken');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'parsercraft.json'), '{ "dependencies": ');
    const { code, report } = await doctor(dir, 'cache-broken');
    expect(code).toBe(2);
    expect(row(report, 'project')).toMatchObject({
      status: 'error',
      code: 'PC_REGISTRY_PROJECT_INVALID',
      runbook: expect.stringMatching(/^file:.*\/packages\/cli\/RUNBOOK\.md#pc_registry_project_invalid$/) as string,
    });
  });

  it('a closed port: the registry fails with its code and runbook, unhealthy, exit 2', async () => {
    const dead = await RegistryServer.start();
    const url = dead.url;
    await dead.stop();
    const { code, report } = await doctor(await project('closed', url), 'cache-closed');
    expect(code).toBe(2);
    expect(report.status).toBe('unhealthy');
    expect(row(report, 'registry')).toMatchObject({
      status: 'error',
      code: 'PC_NET_REFUSED',
      runbook: expect.stringMatching(/^file:.*\/packages\/cli\/RUNBOOK\.md#pc_net_refused$/) as string,
    });
    expect(row(report, 'registry')?.detail).toMatch(
      /; no DNS lookup \(an IP address\), connect failed: ECONNREFUSED, no token$/,
    );
  });

  it('a registry that accepts connections and never answers, beside a closed mirror: each its own row within the budget', async () => {
    const sockets: Socket[] = [];
    const hole = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const holeUrl = `http://127.0.0.1:${(hole.address() as AddressInfo).port}`;
    const dead = await RegistryServer.start();
    const deadUrl = dead.url;
    await dead.stop();
    try {
      const { code, report } = await doctor(
        await project('black-hole', `${deadUrl}|${holeUrl}`),
        'cache-hole',
        '--timeout',
        '3000',
      );
      expect(code).toBe(2);
      // Not one 'registries' row timed out as a whole: each host says what happened to it.
      expect(row(report, 'registries')).toBeUndefined();
      expect(named(report, `registry ${deadUrl}`)).toMatchObject({ status: 'error', code: 'PC_NET_REFUSED' });
      // Undici's headers timeout and the ping's own deadline race (undici's timers are coarse): either says it.
      expect(named(report, `registry ${holeUrl}`)).toMatchObject({
        status: 'error',
        code: expect.stringMatching(/^PC_(NET_HEADERS_)?TIMEOUT$/) as string,
      });
      expect(named(report, `registry ${holeUrl}`)?.detail).toMatch(/, connect \d+ ms, no token$/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hole.close(resolve));
    }
  });

  it('a registry answering 503: classified, exit 2, and the rest still checked', async () => {
    const failing = await RegistryServer.start();
    failing.fault = () => ({ kind: 'status', status: 503 });
    try {
      const { code, report } = await doctor(await project('unavailable', failing.url), 'cache-503');
      expect(code).toBe(2);
      expect(row(report, 'registry')).toMatchObject({
        status: 'error',
        code: expect.stringMatching(/^PC_HTTP_/) as string,
      });
      expect(row(report, 'language server')?.status).toBe('ok');
    } finally {
      await failing.stop();
    }
  });

  it('breakers an install tripped on a dead registry are a warning; --fix resets them', async () => {
    const dead = await RegistryServer.start();
    const url = dead.url;
    await dead.stop();
    const dir = await project('tripped', url, { 'lang-a': '^1.0.0' });
    const cache = join(work, 'cache-tripped');
    // Real installs against the dead registry trip its breaker and save the state in the cache folder.
    for (let i = 0; i < 3; i++) await install({ projectDir: dir, cacheDir: cache }).catch(() => undefined);
    const tripped = await doctor(dir, 'cache-tripped');
    expect(row(tripped.report, 'breakers')).toMatchObject({
      status: 'warning',
      code: 'PC_CIRCUIT_OPEN',
      detail: expect.stringMatching(
        new RegExp(`^tripped: registry\\.packument ${url.replace(/[.:/]/g, '\\$&')}\\S* open`),
      ) as string,
    });
    const fixed = await doctor(dir, 'cache-tripped', '--fix');
    expect(row(fixed.report, 'breakers')).toMatchObject({
      status: 'ok',
      fixed: expect.stringMatching(/^reset registry\.packument /) as string,
    });
    expect(row((await doctor(dir, 'cache-tripped')).report, 'breakers')).toMatchObject({
      status: 'ok',
      detail: 'none saved',
    });
  });

  it('a corrupt cache entry and a stale lock are warnings (exit 1); --fix repairs both and says so (exit 0)', async () => {
    const dir = await project('damaged', verdaccio.url, { 'lang-a': '^1.0.0' });
    const cache = join(work, 'cache-damaged');
    await install({ projectDir: dir, cacheDir: cache });
    const content = join(cache, 'content', 'sha512');
    const [first] = await readdir(content, { recursive: true, withFileTypes: true }).then((es) =>
      es.filter((e) => e.isFile()),
    );
    await writeFile(join(first?.parentPath ?? '', first?.name ?? ''), 'bit rot');
    // pid 999999 is above Linux's default pid_max: a lock whose owner cannot be running.
    await writeFile(join(dir, '.parsercraft', 'install.lock'), '999999\n');
    const damaged = await doctor(dir, 'cache-damaged');
    expect(damaged.code).toBe(1);
    expect(damaged.report.status).toBe('degraded');
    expect(row(damaged.report, 'cache')).toMatchObject({
      status: 'warning',
      code: 'PC_REGISTRY_INTEGRITY',
      fix: 'parsercraft doctor --fix',
      detail: expect.stringContaining('found 1 corrupt tarball(s)') as string,
    });
    expect(row(damaged.report, 'install lock')).toMatchObject({
      status: 'warning',
      code: 'PC_CLI_STALE_INSTALL_LOCK',
      runbook: expect.stringMatching(/^file:.*\/packages\/cli\/RUNBOOK\.md#pc_cli_stale_install_lock$/) as string,
    });
    const fixed = await doctor(dir, 'cache-damaged', '--fix');
    expect(fixed.code).toBe(0);
    expect(row(fixed.report, 'cache')).toMatchObject({ status: 'ok', fixed: 'removed 1 corrupt tarball(s)' });
    expect(row(fixed.report, 'install lock')).toMatchObject({
      status: 'ok',
      fixed: 'removed a stale lock of pid 999999: pid 999999 no longer runs',
    });
    expect((await doctor(dir, 'cache-damaged')).code).toBe(0);
    // A killed download's temp file alone is a leftover, not an integrity problem.
    await writeFile(join(content, '.pc-tmp-incoming-999999-deadbeef'), 'partial');
    expect(row((await doctor(dir, 'cache-damaged')).report, 'cache')).toMatchObject({
      status: 'warning',
      code: 'PC_CLI_CACHE_LEFTOVERS',
      detail: expect.stringContaining('found 1 orphaned temp file(s)') as string,
    });
  });
});
