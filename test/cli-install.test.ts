/**
 * `parsercraft install` end to end: the built CLI against a registry on loopback, in a pipe
 * (plain summary) and in a real pseudo-terminal (a progress bar), with exit codes by what
 * went wrong.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { packageTarball } from '../packages/registry-client/test/tarball.js';
import { runCli, type CliRun } from '../packages/cli/test/run-cli.js';

const CLI = fileURLToPath(new URL('../packages/cli/dist/bin/parsercraft.js', import.meta.url));
let work: string;
let registry: RegistryServer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-cli-install-'));
  registry = await RegistryServer.start();
  for (let i = 0; i < 12; i++)
    registry.publish({
      name: `lib-${i}`,
      version: '1.0.0',
      tarball: packageTarball(`lib-${i}`, '1.0.0', { 'lib.yaml': `name: lib ${i}\n` }),
    });
  registry.publish({
    name: 'lang',
    version: '1.0.0',
    dependencies: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`lib-${i}`, '^1.0.0'])),
    tarball: packageTarball('lang', '1.0.0', { 'language.yaml': 'name: L\n' }),
  });
  const honest = packageTarball('tampered', '1.0.0');
  registry.publish({
    name: 'tampered',
    version: '1.0.0',
    tarball: honest,
    integrity: `sha512-${Buffer.alloc(64).toString('base64')}`,
  });
});
afterAll(async () => {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(name: string, dependencies: Record<string, string>, url = registry.url): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'parsercraft.json'), JSON.stringify({ dependencies, registries: { default: url } }));
  return dir;
}

async function cli(dir: string, args: readonly string[], cache = 'cache'): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PARSERCRAFT_CACHE: join(work, cache) } });
}

describe('parsercraft install', () => {
  it('in a pipe: no progress bar, one summary line, packages and lockfile written; again from the lockfile', async () => {
    const dir = await project('piped', { lang: '^1.0.0' });
    const first = await cli(dir, ['install']);
    expect(first).toMatchObject({
      code: 0,
      stdout: 'installed 13 packages (0 as locked), lockfile updated\n',
      stderr: '',
    });
    expect(existsSync(join(dir, '.parsercraft', 'packages', 'lang', 'language.yaml'))).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'parsercraft-lock.json'), 'utf8'))).toHaveProperty('packages');
    const again = await cli(dir, ['install', '--frozen-lockfile']);
    expect(again).toMatchObject({ code: 0, stdout: 'installed 13 packages (13 as locked), lockfile unchanged\n' });
    const json = await cli(dir, ['install', '--json', '--offline']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      lockfileChanged: false,
      packages: expect.arrayContaining([{ name: 'lang', version: '1.0.0', source: 'lockfile' }]) as unknown[],
    });
  });

  it('a package folder edited after install: doctor names it (PC_REGISTRY_TREE_MISMATCH), install restores it', async () => {
    const dir = await project('edited', { lang: '^1.0.0' });
    expect((await cli(dir, ['install'])).code).toBe(0);
    const file = join(dir, '.parsercraft', 'packages', 'lib-3', 'lib.yaml');
    await writeFile(file, 'name: hacked\n');
    const doctorRow = async (): Promise<{ status: string; code?: string; detail: string } | undefined> => {
      const { stdout } = await cli(dir, ['doctor', '--json']);
      const report = JSON.parse(stdout) as {
        checks: { name: string; status: string; code?: string; detail: string }[];
      };
      return report.checks.find((c) => c.name === 'installed packages');
    };
    expect(await doctorRow()).toMatchObject({ status: 'warning', code: 'PC_REGISTRY_TREE_MISMATCH' });
    expect((await doctorRow())?.detail).toContain('lib-3@1.0.0 was changed');
    const again = await cli(dir, ['install', '--frozen-lockfile', '--offline']);
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('name: lib 3\n');
    expect(await doctorRow()).toMatchObject({ status: 'ok' });
  });

  it('on a terminal: a progress bar redrawn in place on stderr, then the summary', async () => {
    const dir = await project('tty', { lang: '^1.0.0' });
    // util-linux `script` gives the command a real pseudo-terminal; its output is what the terminal got.
    const command = `cd '${dir}' && PARSERCRAFT_CACHE='${join(work, 'cache-tty')}' CI= '${process.execPath}' '${CLI}' install`;
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { timeout: 60_000 });
    // The bar redraws its line: carriage return, then ESC [2K (erase the line).
    expect(stdout).toContain('\r\u001b[2K');
    expect(stdout).toMatch(/\[#*-*\] \d+\/13 (fetching|installing) lib-\d+@1\.0\.0/);
    expect(stdout).toContain('installed 13 packages (0 as locked), lockfile updated');
  });

  it('exit codes by what went wrong: lockfile outdated 1, project invalid 2, registry down 3, integrity 4, not found 5', async () => {
    const frozen = await project('frozen', { 'lib-1': '^1.0.0' });
    expect((await cli(frozen, ['install', '--frozen-lockfile'])).code).toBe(1);
    const invalid = join(work, 'invalid');
    await mkdir(invalid, { recursive: true });
    await writeFile(join(invalid, 'parsercraft.json'), '{ "dependencies": 7 }');
    const bad = await cli(invalid, ['install']);
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error PC_REGISTRY_PROJECT_INVALID /) as string,
    });
    const dead = await RegistryServer.start();
    const url = dead.url;
    await dead.stop();
    const down = await cli(await project('down', { 'lib-2': '^1.0.0' }, url), ['install'], 'cache-down');
    // Retry delays are jittered: one of a second or more is announced on a line before the error.
    expect(down).toMatchObject({ code: 3, stderr: expect.stringMatching(/^error PC_NET_REFUSED /m) as string });
    const tampered = await cli(await project('tampered', { tampered: '^1.0.0' }), ['install'], 'cache-tampered');
    expect(tampered).toMatchObject({
      code: 4,
      stderr: expect.stringMatching(/^error PC_REGISTRY_INTEGRITY /) as string,
    });
    expect(existsSync(join(work, 'tampered', '.parsercraft', 'packages', 'tampered'))).toBe(false);
    const missing = await cli(await project('missing', { 'no-such-package': '^1.0.0' }), ['install']);
    expect(missing.code).toBe(5);
    const usage = await cli(frozen, ['install', '--offline', '--prefer-online']);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error PC_CLI_USAGE /) as string });
  });
});
