import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createMessageConnection,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/**
 * The built server (dist/bin/parsercraft-lsp.js) as an editor runs it, over real stdio with
 * vscode-jsonrpc, in a fresh workspace whose parsercraft.json maps .pas to pascal_like.yaml.
 */

// BENCH_SERVER: another build's bin, to compare two servers in one run (as docs/BENCHMARKS.md does).
const BIN = process.env['BENCH_SERVER'] ?? fileURLToPath(new URL('../dist/bin/parsercraft-lsp.js', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../../test/fixtures/parsercraft/configs/pascal_like.yaml', import.meta.url));

export interface ServerStatusParams {
  readonly health: string;
  readonly quiescent: boolean;
}

export interface BenchServer {
  readonly c: MessageConnection;
  readonly pid: number;
  readonly root: string;
  readonly uri: (name: string) => string;
  /** The publishDiagnostics for `uri` at `version`, whenever it arrives (also if it already has). */
  published(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** Resolves once parsercraft/health says no analysis is waiting or running (asked every 20 ms, for at most a minute). */
  quiescent(): Promise<void>;
  /** VmRSS of the server process in MB: the main thread and its worker threads together. */
  rssMb(): number;
  stop(): Promise<void>;
}

export async function startBenchServer(initializationOptions: Record<string, unknown>): Promise<BenchServer> {
  const root = mkdtempSync(join(tmpdir(), 'pc-lsp-bench-'));
  copyFileSync(CONFIG, join(root, 'pascal.yaml'));
  writeFileSync(
    join(root, 'parsercraft.json'),
    JSON.stringify({ languages: { pascal: { config: 'pascal.yaml', extensions: ['.pas'] } } }),
  );
  const child: ChildProcess = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  if (!child.stdout || !child.stdin) throw new Error('the server has no stdio');
  const pid = child.pid ?? 0;
  const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const seen = new Map<string, PublishDiagnosticsParams>();
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const key = `${p.uri}@${p.version ?? ''}`;
    seen.set(key, p);
    waiting.get(key)?.(p);
    waiting.delete(key);
  });
  // Declared, so the server sends it; the health request below is what is waited on.
  c.onNotification('parsercraft/serverStatus', () => undefined);
  c.onRequest('window/workDoneProgress/create', () => null);
  c.listen();
  const capabilities: ClientCapabilities = { experimental: { parsercraftServerStatus: true } };
  await c.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: `file://${root}`,
    capabilities,
    workspaceFolders: [{ uri: `file://${root}`, name: 'bench' }],
    initializationOptions,
  });
  await c.sendNotification('initialized', {});
  return {
    c,
    pid,
    root,
    uri: (name) => `file://${root}/${name}`,
    published: (uri, version) => {
      const key = `${uri}@${version}`;
      const already = seen.get(key);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.set(key, resolve));
    },
    async quiescent() {
      const deadline = performance.now() + 60_000;
      while (performance.now() < deadline) {
        const health = await c.sendRequest<{ status: ServerStatusParams }>('parsercraft/health');
        if (health.status.quiescent) return;
        await sleep(20);
      }
      throw new Error('the server was not quiescent within a minute');
    },
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    async stop() {
      try {
        await Promise.race([
          c.sendRequest(ShutdownRequest.type).then(() => c.sendNotification(ExitNotification.type)),
          new Promise((resolve) => setTimeout(resolve, 5000)),
        ]);
      } finally {
        c.dispose();
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
