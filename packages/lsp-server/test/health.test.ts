import { afterEach, describe, expect, it } from 'vitest';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  SetTraceNotification,
  ShutdownRequest,
  type PublishDiagnosticsParams,
  type ResponseError,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest, type StartOptions } from './lsp-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

interface ServerStatus {
  health: 'ok' | 'warning' | 'error';
  quiescent: boolean;
  message: string;
  components: { name: string; status: string; reason?: string; code?: string; runbook?: string }[];
}

const servers: ServerUnderTest[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

const STATUS_CLIENT: StartOptions['capabilities'] = { experimental: { parsercraftServerStatus: true } };

async function start(options: StartOptions = {}): Promise<{ server: ServerUnderTest; uri: (name: string) => string }> {
  const root = workspace();
  const server = await startServer(root, options);
  servers.push(server);
  return { server, uri: (name) => `file://${root}/${name}` };
}

/** Far more than the 150 ms budget these tests give analysis: tens of thousands of statements. */
const HUGE = `PROGRAM H;\nVAR x: INTEGER;\nBEGIN\n${'  x := x + 1;\n'.repeat(60_000)}  WriteLn(x)\nEND.`;
const SMALL = 'PROGRAM S;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.';

const component = (s: ServerStatus, name: string): ServerStatus['components'][number] | undefined =>
  s.components.find((c) => c.name === name);

describe('parsercraft/serverStatus', () => {
  it('a client that declares the capability gets ok with every component, quiescent once analysis is done', async () => {
    const { server, uri } = await start({ capabilities: STATUS_CLIENT });
    const first = await server.notification<ServerStatus>('parsercraft/serverStatus');
    expect(first).toMatchObject({ health: 'ok', message: 'ParserCraft language server is ready.' });
    expect(first.components.map((c) => c.name)).toEqual(['analysis', 'protocolCheck', 'codegen', 'memory', 'packages']);
    await server.open(uri('s.pas'), 'pascal', SMALL);
    await server.notification<ServerStatus>('parsercraft/serverStatus', (s) => !s.quiescent);
    await server.notification<ServerStatus>('parsercraft/serverStatus', (s) => s.quiescent && s.health === 'ok');
  });

  it('a runaway analysis is stopped, syntax-only results say why, status turns warning, and ok again after recovery', async () => {
    const { server, uri } = await start({
      capabilities: STATUS_CLIENT,
      initializationOptions: { analysisTimeoutMs: 150 },
    });
    await server.open(uri('huge.pas'), 'pascal', HUGE);
    const degraded = await server.diagnostics(uri('huge.pas'));
    expect(degraded.diagnostics[0]).toMatchObject({
      code: 'PC_SERVER_ANALYSIS_DEGRADED',
      severity: 2,
      message: expect.stringMatching(
        /^Only syntax is checked for now: full analysis failed \(PC_TIMEOUT: Analysis of .*huge\.pas ran past its 150 ms deadline; its worker was stopped\.\)$/,
      ) as string,
      codeDescription: { href: expect.stringMatching(/RUNBOOK\.md#pc_server_analysis_degraded$/) as string },
    });
    const warning = await server.notification<ServerStatus>('parsercraft/serverStatus', (s) => s.health === 'warning');
    expect(component(warning, 'analysis')).toMatchObject({ status: 'warning' });
    expect(warning.message).toMatch(/analysis: /);
    const report = await server.connection.sendRequest<{
      documents: { degraded: { uri: string; code: string }[] };
      snapshot: { components: { name: string; reasons: { source: string; code?: string; reason: string }[] }[] };
    }>('parsercraft/health', {});
    expect(report.documents.degraded).toEqual([expect.objectContaining({ uri: uri('huge.pas'), code: 'PC_TIMEOUT' })]);
    const reasons = report.snapshot.components.find((c) => c.name === 'analysis')?.reasons ?? [];
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'workers', code: 'PC_TIMEOUT' }),
        expect.objectContaining({
          source: 'documents',
          code: 'PC_SERVER_ANALYSIS_DEGRADED',
          reason: expect.stringContaining('1 document is checked for syntax only') as string,
        }),
      ]),
    );
    expect(server.stderr()).toMatch(/worker replaced/);
    // Meanwhile the server answers from what it has: hover on the huge document does not wait.
    expect(
      await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: uri('huge.pas') },
        position: { line: 3, character: 3 },
      }),
    ).toBeNull();
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri('huge.pas'), version: 2 },
      contentChanges: [{ text: SMALL }],
    });
    const fixed = await server.diagnostics(uri('huge.pas'), (p) => p.version === 2);
    expect(fixed.diagnostics).toEqual([]);
    await server.notification<ServerStatus>(
      'parsercraft/serverStatus',
      (s) => s.health === 'ok' && component(s, 'analysis')?.status === 'ok',
    );
  });

  it('a client without the capability gets one showMessage per transition, not a storm', async () => {
    const { server, uri } = await start({ initializationOptions: { analysisTimeoutMs: 150 } });
    await server.open(uri('a.pas'), 'pascal', HUGE);
    await server.diagnostics(uri('a.pas'));
    await server.open(uri('b.pas'), 'pascal', HUGE);
    await server.diagnostics(uri('b.pas'));
    for (const name of ['a.pas', 'b.pas']) {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri(name), version: 2 },
        contentChanges: [{ text: SMALL }],
      });
      await server.diagnostics(uri(name), (p: PublishDiagnosticsParams) => p.version === 2);
    }
    await server.notification<ShowMessageParams>('window/showMessage', (m) => m.type === 3);
    const shown = server.received<ShowMessageParams>('window/showMessage');
    expect(shown.map((m) => m.type)).toEqual([2, 3]);
    expect(shown[0]?.message).toMatch(/^ParserCraft language server is degraded\.\nanalysis: /);
    expect(server.received('parsercraft/serverStatus')).toEqual([]);
  });

  it('a heap over its limit drops caches and reports memory degraded with its code', async () => {
    const { server } = await start({ capabilities: STATUS_CLIENT, initializationOptions: { heapLimitMb: 1 } });
    const status = await server.notification<ServerStatus>(
      'parsercraft/serverStatus',
      (s) => component(s, 'memory')?.status === 'warning',
    );
    expect(component(status, 'memory')).toMatchObject({
      code: 'PC_SERVER_HEAP_OVER_LIMIT',
      reason: expect.stringMatching(/^heap \d+ MB is over the 1 MB limit; cached analyses were dropped$/) as string,
    });
  });
});

describe('health report, trace and progress', () => {
  it("parsercraft/health and the parsercraft.health command return core's snapshot", async () => {
    const { server } = await start();
    const report = await server.connection.sendRequest<{
      status: ServerStatus;
      snapshot: { status: string; components: { name: string }[] };
    }>('parsercraft/health', {});
    expect(report.status.health).toBe('ok');
    expect(report.snapshot.status).toBe('healthy');
    expect(report.snapshot.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['analysis', 'protocolCheck', 'codegen', 'memory']),
    );
    const viaCommand = (await server.connection.sendRequest(ExecuteCommandRequest.type, {
      command: 'parsercraft.health',
    })) as { snapshot: { status: string } };
    expect(viaCommand.snapshot.status).toBe('healthy');
  });

  it('$/setTrace turns $/logTrace on', async () => {
    const { server, uri } = await start();
    await server.connection.sendNotification(SetTraceNotification.type, { value: 'messages' });
    await server.open(uri('s.pas'), 'pascal', SMALL);
    const trace = await server.notification<{ message: string }>('$/logTrace');
    expect(trace.message).toMatch(/^analysed file:.*s\.pas \(version 1\) in [\d.]+ ms$/);
  });

  it('$/progress reports re-analysing open documents after a configuration change', async () => {
    const { server, uri } = await start({ capabilities: { window: { workDoneProgress: true } } });
    await server.open(uri('s.pas'), 'pascal', SMALL);
    await server.diagnostics(uri('s.pas'));
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const begin = await server.notification<{ value: { kind: string; title?: string; message?: string } }>(
      '$/progress',
      (p) => p.value.kind === 'begin',
    );
    expect(begin.value).toMatchObject({ title: 'ParserCraft', message: 'Analysing 1 open document' });
    await server.notification<{ value: { kind: string } }>('$/progress', (p) => p.value.kind === 'end');
  });
});

describe('code generation under its plan', () => {
  it('past its budget it is a classified PC_TIMEOUT to the client, and the server keeps serving', async () => {
    const { server, uri } = await start({ initializationOptions: { codegenTimeoutMs: 1 } });
    const program = `PROGRAM G;\nVAR x: INTEGER;\nBEGIN\n${'  x := x + 1;\n'.repeat(20_000)}  WriteLn(x)\nEND.`;
    await server.open(uri('g.pas'), 'pascal', program);
    await server.diagnostics(uri('g.pas'));
    const failure = await server.connection
      .sendRequest(ExecuteCommandRequest.type, { command: 'parsercraft.generateC', arguments: [uri('g.pas')] })
      .then(
        () => undefined,
        (e: ResponseError<{ code: string; runbook: string }>) => ({ code: e.code, data: e.data }),
      );
    expect(failure).toMatchObject({
      code: -32603,
      data: { code: 'PC_TIMEOUT', runbook: expect.stringContaining('#pc_timeout') as string },
    });
    expect(
      await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: uri('g.pas') },
        position: { line: 1, character: 4 },
      }),
    ).not.toBeNull();
  });
});

describe('--health-port', () => {
  it('serves /healthz, /readyz and /metrics on 127.0.0.1, and /readyz is 503 after shutdown', async () => {
    const { server } = await start({ args: ['--health-port', '0'] });
    // The server logs the port it got; the listener starts right after the connection does.
    let port = 0;
    for (let i = 0; i < 50 && !port; i++) {
      port = Number(/"port":(\d+)/.exec(server.stderr())?.[1] ?? 0);
      if (!port) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(port).toBeGreaterThan(0);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, status: 'healthy' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^parsercraft_health_status/m);
    await server.connection.sendRequest(ShutdownRequest.type);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });
});
