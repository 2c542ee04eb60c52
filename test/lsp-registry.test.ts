/**
 * The language server with languages published as packages: installed through the
 * registry client from a real HTTP registry on loopback, served from the cache when the
 * registry fails, and reported in health when it cannot be installed at all.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerUnderTest } from '../packages/lsp-server/test/lsp-client.js';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { packageTarball } from '../packages/registry-client/test/tarball.js';

interface ServerStatus {
  health: string;
  components: { name: string; status: string; reason?: string; code?: string }[];
}

const PASCAL = readFileSync(
  fileURLToPath(new URL('fixtures/parsercraft/configs/pascal_like.yaml', import.meta.url)),
  'utf8',
);
const PROGRAM = 'PROGRAM P;\nBEGIN\n  WriteLn(missing)\nEND.';

let registry: RegistryServer;
let work: string;
const servers: ServerUnderTest[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-lsp-registry-'));
  registry = await RegistryServer.start();
  registry.publish({
    name: '@acme/pascal-lang',
    version: '1.0.0',
    tarball: packageTarball('@acme/pascal-lang', '1.0.0', { 'pascal.yaml': PASCAL }),
  });
});
afterAll(async () => {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
});
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
});

/** A workspace whose only language is a package from the test registry. */
async function project(name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'parsercraft.json'),
    JSON.stringify({
      dependencies: { '@acme/pascal-lang': '^1.0.0' },
      registries: { default: registry.url },
      languages: { pascal: { package: '@acme/pascal-lang', config: 'pascal.yaml', extensions: ['.pas'] } },
    }),
  );
  return dir;
}

async function serve(dir: string, cache: string): Promise<ServerUnderTest> {
  const server = await startServer(dir, {
    capabilities: { experimental: { parsercraftServerStatus: true } },
    env: { PARSERCRAFT_CACHE: join(work, cache) },
  });
  servers.push(server);
  await server.open(`file://${dir}/main.pas`, 'pascal', PROGRAM);
  return server;
}

const undefinedName = (p: { diagnostics: { code?: unknown }[] }): boolean =>
  p.diagnostics.some((d) => d.code === 'undefined-name');
const component = (s: ServerStatus, name: string): ServerStatus['components'][number] | undefined =>
  s.components.find((c) => c.name === name);

describe('languages installed from a registry', () => {
  it('the package is installed in the background and its config serves the documents', async () => {
    const dir = await project('online');
    const server = await serve(dir, 'cache-online');
    const { diagnostics } = await server.diagnostics(`file://${dir}/main.pas`, undefinedName, 30_000);
    expect(diagnostics.map((d) => d.message)).toEqual(["'missing' is not declared."]);
    expect(readFileSync(join(dir, '.parsercraft', 'packages', '@acme', 'pascal-lang', 'pascal.yaml'), 'utf8')).toBe(
      PASCAL,
    );
  });

  it("the client's registry (initializationOptions.registry, the editor's setting) is used over parsercraft.json's default", async () => {
    const dir = await project('client-registry');
    // parsercraft.json's default is a closed port; the client names the live registry.
    const json = JSON.parse(readFileSync(join(dir, 'parsercraft.json'), 'utf8')) as { registries: { default: string } };
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({ ...json, registries: { default: 'http://127.0.0.1:9' } }),
    );
    const server = await startServer(dir, {
      initializationOptions: { registry: registry.url },
      env: { PARSERCRAFT_CACHE: join(work, 'cache-client-registry') },
    });
    servers.push(server);
    await server.open(`file://${dir}/main.pas`, 'pascal', PROGRAM);
    const { diagnostics } = await server.diagnostics(`file://${dir}/main.pas`, undefinedName, 30_000);
    expect(diagnostics.map((d) => d.message)).toEqual(["'missing' is not declared."]);
  });

  it('registry failing (503), warm cache: the cached metadata is served, and health says the registry is degraded', async () => {
    const warm = await project('warm');
    await serve(warm, 'cache-shared').then((s) => s.diagnostics(`file://${warm}/main.pas`, undefinedName, 30_000));
    registry.fault = () => ({ kind: 'status', status: 503 });
    try {
      const dir = await project('stale');
      const server = await serve(dir, 'cache-shared');
      await server.diagnostics(`file://${dir}/main.pas`, undefinedName, 60_000);
      const status = await server.notification<ServerStatus>(
        'parsercraft/serverStatus',
        (s) =>
          s.health === 'warning' && s.components.some((c) => c.name.startsWith('registry:') && c.status === 'warning'),
        60_000,
      );
      expect(status.components.find((c) => c.name.startsWith('registry:'))?.reason).toMatch(/serving fallback results/);
    } finally {
      registry.fault = () => undefined;
    }
  });

  it('registry down, cold cache: health names the failure with its code, and the document says its config cannot be read', async () => {
    const dead = await RegistryServer.start();
    const url = dead.url;
    await dead.stop();
    const dir = await project('cold');
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({
        dependencies: { '@acme/pascal-lang': '^1.0.0' },
        registries: { default: url },
        languages: { pascal: { package: '@acme/pascal-lang', config: 'pascal.yaml', extensions: ['.pas'] } },
      }),
    );
    const server = await serve(dir, 'cache-cold');
    const status = await server.notification<ServerStatus>(
      'parsercraft/serverStatus',
      (s) => component(s, 'packages')?.status === 'warning',
      60_000,
    );
    expect(component(status, 'packages')).toMatchObject({
      code: 'PC_NET_REFUSED',
      reason: expect.stringMatching(/^language packages could not be installed: PC_NET_REFUSED: /) as string,
    });
    const { diagnostics } = await server.diagnostics(`file://${dir}/main.pas`);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'PC_FS_NOT_FOUND',
        severity: 1,
        message: expect.stringMatching(/^Language config .*pascal-lang\/pascal\.yaml, line 1: Cannot read /) as string,
        codeDescription: { href: expect.stringMatching(/RUNBOOK\.md#pc_fs_not_found$/) as string },
      }),
    ]);
  });
});
