import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { PcError } from '@parsercraft/core';
import { LanguageServer, ServerCodes } from '@parsercraft/lsp-server';
import {
  createConnection as createServerConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { createMessageConnection, InitializeRequest, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { exitWithin, initialize, startRaw, type RawServer } from './raw-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

// JSON-RPC 2.0, section 5.1: the oracle for the codes.
const ParseError = -32700;
const InvalidRequest = -32600;

const servers: RawServer[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

const PROGRAM = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.';

async function serving(
  args: readonly string[] = [],
): Promise<{ server: RawServer; hoverAnswers: () => Promise<boolean> }> {
  const server = startRaw(args);
  servers.push(server);
  const root = workspace();
  await initialize(server, root);
  const uri = `file://${root}/a.pas`;
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version: 1, text: PROGRAM } });
  const hoverAnswers = async (): Promise<boolean> => {
    const answer = await server.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 4, character: 10 },
    });
    return answer.result !== null && answer.result !== undefined;
  };
  expect(await hoverAnswers()).toBe(true);
  return { server, hoverAnswers };
}

const frame = (body: string | Buffer): Buffer => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]);
};

describe('a body that is not JSON: ParseError with id null, and reading goes on', () => {
  it.each([
    ['cut-off JSON', frame('{"jsonrpc": "2.0", "id": 5, "method": '), 'the body is not JSON'],
    ['bytes that are not UTF-8', frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 'the body is not valid UTF-8'],
    ['an empty body', frame(''), 'the body is not JSON'],
    [
      'a charset LSP does not allow',
      Buffer.from('Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}'),
      'charset latin1 is not utf-8',
    ],
  ])('%s', async (_, bytes, reason) => {
    const { server, hoverAnswers } = await serving();
    server.raw(bytes);
    const answer = await server.response(null);
    expect(answer.error?.code).toBe(ParseError);
    expect(answer.error?.message).toContain(reason);
    expect(await hoverAnswers()).toBe(true);
  });
});

describe('JSON that is not a valid Request object: InvalidRequest', () => {
  it.each([
    ['a number', '42', null, 'not a JSON object'],
    ['null', 'null', null, 'not a JSON object'],
    ['a batch', '[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]', null, 'a batch'],
    ['an object with nothing in it', '{}', null, 'no method'],
    [
      'an object id',
      '{"jsonrpc":"2.0","id":{},"method":"textDocument/hover"}',
      null,
      'id must be an integer or a string',
    ],
    ['jsonrpc 1.0', '{"jsonrpc":"1.0","id":9,"method":"textDocument/hover","params":{}}', 9, 'jsonrpc must be "2.0"'],
    [
      'a number as params',
      '{"jsonrpc":"2.0","id":"p","method":"textDocument/hover","params":5}',
      'p',
      'params must be an object',
    ],
    ['a method that is not a string', '{"jsonrpc":"2.0","id":11,"method":7}', 11, 'method must be a string'],
  ])('%s', async (_, body, id, reason) => {
    const { server, hoverAnswers } = await serving();
    server.send(body);
    const answer = await server.response(id);
    expect(answer.error?.code).toBe(InvalidRequest);
    expect(answer.error?.message).toContain(reason);
    expect(await hoverAnswers()).toBe(true);
  });
});

describe('frames as clients really send them', () => {
  it('one byte at a time, several frames in one write, and a Content-Length counted in UTF-8 bytes', async () => {
    const { server, hoverAnswers } = await serving();
    const health = frame(JSON.stringify({ jsonrpc: '2.0', id: 'one', method: 'parsercraft/health' }));
    for (const byte of health) server.raw(Buffer.from([byte]));
    expect((await server.response('one')).result).toBeDefined();
    const twice = Buffer.concat([
      frame(JSON.stringify({ jsonrpc: '2.0', id: 'two', method: 'parsercraft/health' })),
      frame(
        JSON.stringify({ jsonrpc: '2.0', id: 'three', method: 'parsercraft/health', params: { note: 'ümlaut ✓ 𝄞' } }),
      ),
    ]);
    server.raw(twice);
    expect((await server.response('two')).result).toBeDefined();
    expect((await server.response('three')).result).toBeDefined();
    expect(await hoverAnswers()).toBe(true);
  });
});

describe('a broken header ends the connection: exit 1, PC_SERVER_FRAMING in the log naming the cause', () => {
  it.each([
    [
      'no Content-Length',
      'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}',
      'the header has no Content-Length',
    ],
    [
      'a Content-Length that is not a number',
      'Content-Length: abc\r\n\r\n{}',
      "Content-Length 'abc' is not a byte count",
    ],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', "Content-Length '-5' is not a byte count"],
    ['a Content-Length in exponent form', 'Content-Length: 1e3\r\n\r\n{}', "Content-Length '1e3' is not a byte count"],
    [
      'a Content-Length over 64 MiB',
      'Content-Length: 67108865\r\n\r\n{}',
      'Content-Length 67108865 is over the 67108864-byte limit',
    ],
    ['two Content-Lengths', 'Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}', 'a second Content-Length'],
    ['bare LF line ends', 'Content-Length: 2\n\n{}', 'bare LF'],
    ['JSON with no header', '{"jsonrpc":"2.0","id":1,"method":"shutdown"}', "'{' does not start a header line"],
    ['a header that never ends', `X-Padding: ${'a'.repeat(9000)}`, 'no end of the header within 8192 bytes'],
  ])('%s', async (_, bytes, reason) => {
    const { server } = await serving();
    server.raw(bytes);
    expect(await exitWithin(server, 10_000)).toBe(1);
    const line = server
      .stderr()
      .split('\n')
      .find((l) => l.includes('"code":"PC_SERVER_FRAMING"'));
    expect(line).toBeDefined();
    expect(line).toContain(reason);
  });

  it('with a health port: /readyz answers 200 before, and nothing answers it after', async () => {
    const { server } = await serving(['--health-port', '0']);
    let port = 0;
    for (let i = 0; i < 50 && !port; i++) {
      port = Number(/"port":(\d+)/.exec(server.stderr())?.[1] ?? 0);
      if (!port) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    server.raw('Content-Length: nope\r\n\r\n');
    expect(await exitWithin(server, 10_000)).toBe(1);
    await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
  });
});

describe('LanguageServer.transportFailed', () => {
  it('makes /readyz answer 503 and logs the classified code, in the process that embeds the server', async () => {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const logged: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
    const server = new LanguageServer(
      createServerConnection(
        ProposedFeatures.all,
        new StreamMessageReader(toServer),
        new StreamMessageWriter(fromServer),
      ),
      { healthPort: 0, logger },
    );
    const { healthPort } = await server.listen();
    const client = createMessageConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
    client.onRequest(() => null);
    client.listen();
    try {
      await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      await client.sendNotification('initialized', {});
      const readyz = `http://127.0.0.1:${healthPort}/readyz`;
      // initialized is handled a moment after it is sent: ready from then on.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(readyz)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      server.transportFailed(new PcError(ServerCodes.PC_SERVER_FRAMING, 'Content-Length is missing.'));
      const after = await fetch(readyz);
      expect(after.status).toBe(503);
      expect(await after.json()).toMatchObject({ ready: false });
      expect(logged.join('')).toContain('"code":"PC_SERVER_FRAMING"');
    } finally {
      await client.sendRequest(ShutdownRequest.type);
      client.dispose();
    }
  });
});
