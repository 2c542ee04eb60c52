/**
 * Planted secrets never come out: a registry URL with `user:password@` and a .npmrc token,
 * through the built CLI (install on success and with the registry down, --json, --verbose,
 * --debug, the --registry flag; doctor and doctor --json), grepping everything it printed
 * and every file it wrote in the project and the cache.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { packageTarball } from '../packages/registry-client/test/tarball.js';

const CLI = fileURLToPath(new URL('../packages/cli/dist/bin/parsercraft.js', import.meta.url));
const PASSWORD = 'pw-Zq81kX3v';
const USER = 'leaky-user';
const TOKEN = 'npmrc-tok-7Hk2mQ9w';
/** Every form a secret could leak in: as planted, percent-encoded, and as the Basic header carries it. */
const SECRETS = [PASSWORD, USER, TOKEN, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')];
const PLANS = {
  'registry.packument': { timeoutMs: 5_000, retry: { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' } },
  'registry.tarball': { timeoutMs: 5_000, retry: { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' } },
};

let work: string;
let home: string;
let open: RegistryServer;
let scoped: RegistryServer;
let deadUrl: string;

const withUser = (url: string): string => url.replace('://', `://${USER}:${PASSWORD}@`);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-secret-leak-'));
  home = join(work, 'home');
  await mkdir(home, { recursive: true });
  [open, scoped] = await Promise.all([RegistryServer.start(), RegistryServer.start()]);
  open.publish({ name: 'lib', version: '1.0.0', tarball: packageTarball('lib', '1.0.0', { 'a.yaml': 'a: 1\n' }) });
  scoped.publish({ name: '@acme/kit', version: '2.0.0', tarball: packageTarball('@acme/kit', '2.0.0') });
  const dead = await RegistryServer.start();
  deadUrl = dead.url;
  await dead.stop();
});
afterAll(async () => {
  await Promise.all([open.stop(), scoped.stop()]);
  await rm(work, { recursive: true, force: true });
});

async function project(name: string, registries: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'parsercraft.json'),
    JSON.stringify({ dependencies: { lib: '^1.0.0', '@acme/kit': '^2.0.0' }, registries, plans: PLANS }),
  );
  await writeFile(join(dir, '.npmrc'), `${scoped.url.replace('http:', '')}/:_authToken=${TOKEN}\n`);
  return dir;
}

interface Run {
  readonly args: readonly string[];
  readonly code: number;
  readonly output: string;
}

async function cli(dir: string, args: readonly string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PARSERCRAFT_CACHE: join(work, 'cache'), HOME: home };
  delete env['FORCE_COLOR'];
  delete env['PARSERCRAFT_REGISTRY'];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: dir,
      env,
      timeout: 60_000,
    });
    return { args, code: 0, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { args, code: e.code, output: `${e.stdout ?? ''}\n${e.stderr ?? ''}` };
  }
}

/** Every file under `root` but the two the test planted the secrets in. */
async function writtenFiles(root: string): Promise<{ path: string; text: string }[]> {
  const planted = new Set(['parsercraft.json', '.npmrc']);
  const out: { path: string; text: string }[] = [];
  for (const name of await readdir(root, { recursive: true })) {
    if (planted.has(name)) continue;
    const text = await readFile(join(root, name), 'latin1').catch(() => undefined);
    if (text !== undefined) out.push({ path: join(root, name), text });
  }
  return out;
}

function expectNoSecret(what: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${what} shows ${secret}:\n${text}`).toBe(false);
}

describe('secrets planted in registry URLs and .npmrc', () => {
  it('appear in no output of install or doctor, and in no file they write', async () => {
    const ok = await project('ok', { default: withUser(open.url), '@acme': scoped.url });
    const down = await project('down', { default: withUser(deadUrl), '@acme': scoped.url });
    const runs: Run[] = [];
    runs.push(await cli(ok, ['install']));
    expect(runs.at(-1)?.code, runs.at(-1)?.output).toBe(0);
    // The credentials did go where they belong, each only there.
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    for (const r of open.requests) expect(r.headers.authorization).toBe(basic);
    for (const r of scoped.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    runs.push(await cli(ok, ['--verbose', '--debug', 'install', '--json', '--prefer-online']));
    runs.push(await cli(ok, ['doctor']), await cli(ok, ['doctor', '--json']));
    for (const args of [
      ['install'],
      ['install', '--json'],
      ['--verbose', 'install'],
      ['--debug', 'install'],
      ['--verbose', 'install', '--registry', withUser(deadUrl)],
      ['--debug', 'install', '--json', '--registry', withUser(deadUrl)],
      ['--verbose', 'install', '--registry', withUser('file:///etc')],
      ['doctor'],
      ['doctor', '--json'],
    ])
      runs.push(await cli(down, args));
    for (const run of runs) expectNoSecret(`parsercraft ${run.args.join(' ')}`, run.output);
    // The failures said what failed: the registry, without its credentials.
    const failed = runs.find((r) => r.args.join(' ') === '--verbose install' && r.code !== 0);
    expect(failed?.output).toContain('PC_NET_REFUSED');
    expect(failed?.output).toContain(deadUrl.replace('http://', ''));
    const fileRegistry = runs.find((r) => r.args.some((a) => a.startsWith('file:')));
    expect(fileRegistry?.output).toContain('PC_REGISTRY_PROJECT_INVALID');
    const doctorJson = runs.find((r) => r.args.join(' ') === 'doctor --json');
    expect(doctorJson?.output).toContain(`"registry ${open.url}"`);
    expect(doctorJson?.output).toContain('credentials in the URL');

    const files = [
      ...(await writtenFiles(ok)),
      ...(await writtenFiles(down)),
      ...(await writtenFiles(join(work, 'cache'))),
    ];
    expect(files.some((f) => f.path.endsWith('parsercraft-lock.json'))).toBe(true);
    expect(files.some((f) => f.path.includes(join('cache', 'metadata')))).toBe(true);
    for (const f of files) expectNoSecret(f.path, f.text);
  });
});
