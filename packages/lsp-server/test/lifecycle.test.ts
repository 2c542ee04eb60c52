import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './lsp-client.js';
import { exitWithin, initialize, startRaw, type RawServer } from './raw-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

// LSP 3.17, "Lifecycle Messages": the oracle for every code below.
const ServerNotInitialized = -32002;
const InvalidRequest = -32600;

const servers: RawServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

function start(): RawServer {
  const server = startRaw();
  servers.push(server);
  return server;
}

const PROGRAM = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.';
const hoverOnX = (uri: string): { textDocument: { uri: string }; position: { line: number; character: number } } => ({
  textDocument: { uri },
  position: { line: 4, character: 10 },
});

/** Threads of a process, from /proc: a pool or timer set up twice shows here. */
const threads = (pid: number): number =>
  Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

describe('before initialize', () => {
  it('requests get ServerNotInitialized, shutdown included, and the server can still be initialized', async () => {
    const server = start();
    const root = workspace();
    const hover = await server.request('textDocument/hover', hoverOnX(`file://${root}/a.pas`));
    expect(hover.error).toEqual({
      code: ServerNotInitialized,
      message: 'The server is not initialized; textDocument/hover is refused until initialize is answered.',
    });
    // Spec: before initialize even shutdown is a request like any other; it used to wedge the server.
    expect((await server.request('shutdown')).error?.code).toBe(ServerNotInitialized);
    expect((await server.request('parsercraft/health')).error?.code).toBe(ServerNotInitialized);
    const answer = await initialize(server, root);
    expect(answer.result).toMatchObject({ capabilities: { hoverProvider: true } });
  });

  it('notifications are dropped: a document opened before initialize is not open after it', async () => {
    const server = start();
    const root = workspace();
    const uri = `file://${root}/early.pas`;
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version: 1, text: PROGRAM } });
    await initialize(server, root);
    // Formatting names a document that is not open as such.
    const formatted = await server.request('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(formatted.error).toMatchObject({ code: -32602, message: `${uri} is not open.` });
    await server.logged('textDocument/didOpen: the server is not initialized yet');
  });

  it('exit ends the process with 1', async () => {
    const server = start();
    server.notify('exit');
    expect(await exitWithin(server, 10_000)).toBe(1);
  });
});

describe('initialize is taken once', () => {
  it('a second initialize while the first is being answered is InvalidRequest, and so is a request', async () => {
    const server = start();
    const root = workspace();
    const init = (id: number): string => {
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'initialize',
        params: { processId: null, rootUri: `file://${root}`, capabilities: {} },
      });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const hover = JSON.stringify({
      jsonrpc: '2.0',
      id: 3,
      method: 'textDocument/hover',
      params: hoverOnX('file:///a.pas'),
    });
    // One write: the gate judges all three before the first is answered.
    server.raw(`${init(1)}${init(2)}Content-Length: ${Buffer.byteLength(hover)}\r\n\r\n${hover}`);
    expect((await server.response(1)).result).toMatchObject({ capabilities: {} });
    expect((await server.response(2)).error).toEqual({
      code: InvalidRequest,
      message: 'initialize was already sent; the server is initializing.',
    });
    expect((await server.response(3)).error?.code).toBe(ServerNotInitialized);
  });

  it('forty more initializes after it are each InvalidRequest and set up nothing: no thread more', async () => {
    const server = start();
    const root = workspace();
    await initialize(server, root);
    const uri = `file://${root}/a.pas`;
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version: 1, text: PROGRAM } });
    expect((await server.request('textDocument/hover', hoverOnX(uri))).result).not.toBeNull();
    const before = threads(server.child.pid ?? 0);
    for (let i = 0; i < 40; i++) {
      const again = await server.request('initialize', {
        processId: process.pid,
        rootUri: `file://${root}`,
        capabilities: {},
      });
      expect(again.error).toEqual({
        code: InvalidRequest,
        message: 'The server is already initialized; initialize is taken once.',
      });
    }
    // A worker pool is several threads and a heap watch a timer: forty of them could not hide in this margin.
    expect(threads(server.child.pid ?? 0)).toBeLessThanOrEqual(before + 2);
    expect((await server.request('textDocument/hover', hoverOnX(uri))).result).not.toBeNull();
  });

  it('an initialize with bad params is InvalidParams, and a correct one after it is taken', async () => {
    const server = start();
    const root = workspace();
    const bad = await server.request('initialize', { processId: 'me', rootUri: null, capabilities: {} });
    expect(bad.error).toMatchObject({ code: -32602, message: expect.stringContaining('params.processId') as string });
    expect((await initialize(server, root)).result).toMatchObject({ capabilities: {} });
  });
});

describe('shutdown and exit', () => {
  it('after shutdown requests get InvalidRequest, notifications are dropped, and exit ends with 0', async () => {
    const server = start();
    const root = workspace();
    await initialize(server, root);
    expect(await server.request('shutdown')).toMatchObject({ result: null });
    expect((await server.request('textDocument/hover', hoverOnX(`file://${root}/a.pas`))).error).toEqual({
      code: InvalidRequest,
      message: 'The server is shutting down; textDocument/hover is refused.',
    });
    expect((await server.request('shutdown')).error?.code).toBe(InvalidRequest);
    expect((await server.request('initialize', { processId: null, rootUri: null, capabilities: {} })).error?.code).toBe(
      InvalidRequest,
    );
    server.notify('textDocument/didOpen', {
      textDocument: { uri: `file://${root}/late.pas`, languageId: 'pascal', version: 1, text: PROGRAM },
    });
    server.notify('exit');
    expect(await exitWithin(server, 10_000)).toBe(0);
    await server.logged('textDocument/didOpen: the server is shut down');
  });

  it('exit without shutdown ends with 1', async () => {
    const server = start();
    await initialize(server, workspace());
    server.notify('exit');
    expect(await exitWithin(server, 10_000)).toBe(1);
  });

  it('stdin closing ends the process: 0 after shutdown, 1 without', async () => {
    const shut = start();
    await initialize(shut, workspace());
    await shut.request('shutdown');
    shut.child.stdin.end();
    const cut = start();
    await initialize(cut, workspace());
    cut.child.stdin.end();
    expect([await exitWithin(shut, 10_000), await exitWithin(cut, 10_000)]).toEqual([0, 1]);
  });
});

describe('over node IPC, as the VS Code extension runs the server', () => {
  it('the same gate: -32002 before initialize, one initialize, -32602 for bad params', async () => {
    const child = fork(BIN, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const answers = new Map<number, { error?: { code: number }; result?: unknown }>();
    const waiting = new Map<number, () => void>();
    child.on('message', (m: { id?: number; error?: { code: number }; result?: unknown; method?: string }) => {
      if (m.method !== undefined || typeof m.id !== 'number') return;
      answers.set(m.id, m);
      waiting.get(m.id)?.();
    });
    const request = (
      id: number,
      method: string,
      params?: unknown,
    ): Promise<{ error?: { code: number }; result?: unknown }> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${method}`)), 20_000);
        waiting.set(id, () => {
          clearTimeout(timer);
          resolve(answers.get(id) ?? {});
        });
        child.send({ jsonrpc: '2.0', id, method, params });
      });
    try {
      const hover = { textDocument: { uri: 'file:///a.pas' }, position: { line: 0, character: 0 } };
      expect((await request(1, 'textDocument/hover', hover)).error?.code).toBe(ServerNotInitialized);
      const params = { processId: null, rootUri: `file://${workspace()}`, capabilities: {} };
      expect((await request(2, 'initialize', params)).result).toMatchObject({ capabilities: {} });
      expect((await request(3, 'initialize', params)).error?.code).toBe(InvalidRequest);
      expect((await request(4, 'textDocument/hover', { ...hover, position: '3:4' })).error?.code).toBe(-32602);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
