import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { LanguageResolver } from '@parsercraft/lsp-server';
import { RequestGuard } from '../src/server/request-guard.js';
import { readDocumentUri } from '../src/protocol/document-uri.js';
import { initialize, startRaw, type RawServer, type ServerMessage } from './raw-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

const PROGRAM = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.';

/** URIs a fuzzer and real clients sent, each of which used to end the process with exit 1. */
const HOSTILE = [
  'file://fileserver/share/x.pas',
  'file:///%E0%A4%A',
  'file:///%E0%A4%A.pas',
  'file:///a%2Fb.pas',
  'file:///%00.pas',
  'untitled:Untitled-1',
  'vscode-notebook-cell:/home/u/nb.pas#W0sZmlsZQ%3D%3D',
  'not a uri at all',
  '',
  'file:',
  `file:///${'d/'.repeat(2000)}deep.pas`,
];

describe('LanguageResolver.languageOf never throws', () => {
  let resolver: LanguageResolver;
  beforeAll(async () => {
    const root = workspace();
    resolver = new LanguageResolver(root);
    await resolver.reload(undefined);
  });

  it('judges a URI with no local file behind it by the extension of its path, and one with none has no language', () => {
    const ids = Object.fromEntries(HOSTILE.map((uri) => [uri, resolver.languageOf(uri)?.id]));
    expect(ids).toMatchObject({
      'file://fileserver/share/x.pas': 'pascal',
      'file:///%E0%A4%A': undefined,
      'file:///%E0%A4%A.pas': 'pascal',
      'untitled:Untitled-1': undefined,
      'vscode-notebook-cell:/home/u/nb.pas#W0sZmlsZQ%3D%3D': 'pascal',
      'not a uri at all': undefined,
      '': undefined,
    });
  });

  it('readDocumentUri says why a URI names no local file', () => {
    expect(readDocumentUri('file://fileserver/share/x.pas')).toMatchObject({
      path: undefined,
      extension: '.pas',
      notLocal: expect.stringContaining('host') as string,
    });
    expect(readDocumentUri('untitled:Untitled-1')).toEqual({
      path: undefined,
      extension: '',
      notLocal: 'not a file: URI',
    });
    expect(readDocumentUri('file:///tmp/A.PAS')).toEqual({
      path: '/tmp/A.PAS',
      extension: '.pas',
      notLocal: undefined,
    });
  });
});

describe('RequestGuard.notification', () => {
  it('logs what a handler throws or rejects with, classified, and returns normally', async () => {
    const lines: string[] = [];
    const log = pino(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const guard = new RequestGuard(log, () => false);
    expect(() =>
      guard.notification('textDocument/didOpen', () => {
        throw new TypeError('boom');
      })(),
    ).not.toThrow();
    guard.notification('textDocument/didSave', () => Promise.reject(new Error('later')))();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => JSON.parse(l) as { method: string; err: { code: string } })).toMatchObject([
      { method: 'textDocument/didOpen', err: { code: 'PC_INTERNAL' }, msg: 'notification handler failed' },
      { method: 'textDocument/didSave', err: { code: expect.any(String) as string } },
    ]);
  });
});

describe('hostile URIs over real stdio', () => {
  let server: RawServer;
  let root: string;
  let uri: string;
  beforeAll(async () => {
    server = startRaw();
    root = workspace();
    await initialize(server, root);
    uri = `file://${root}/a.pas`;
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version: 1, text: PROGRAM } });
  });
  afterAll(() => {
    server.kill();
    removeWorkspaces();
  });

  const hoverAnswers = async (): Promise<boolean> => {
    const answer = await server.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 4, character: 10 },
    });
    return answer.result !== null && answer.result !== undefined && server.child.exitCode === null;
  };

  it.each(HOSTILE)('open, change, save, close and ask about %j: the server keeps serving', async (hostile) => {
    server.notify('textDocument/didOpen', {
      textDocument: { uri: hostile, languageId: 'pascal', version: 1, text: PROGRAM },
    });
    server.notify('textDocument/didChange', {
      textDocument: { uri: hostile, version: 2 },
      contentChanges: [{ text: `${PROGRAM}\n` }],
    });
    server.notify('textDocument/didSave', { textDocument: { uri: hostile } });
    for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/documentHighlight'])
      await server.request(method, { textDocument: { uri: hostile }, position: { line: 4, character: 10 } });
    const diagnostic = await server.request('textDocument/diagnostic', { textDocument: { uri: hostile } });
    expect(diagnostic.error?.code ?? 0).not.toBe(-32603);
    // A configuration change reads every open document's language again.
    server.notify('workspace/didChangeConfiguration', { settings: null });
    expect(await hoverAnswers()).toBe(true);
    server.notify('textDocument/didClose', { textDocument: { uri: hostile } });
    expect(await hoverAnswers()).toBe(true);
  });

  it('a UNC .pas document is analysed as Pascal; an untitled one has no language, and the log says why', async () => {
    const unc = 'file://fileserver/share/unc.pas';
    server.notify('textDocument/didOpen', {
      textDocument: { uri: unc, languageId: 'pascal', version: 1, text: PROGRAM },
    });
    // Formatting runs in the document's language, and names a document in none as such.
    const format = (target: string): Promise<ServerMessage> =>
      server.request('textDocument/formatting', {
        textDocument: { uri: target },
        options: { tabSize: 2, insertSpaces: true },
      });
    expect((await format(unc)).result).toBeInstanceOf(Array);
    server.notify('textDocument/didOpen', {
      textDocument: { uri: 'untitled:Untitled-2', languageId: 'pascal', version: 1, text: PROGRAM },
    });
    expect((await format('untitled:Untitled-2')).error).toMatchObject({
      code: -32803,
      message: 'No ParserCraft language is configured for untitled:Untitled-2.',
    });
    await server.logged('"uri":"untitled:Untitled-2","reason":"not a file: URI"');
    expect(server.stderr()).toMatch(
      /"uri":"file:\/\/fileserver\/share\/unc\.pas","reason":"not a local file: [^"]*host/,
    );
    expect(server.stderr()).not.toContain('notification handler failed');
  });
});

describe('a workspace root with no local folder', () => {
  it.each(['file://fileserver/share', 'untitled:ws', 'file:///%E0%A4%A'])(
    'initialize with %j is answered; the server serves',
    async (root) => {
      const server = startRaw();
      try {
        const answer = await server.request('initialize', {
          processId: null,
          rootUri: root,
          capabilities: {},
          workspaceFolders: [{ uri: root, name: 'remote' }],
        });
        expect(answer.result).toMatchObject({ capabilities: { hoverProvider: true } });
        server.notify('initialized', {});
        expect((await server.request('parsercraft/health')).result).toBeDefined();
      } finally {
        server.kill();
      }
    },
  );
});
