import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
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

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const VSCE = fileURLToPath(new URL('../../../node_modules/@vscode/vsce/vsce', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pc-vsix-'));
const vsix = join(work, 'parsercraft-vscode.vsix');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const vsce = async (...args: string[]): Promise<string> =>
  (await promisify(execFile)(process.execPath, [VSCE, ...args], { cwd: PACKAGE, timeout: 120_000 })).stdout;

describe('the .vsix', () => {
  // The bundles are built by `npm run build` (the root build runs build/bundle.mjs).
  it('holds the bundles, the bundled language with its licence, the runbook and the manifest, and nothing else', async () => {
    const files = (await vsce('ls', '--no-dependencies')).trim().split('\n').sort();
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'RUNBOOK.md',
      'languages/LICENSE',
      'languages/pascal.yaml',
      'out/analysis-worker.mjs',
      'out/extension.cjs',
      'out/server.mjs',
      'out/server.mjs.LEGAL.txt',
      'package.json',
    ]);
  });

  it('is packaged by @vscode/vsce 3 and stays under 1 MB', async () => {
    await vsce('package', '--no-dependencies', '--allow-missing-repository', '--out', vsix);
    expect(statSync(vsix).size).toBeLessThan(1024 * 1024);
  });

  it("unpacked, its server links diagnostics to the RUNBOOK.md inside the extension, at the code's entry", async () => {
    // A .vsix is a zip; python3 is on every machine that builds Node's native modules.
    const unpacked = join(work, 'unpacked');
    await promisify(execFile)('python3', ['-m', 'zipfile', '-e', vsix, unpacked], { timeout: 60_000 });
    const extension = join(unpacked, 'extension');
    const project = join(work, 'project');
    const child = spawn(process.execPath, [join(extension, 'out', 'server.mjs'), '--stdio'], {
      cwd: work,
      stdio: 'pipe',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = new Map<string, PublishDiagnosticsParams>();
    const arrived = new Map<string, () => void>();
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.set(p.uri, p);
      arrived.get(p.uri)?.();
    });
    const diagnosticsOf = (uri: string): Promise<PublishDiagnosticsParams> =>
      new Promise((resolve) => {
        const have = published.get(uri);
        if (have) return resolve(have);
        arrived.set(uri, () => resolve(published.get(uri)!));
      });
    c.listen();
    try {
      const root = pathToFileURL(work).href;
      await c.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: root,
        capabilities: {},
        workspaceFolders: [{ uri: root, name: 'vsix' }],
        initializationOptions: { maxDocumentSize: 200 },
      });
      await c.sendNotification('initialized', {});
      const small = pathToFileURL(join(project, 'small.pas')).href;
      const large = pathToFileURL(join(project, 'large.pas')).href;
      await c.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri: small,
          languageId: 'pascal',
          version: 1,
          text: 'PROGRAM A;\nBEGIN\n  WriteLn(nope)\nEND.',
        },
      });
      await c.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri: large,
          languageId: 'pascal',
          version: 1,
          text: `PROGRAM B;\nBEGIN\n${'  WriteLn(1);\n'.repeat(40)}END.`,
        },
      });
      // The bundled language, found inside the extension, analysed the small one.
      expect((await diagnosticsOf(small)).diagnostics.map((d) => d.code)).toEqual(['undefined-name']);
      const [tooLarge] = (await diagnosticsOf(large)).diagnostics;
      expect(tooLarge?.code).toBe('PC_SERVER_DOCUMENT_TOO_LARGE');
      const href = new URL(tooLarge?.codeDescription?.href ?? 'about:blank');
      expect(href.protocol).toBe('file:');
      expect(href.hash).toBe('#pc_server_document_too_large');
      href.hash = '';
      const runbook = fileURLToPath(href);
      expect(relative(extension, runbook).split(sep)).toEqual(['RUNBOOK.md']);
      expect(existsSync(runbook)).toBe(true);
      expect(readFileSync(runbook, 'utf8')).toMatch(/^### PC_SERVER_DOCUMENT_TOO_LARGE$/m);
      await c.sendRequest(ShutdownRequest.type);
      await c.sendNotification(ExitNotification.type);
      expect(await exited).toBe(0);
    } finally {
      c.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
