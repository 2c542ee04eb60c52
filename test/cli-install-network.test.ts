/**
 * `parsercraft install` against a slow registry on loopback, as a real CLI process: what it
 * prints while it waits (lines in a pipe, the bar on a terminal), --timeout and --retries,
 * and their usage errors.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { packageTarball } from '../packages/registry-client/test/tarball.js';
import { runCli, type CliRun } from '../packages/cli/test/run-cli.js';

const CLI = fileURLToPath(new URL('../packages/cli/dist/bin/parsercraft.js', import.meta.url));
let work: string;
let registry: RegistryServer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-cli-network-'));
  registry = await RegistryServer.start();
  registry.publish({ name: 'util', version: '1.0.5', tarball: packageTarball('util', '1.0.5') });
});
beforeEach(() => {
  registry.fault = () => undefined;
});
afterAll(async () => {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});

async function project(name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'parsercraft.json'),
    JSON.stringify({ dependencies: { util: '^1.0.0' }, registries: { default: registry.url } }),
  );
  return dir;
}

/** Delays the next packument request by `ms` (the registry's request counts span every test). */
function firstPackumentLate(ms: number): void {
  let late = true;
  registry.fault = (r) => {
    if (r.what !== 'packument' || !late) return undefined;
    late = false;
    return { kind: 'delay', ms };
  };
}

async function cli(dir: string, args: readonly string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { PARSERCRAFT_CACHE: join(dir, 'cache') } });
}

describe('parsercraft install, slow registry', () => {
  it('in a pipe: a line at least every 5 s while it waits, naming the URL, package and attempt', async () => {
    const dir = await project('slow');
    firstPackumentLate(6_500);
    const started = performance.now();
    const run = await cli(dir, ['install', '--timeout', '20s']);
    expect(performance.now() - started).toBeGreaterThan(6_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(`^waiting for ${registry.url}/util \\(util, attempt 1 of 4, [45] s\\)$`, 'm'),
    );
    expect(run.stdout).toContain('installed 1 package');
  });

  it('--timeout and --retries: a Retry-After pause is a line, and the timeout names the URL and package', async () => {
    const dir = await project('timeout');
    let first = true;
    registry.fault = () => {
      if (!first) return { kind: 'delay', ms: 3_000 };
      first = false;
      return { kind: 'status', status: 429, headers: { 'retry-after': '1' } };
    };
    const before = registry.requests.length;
    const run = await cli(dir, ['install', '--timeout', '500ms', '--retries', '1']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(
        `^retrying ${registry.url}/util \\(util\\): attempt 1 of 2 failed with PC_HTTP_RATE_LIMITED; attempt 2 in 1\\.0 s, as the registry's Retry-After asks$`,
        'm',
      ),
    );
    expect(run.stderr).toMatch(
      new RegExp(`^error PC_(NET_HEADERS_)?TIMEOUT .*\\(GET ${registry.url}/util, package util\\)`, 'm'),
    );
    // Exactly two attempts: --retries is exact.
    expect(registry.requests.slice(before).filter((r) => r.path === '/util')).toHaveLength(2);
  });

  it('on a terminal: the progress bar shows what it waits for', async () => {
    const dir = await project('tty');
    firstPackumentLate(2_500);
    // util-linux `script` gives the command a real pseudo-terminal; its output is what the terminal got.
    const command = `cd '${dir}' && PARSERCRAFT_CACHE='${join(dir, 'cache')}' CI= '${process.execPath}' '${CLI}' install`;
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], { timeout: 60_000 });
    expect(stdout).toMatch(
      new RegExp(`\\r\\u001b\\[2K.*waiting for ${registry.url}/util \\(util, attempt 1 of 4, [12] s\\)`),
    );
    expect(stdout).toContain('installed 1 package');
  });

  it('bad --timeout and --retries values are PC_CLI_USAGE, exit 2; --help documents both', async () => {
    const dir = await project('usage');
    for (const args of [
      ['--timeout', 'soon'],
      ['--timeout', '0s'],
      ['--timeout', '30d'],
      ['--retries', 'two'],
      ['--retries', '20'],
      ['--retries', '1.5'],
    ]) {
      const run = await cli(dir, ['install', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^error PC_CLI_USAGE ${args[0]} needs `));
    }
    const help = await cli(dir, ['install', '--help']);
    expect(help.stdout).toMatch(/--timeout <duration>/);
    expect(help.stdout).toMatch(/--retries <n>/);
  });
});
