/**
 * Set-up as the README gives it, on a fresh clone of what is committed: ONE `npm install`,
 * then the installed bins work, `npx parsercraft` included. npm takes packages from its
 * cache (`--prefer-offline`: this repository's own install filled it); the doctor is
 * pointed at a registry on 127.0.0.1, so nothing leaves the machine.
 */
import { execFile } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

let work: string;
let clone: string;
let install: { stdout: string; stderr: string };
let registry: Server;
let registryUrl: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-clone-'));
  clone = join(work, 'repo');
  // npm's own variables, which `npm test` sets, would steer the nested npm.
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  registry = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  await run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { timeout: 60_000 });
  install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: clone,
    env,
    timeout: 300_000,
    maxBuffer: 64 * 2 ** 20,
  });
}, 420_000);

afterAll(async () => {
  registry?.close();
  await rm(work, { recursive: true, force: true });
});

describe('a fresh clone after one npm install', () => {
  it('links both bins to the committed shims', () => {
    for (const [bin, target] of [
      ['parsercraft', '../@parsercraft/cli/bin/parsercraft.js'],
      ['parsercraft-lsp', '../@parsercraft/lsp-server/bin/parsercraft-lsp.js'],
    ]) {
      const link = join(clone, 'node_modules', '.bin', bin!);
      expect(lstatSync(link).isSymbolicLink(), bin).toBe(true);
      expect(readlinkSync(link)).toBe(target);
    }
  });

  it('runs parsercraft --version from node_modules/.bin and through npx', async () => {
    const { version } = JSON.parse(readFileSync(join(clone, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    expect((await run(join(clone, 'node_modules/.bin/parsercraft'), ['--version'], { cwd: clone, env })).stdout).toBe(
      `${version}\n`,
    );
    // --no: never ask a registry for a package named parsercraft, as npx did before the bins were linked.
    expect(
      (await run('npx', ['--no', '--', 'parsercraft', '--version'], { cwd: clone, env, timeout: 60_000 })).stdout,
    ).toBe(`${version}\n`);
  });

  it('runs parsercraft doctor --json: every check ok', async () => {
    const project = join(work, 'project');
    await mkdir(project);
    await writeFile(join(project, 'parsercraft.json'), JSON.stringify({ registries: { default: registryUrl } }));
    const { stdout } = await run(join(clone, 'node_modules/.bin/parsercraft'), ['doctor', '--json'], {
      cwd: project,
      env: { ...env, PARSERCRAFT_CACHE: join(work, 'cache') },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout) as { status: string; checks: { name: string; status: string; detail: string }[] };
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.status).toBe('healthy');
    expect(report.checks.find((c) => c.name.startsWith('language '))?.detail).toContain(
      join(clone, 'packages/cli/languages/pascal.yaml'),
    );
  });

  it('runs parsercraft-lsp: a missing transport is a classified usage error', async () => {
    const failed = await run(join(clone, 'node_modules/.bin/parsercraft-lsp'), [], { cwd: clone, env }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/^parsercraft-lsp: error PC_SERVER_USAGE /);
  });

  it('said what npm test will need beyond npm, if anything, and built every package', () => {
    expect(install.stderr).not.toMatch(/\bERR!/);
    for (const pkg of ['core', 'language', 'registry-client', 'lsp-server', 'cli']) {
      expect(lstatSync(join(clone, 'packages', pkg, 'dist', 'index.js')).isFile(), pkg).toBe(true);
      expect(lstatSync(join(clone, 'packages', pkg, 'RUNBOOK.md')).isFile(), pkg).toBe(true);
    }
    expect(lstatSync(join(clone, 'packages/vscode-extension/out/server.mjs')).isFile()).toBe(true);
  });
});
