import { afterEach, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  DidChangeTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  ShutdownRequest,
  type DocumentDiagnosticReport,
  type ResponseError,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './lsp-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

const servers: ServerUnderTest[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

/** A client that pulls diagnostics, as VS Code does. */
async function pullClient(): Promise<{ server: ServerUnderTest; uri: (name: string) => string }> {
  const root = workspace();
  const server = await startServer(root, {
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
  });
  servers.push(server);
  return { server, uri: (name) => `file://${root}/${name}` };
}

/** A program long enough that its analysis is still running when the next message arrives. */
const LONG = `PROGRAM L;\nVAR x: INTEGER;\nBEGIN\n${'  x := x + 1;\n'.repeat(3000)}  WriteLn(missing)\nEND.`;

const failure = (p: Promise<unknown>): Promise<{ code: number; message: string; data?: unknown }> =>
  p.then(
    () => ({ code: 0, message: 'answered' }),
    (e: ResponseError<unknown>) => ({
      code: e.code,
      message: e.message,
      ...(e.data !== undefined && { data: e.data }),
    }),
  );

describe('pull diagnostics', () => {
  it('a pulling client gets a full report, then "unchanged" for the same version, and nothing is pushed', async () => {
    const { server, uri } = await pullClient();
    await server.open(uri('a.pas'), 'pascal', 'PROGRAM A;\nBEGIN\n  WriteLn(nope)\nEND.');
    const full: DocumentDiagnosticReport = await server.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: uri('a.pas') },
    });
    expect(full).toMatchObject({
      kind: 'full',
      resultId: expect.any(String) as string,
      items: [expect.objectContaining({ code: 'undefined-name' })],
    });
    const resultId = full.kind === 'full' ? full.resultId : undefined;
    const again = await server.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: uri('a.pas') },
      ...(resultId !== undefined && { previousResultId: resultId }),
    });
    expect(again).toEqual({ kind: 'unchanged', resultId });
    await expect(server.diagnostics(uri('a.pas'), undefined, 500)).rejects.toThrow(/no diagnostics/);
  });
});

describe('cancellation, staleness and shutdown', () => {
  it('a request cancelled while it waits for an analysis answers RequestCancelled (-32800)', async () => {
    const { server, uri } = await pullClient();
    await server.open(uri('long.pas'), 'pascal', LONG);
    const source = new CancellationTokenSource();
    const pending = failure(
      server.connection.sendRequest(
        DocumentDiagnosticRequest.type,
        { textDocument: { uri: uri('long.pas') } },
        source.token,
      ),
    );
    source.cancel();
    expect(await pending).toMatchObject({ code: -32800 });
    // The server goes on: the same request, not cancelled, is answered.
    const report: DocumentDiagnosticReport = await server.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: uri('long.pas') },
    });
    expect(report).toMatchObject({
      kind: 'full',
      items: [expect.objectContaining({ message: "'missing' is not declared." })],
    });
  });

  it('a request for a version an edit made stale answers ContentModified (-32801); the new version is served', async () => {
    const { server, uri } = await pullClient();
    await server.open(uri('long.pas'), 'pascal', LONG);
    const stale = failure(
      server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uri('long.pas') } }),
    );
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri('long.pas'), version: 2 },
      contentChanges: [{ text: 'PROGRAM L;\nBEGIN\n  WriteLn(1)\nEND.' }],
    });
    expect(await stale).toMatchObject({ code: -32801 });
    const fresh = await server.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: uri('long.pas') },
    });
    expect(fresh).toEqual({ kind: 'full', resultId: expect.any(String) as string, items: [] });
  });

  it('a malformed request gets InvalidParams (-32602) naming the field, and the server keeps serving', async () => {
    const { server, uri } = await pullClient();
    await server.open(uri('a.pas'), 'pascal', 'PROGRAM A;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.');
    await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uri('a.pas') } });
    const broken = await failure(
      server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('a.pas') }, position: null }),
    );
    expect(broken).toMatchObject({
      code: -32602,
      message: 'Invalid params for textDocument/hover: params.position: expected object, received null.',
    });
    const hover = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: uri('a.pas') },
      position: { line: 4, character: 11 },
    });
    expect(hover).not.toBeNull();
  });

  it('after shutdown, requests get InvalidRequest (-32600); exit then ends with 0', async () => {
    const { server, uri } = await pullClient();
    await server.connection.sendRequest(ShutdownRequest.type);
    const refused = await failure(
      server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: uri('a.pas') },
        position: { line: 0, character: 0 },
      }),
    );
    expect(refused).toMatchObject({
      code: -32600,
      message: 'The server is shutting down; textDocument/hover is refused.',
    });
    await server.connection.sendNotification(ExitNotification.type);
    expect(await server.exited).toBe(0);
  });

  it('exit without shutdown ends with 1', async () => {
    const { server } = await pullClient();
    await server.connection.sendNotification(ExitNotification.type);
    expect(await server.exited).toBe(1);
  });
});
