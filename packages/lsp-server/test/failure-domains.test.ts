import { afterEach, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  SemanticTokensRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest, type StartOptions } from './lsp-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

const servers: ServerUnderTest[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

async function start(options: StartOptions = {}): Promise<{ server: ServerUnderTest; uri: (n: string) => string }> {
  const root = workspace();
  const server = await startServer(root, options);
  servers.push(server);
  return { server, uri: (name) => `file://${root}/${name}` };
}

const runaway = (lines: number): string =>
  `PROGRAM H;\nVAR x: INTEGER;\nBEGIN\n${'  x := x + 1;\n'.repeat(lines)}  WriteLn(x)\nEND.`;
const withMissing = (name: string): string =>
  `PROGRAM S;\nVAR x: INTEGER;\nBEGIN\n  x := ${name} + 1;\n  WriteLn(x)\nEND.`;
const full = (name: string) => (p: PublishDiagnosticsParams) =>
  p.diagnostics.some((d) => d.message === `'${name}' is not declared.`) &&
  !p.diagnostics.some((d) => d.code === 'PC_SERVER_ANALYSIS_DEGRADED');
const degradedNotice = (p: PublishDiagnosticsParams): boolean =>
  p.diagnostics[0]?.code === 'PC_SERVER_ANALYSIS_DEGRADED';

interface Health {
  documents: { degraded: { uri: string; code: string }[] };
  snapshot: { components: { name: string; status: string; breakers: Record<string, string> }[] };
}

describe('one pathological document degrades only itself', () => {
  it("a runaway's open breaker leaves every other document fully analysed", async () => {
    const { server, uri } = await start({ initializationOptions: { analysisTimeoutMs: 150 } });
    const bad = uri('bad.pas');
    await server.open(bad, 'pascal', runaway(60_000));
    await server.diagnostics(bad, degradedNotice);
    // Two more runaways in a row open bad.pas's breaker (threshold 3).
    for (const version of [2, 3]) {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: bad, version },
        contentChanges: [{ text: runaway(60_000 + version) }],
      });
      await server.diagnostics(bad, (p) => p.version === version && degradedNotice(p));
    }
    let health = await server.connection.sendRequest<Health>('parsercraft/health', {});
    const analysis = health.snapshot.components.find((c) => c.name === 'analysis');
    expect(analysis?.breakers[`lsp.analysis:${bad}`]).toBe('open');
    // Another document, opened and edited now, gets names and types checked every time.
    const good = uri('good.pas');
    await server.open(good, 'pascal', withMissing('first'));
    await server.diagnostics(good, full('first'));
    for (const [version, name] of [
      [2, 'second'],
      [3, 'third'],
    ] as const) {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: good, version },
        contentChanges: [{ text: withMissing(name) }],
      });
      await server.diagnostics(good, (p) => p.version === version && full(name)(p));
    }
    health = await server.connection.sendRequest<Health>('parsercraft/health', {});
    expect(health.documents.degraded.map((d) => d.uri)).toEqual([bad]);
    // Fixed, bad.pas recovers once its breaker lets a trial through; until then it says why it is syntax-only.
    expect(analysis?.status).toBe('degraded');
  });

  it("another document's diagnostics do not wait for a runaway on its worker", async () => {
    const { server, uri } = await start({ initializationOptions: { analysisTimeoutMs: 60_000 } });
    const good = uri('good.pas');
    await server.open(good, 'pascal', withMissing('a0'));
    await server.diagnostics(good, full('a0'));
    // A long analysis (seconds) that is not stopped: it holds one worker throughout.
    const slow = uri('slow.pas');
    const slowDone = server.diagnostics(slow, () => true, 60_000);
    await server.open(slow, 'pascal', runaway(150_000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const latencies: number[] = [];
    for (let version = 2; version <= 6; version++) {
      const name = `a${version}`;
      const t = performance.now();
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: good, version },
        contentChanges: [{ text: withMissing(name) }],
      });
      await server.diagnostics(good, (p) => p.version === version && full(name)(p));
      latencies.push(performance.now() - t);
    }
    let slowFinished = false;
    void slowDone.then(() => (slowFinished = true));
    await new Promise((resolve) => setImmediate(resolve));
    // The edits were answered while the slow analysis still ran, each well before it ended.
    expect(slowFinished).toBe(false);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    await slowDone;
  });
});

describe('every request gets an answer', () => {
  it('a document over maxDocumentSize answers every feature at once', async () => {
    const { server, uri } = await start({ initializationOptions: { maxDocumentSize: 1000 } });
    const u = uri('big.pas');
    await server.open(u, 'pascal', runaway(200));
    await server.diagnostics(u, (p) => p.diagnostics[0]?.code === 'PC_SERVER_DOCUMENT_TOO_LARGE');
    const at = { textDocument: { uri: u }, position: { line: 3, character: 3 } };
    const t = performance.now();
    const answers = await Promise.all([
      server.connection.sendRequest(HoverRequest.type, at),
      server.connection.sendRequest(DefinitionRequest.type, at),
      server.connection.sendRequest(ReferencesRequest.type, { ...at, context: { includeDeclaration: true } }),
      server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: u } }),
      server.connection.sendRequest(CompletionRequest.type, at),
      server.connection
        .sendRequest(SemanticTokensRequest.type, { textDocument: { uri: u } })
        .catch((e: { code: number }) => e.code),
      server.connection.sendRequest(PrepareRenameRequest.type, at).catch((e: { code: number }) => e.code),
    ]);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(answers).toEqual([null, null, [], [], [], -32803, -32803]);
    expect(server.stderr()).toMatch(/"code":"PC_SERVER_DOCUMENT_TOO_LARGE".*"msg":"answering without an index"/);
  });

  it('workers that run out of memory show in health, and requests on their documents are still answered', async () => {
    const { server, uri } = await start({
      capabilities: { experimental: { parsercraftServerStatus: true } },
      initializationOptions: { workerHeapMb: 4 },
    });
    const u = uri('oom.pas');
    await server.open(u, 'pascal', runaway(20_000));
    const published = await server.diagnostics(u, () => true, 60_000);
    expect(published.diagnostics[0]?.message).toMatch(/memory|PC_RESOURCE_MEMORY|failed/i);
    const status = await server.notification<{
      health: string;
      components: { name: string; status: string; code?: string }[];
    }>('parsercraft/serverStatus', (s) => s.components.some((c) => c.name === 'analysis' && c.status !== 'ok'), 30_000);
    expect(status.health, JSON.stringify(status)).not.toBe('ok');
    const health = await server.connection.sendRequest<{
      snapshot: { components: { name: string; reasons: { source: string; code?: string }[] }[] };
    }>('parsercraft/health', {});
    const reasons = health.snapshot.components.find((c) => c.name === 'analysis')?.reasons ?? [];
    expect(reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'workers', code: 'PC_RESOURCE_MEMORY' })]),
    );
    const t = performance.now();
    expect(
      await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: u },
        position: { line: 3, character: 3 },
      }),
    ).toBeNull();
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
