/**
 * The CLI and the language server as users get them: `npm pack`ed, published to a registry
 * on 127.0.0.1 (with the npm packages they need, from this repository's own install), and
 * installed with npm into an empty project. Every runbook link they print or publish must
 * lead to an existing entry of the RUNBOOK.md inside the installed package.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import GithubSlugger from 'github-slugger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { RegistryServer } from '../packages/registry-client/test/registry-server.js';
import { mirrorPublications } from './lockfile-mirror.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACES = [
  'packages/core',
  'packages/language',
  'packages/registry-client',
  'packages/lsp-server',
  'packages/cli',
];
const run = promisify(execFile);

let work: string;
let project: string;
let registry: RegistryServer;
/** npm's own environment variables, which `npm test` sets, would steer the nested npm. */
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-packed-'));
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env['npm_config_cache'] = join(work, 'npm-cache');
  registry = await RegistryServer.start();
  const packed = join(work, 'tarballs');
  await mkdir(packed);
  const manifests = new Map<string, Record<string, unknown> & { dependencies?: Record<string, string> }>();
  for (const dir of WORKSPACES) {
    const manifest = JSON.parse(await readFile(join(ROOT, dir, 'package.json'), 'utf8')) as Record<string, unknown> & {
      name: string;
    };
    manifests.set(manifest.name, manifest);
  }
  const { stdout } = await run(
    'npm',
    [
      'pack',
      '--json',
      '--ignore-scripts',
      '--pack-destination',
      packed,
      ...WORKSPACES.flatMap((w) => ['--workspace', w]),
    ],
    { cwd: ROOT, env, timeout: 120_000 },
  );
  for (const { name, version, filename } of JSON.parse(stdout) as {
    name: string;
    version: string;
    filename: string;
  }[]) {
    const manifest = manifests.get(name) ?? {};
    registry.publish({
      name,
      version,
      dependencies: manifest.dependencies ?? {},
      manifest,
      tarball: await readFile(join(packed, filename)),
    });
  }
  for (const publication of await mirrorPublications(ROOT, WORKSPACES)) registry.publish(publication);
  project = join(work, 'project');
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'uses-parsercraft', private: true, dependencies: { '@parsercraft/cli': '0.1.0' } }),
  );
  await writeFile(join(project, '.npmrc'), `registry=${registry.url}/\n`);
  await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: project, env, timeout: 240_000 });
  // parsercraft-lsp has no bundled language: the project names the one the CLI package ships.
  await writeFile(
    join(project, 'parsercraft.json'),
    JSON.stringify({
      languages: { pascal: { config: 'node_modules/@parsercraft/cli/languages/pascal.yaml', extensions: ['.pas'] } },
    }),
  );
}, 360_000);

afterAll(async () => {
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

/** Where a `file:` runbook link leads: the file, and the heading whose GitHub slug is its fragment. */
function follow(link: string): { file: string; heading: string | undefined } {
  const url = new URL(link);
  expect(url.protocol).toBe('file:');
  const fragment = decodeURIComponent(url.hash.slice(1));
  url.hash = '';
  const file = fileURLToPath(url);
  const slugger = new GithubSlugger();
  const heading = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => /^#{1,6} (.+)$/.exec(line)?.[1]?.trim())
        .find((text) => text !== undefined && slugger.slug(text) === fragment)
    : undefined;
  return { file, heading };
}

const installed = (...path: string[]): string => join(project, 'node_modules', ...path);

async function cli(args: string[], cwd = project): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(installed('.bin', 'parsercraft'), args, { cwd, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('the packed CLI and server, installed from a registry', () => {
  it('installs the bins, and each package carries its RUNBOOK.md', () => {
    for (const bin of ['parsercraft', 'parsercraft-lsp']) expect(existsSync(installed('.bin', bin)), bin).toBe(true);
    for (const pkg of ['core', 'language', 'registry-client', 'lsp-server', 'cli']) {
      expect(readFileSync(installed('@parsercraft', pkg, 'RUNBOOK.md'), 'utf8'), pkg).toBe(
        readFileSync(join(ROOT, 'RUNBOOK.md'), 'utf8'),
      );
    }
  });

  it("prints an error's runbook link into the installed CLI's RUNBOOK.md, at the code's entry, and explains the code offline", async () => {
    const missing = await cli(['check', 'missing.pas']);
    expect(missing.code).toBe(2);
    const link = /or see (file:\S+)\)$/m.exec(missing.stderr)?.[1];
    expect(link, missing.stderr).toBeDefined();
    const { file, heading } = follow(link!);
    expect(relative(installed('@parsercraft', 'cli'), file).split(sep)).toEqual(['RUNBOOK.md']);
    expect(heading).toBe('PC_FS_NOT_FOUND');
    const explained = await cli(['explain', 'PC_FS_NOT_FOUND']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/^PC_FS_NOT_FOUND\n/);
    expect(follow(/(file:\S+)$/m.exec(explained.stdout)?.[1] ?? '').heading).toBe('PC_FS_NOT_FOUND');
  });

  it('doctor runs from the install and names the runbook of a failing check', async () => {
    const dir = join(work, 'doctor');
    await mkdir(dir);
    await writeFile(join(dir, 'parsercraft.json'), JSON.stringify({ registries: { default: registry.url } }));
    const healthy = await cli(['doctor', '--json'], dir);
    const report = JSON.parse(healthy.stdout) as { status: string; checks: { name: string; status: string }[] };
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(healthy.code).toBe(0);
    await writeFile(join(dir, 'parsercraft.json'), '{ "registries": ');
    const broken = JSON.parse((await cli(['doctor', '--json'], dir)).stdout) as {
      checks: { name: string; runbook?: string }[];
    };
    const project = broken.checks.find((c) => c.name === 'project');
    expect(follow(project?.runbook ?? '').file).toBe(installed('@parsercraft', 'cli', 'RUNBOOK.md'));
    expect(follow(project?.runbook ?? '').heading).toMatch(/^PC_/);
  });

  for (const [name, command] of [
    ['parsercraft-lsp --stdio', ['parsercraft-lsp', '--stdio']],
    ['parsercraft lsp --stdio', ['parsercraft', 'lsp', '--stdio']],
  ] as const) {
    it(`${name}: diagnostics link to the RUNBOOK.md of the installed package`, async () => {
      const child = spawn(installed('.bin', command[0]), command.slice(1), { cwd: project, env, stdio: 'pipe' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      const uri = pathToFileURL(join(project, 'large.pas')).href;
      const published = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        setTimeout(() => reject(new Error(`no diagnostics for ${uri} in 20 s`)), 20_000).unref();
        c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
          if (p.uri === uri) resolve(p);
        });
      });
      c.listen();
      try {
        const root = pathToFileURL(project).href;
        await c.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: root,
          capabilities: {},
          workspaceFolders: [{ uri: root, name: 'p' }],
          initializationOptions: { maxDocumentSize: 100 },
        });
        await c.sendNotification('initialized', {});
        await c.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: {
            uri,
            languageId: 'pascal',
            version: 1,
            text: `PROGRAM B;\nBEGIN\n${'  WriteLn(1);\n'.repeat(20)}END.`,
          },
        });
        const [diagnostic] = (await published).diagnostics;
        expect(diagnostic?.code).toBe('PC_SERVER_DOCUMENT_TOO_LARGE');
        const { file, heading } = follow(diagnostic?.codeDescription?.href ?? '');
        const owner = command[0] === 'parsercraft' ? 'cli' : 'lsp-server';
        expect(file).toBe(installed('@parsercraft', owner, 'RUNBOOK.md'));
        expect(heading).toBe('PC_SERVER_DOCUMENT_TOO_LARGE');
        await c.sendRequest(ShutdownRequest.type);
        await c.sendNotification(ExitNotification.type);
        expect(await exited).toBe(0);
      } finally {
        c.dispose();
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
