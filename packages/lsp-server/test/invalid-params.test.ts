import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialize, startRaw, type RawServer } from './raw-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

// JSON-RPC 2.0 and LSP 3.17's codes: the oracle.
const InvalidParams = -32602;
const InternalError = -32603;
const InvalidRequest = -32600;
const RequestFailed = -32803;

const PROGRAM = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.';

let server: RawServer;
let uri: string;

beforeAll(async () => {
  server = startRaw();
  const root = workspace();
  await initialize(server, root);
  uri = `file://${root}/a.pas`;
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version: 1, text: PROGRAM } });
  expect(await hoverAnswers()).toBe(true);
});

afterAll(() => {
  server.kill();
  removeWorkspaces();
});

/** A normal hover on `x` still gets its answer: what every hostile input below is followed by. */
async function hoverAnswers(): Promise<boolean> {
  const answer = await server.request('textDocument/hover', {
    textDocument: { uri },
    position: { line: 4, character: 10 },
  });
  return answer.result !== null && answer.result !== undefined && server.child.exitCode === null;
}

const REQUESTS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/documentSymbol',
  'textDocument/signatureHelp',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/semanticTokens/full',
  'textDocument/semanticTokens/range',
  'textDocument/diagnostic',
  'textDocument/codeAction',
  'textDocument/formatting',
  'workspace/executeCommand',
  'parsercraft/health',
  // Already initialized: InvalidRequest whatever its params, and nothing set up again.
  'initialize',
] as const;

const NOTIFICATIONS = [
  'textDocument/didOpen',
  'textDocument/didChange',
  'textDocument/didClose',
  'textDocument/didSave',
  'workspace/didChangeConfiguration',
  '$/cancelRequest',
  '$/setTrace',
  'initialized',
] as const;

describe('invalid params are InvalidParams (-32602), naming the field', () => {
  it.each([
    [
      'textDocument/hover',
      { textDocument: { uri: 'file:///a.pas' }, position: '3:4' },
      'params.position: expected object, received string',
    ],
    [
      'textDocument/hover',
      { textDocument: { uri: 'file:///a.pas' }, position: { line: -1, character: 0 } },
      'params.position.line',
    ],
    [
      'textDocument/hover',
      { textDocument: { uri: 'file:///a.pas' }, position: { line: 0, character: 0.5 } },
      'params.position.character: expected integer, received number',
    ],
    [
      'textDocument/hover',
      { textDocument: { uri: 7 }, position: { line: 0, character: 0 } },
      'params.textDocument.uri: expected string, received number',
    ],
    ['textDocument/hover', undefined, 'params is required'],
    ['textDocument/definition', [{ uri: 'file:///a.pas' }], 'params: expected object, received array'],
    [
      'textDocument/references',
      { textDocument: { uri: 'file:///a.pas' }, position: { line: 0, character: 0 } },
      'params.context is required',
    ],
    [
      'textDocument/rename',
      { textDocument: { uri: 'file:///a.pas' }, position: { line: 0, character: 0 }, newName: 5 },
      'params.newName',
    ],
    ['textDocument/semanticTokens/range', { textDocument: { uri: 'file:///a.pas' } }, 'params.range is required'],
    [
      'textDocument/codeAction',
      {
        textDocument: { uri: 'file:///a.pas' },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [{}] },
      },
      'params.context.diagnostics[0].range is required',
    ],
    [
      'textDocument/formatting',
      { textDocument: { uri: 'file:///a.pas' }, options: { tabSize: '2', insertSpaces: true } },
      'params.options.tabSize',
    ],
    ['workspace/executeCommand', { command: null }, 'params.command: expected string, received null'],
    [
      'textDocument/completion',
      { textDocument: { uri: 'file:///a.pas' }, position: { line: 0, character: 0 }, context: { triggerKind: 9 } },
      'params.context.triggerKind',
    ],
  ])('%s with %j', async (method, params, field) => {
    const answer = await server.request(method, params);
    expect(answer.error?.code).toBe(InvalidParams);
    expect(answer.error?.message).toContain(`Invalid params for ${method}: `);
    expect(answer.error?.message).toContain(field);
    expect(await hoverAnswers()).toBe(true);
  });

  it("fix data the client changed offers no fix; the server's own still does", async () => {
    // A real published quick fix, then the same data with spoilt fixes around it.
    const fixUri = uri.replace('a.pas', 'fix.pas');
    server.notify('textDocument/didOpen', {
      textDocument: {
        uri: fixUri,
        languageId: 'pascal',
        version: 1,
        text: PROGRAM.replace('WriteLn(x)', 'WriteLn(xx)'),
      },
    });
    let published:
      | { diagnostics: { range: unknown; data?: { fixes: unknown[]; revision: number; spans: unknown[] } }[] }
      | undefined;
    for (let i = 0; i < 100 && !published; i++) {
      published = server.messages.find(
        (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === fixUri,
      )?.params as typeof published;
      if (!published) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const real = published?.diagnostics.find((d) => d.data);
    expect(real?.data?.fixes).toHaveLength(1);
    const { range } = real as { range: { start: { line: number; character: number } } };
    const data = real?.data as { fixes: unknown[]; revision: number; spans: unknown[]; seal: string };
    const answer = await server.request('textDocument/codeAction', {
      textDocument: { uri: fixUri },
      range,
      context: {
        diagnostics: [
          {
            range,
            message: 'spoilt',
            data: {
              ...data,
              fixes: [
                { title: 'null edit', edits: [null] },
                { title: 'bad range', edits: [{ range: { start: 'x' }, newText: 'y' }] },
                null,
                { title: 'no span', edits: [{ range, newText: 'y' }] },
                { title: 'span past the end', edits: [{ range, newText: 'y' }] },
                data.fixes[0],
              ],
              spans: [[[0, 1]], [[0, 1]], [], [], [[10_000_000, 10_000_001]], data.spans[0]],
            },
          },
          { range, message: 'odd data', data: 'not an object' },
          // The server's fix with another title and text, under its seal: someone else's edit.
          {
            range,
            message: 'relabelled',
            data: { ...data, fixes: [{ title: 'evil', edits: [{ range, newText: 'rm -rf' }] }] },
          },
          { range, message: 'unchanged', data },
          { range, message: 'no revision', data: { fixes: data.fixes, spans: data.spans } },
        ],
      },
    });
    expect(answer.error).toBeUndefined();
    expect((answer.result as { title: string }[]).map((a) => a.title)).toEqual(["Change to 'x'"]);
  });

  it('extra fields the spec does not name are allowed, as its types allow', async () => {
    const answer = await server.request('textDocument/hover', {
      textDocument: { uri, extra: 1 },
      position: { line: 4, character: 10, also: 'x' },
      somethingNew: true,
    });
    expect(answer.result).toMatchObject({ contents: { kind: 'markdown' } });
  });

  it('a notification with invalid params is dropped with a classified warning, never a crash', async () => {
    server.notify('textDocument/didOpen', {
      textDocument: { uri: 'file:///no-text.pas', languageId: 'pascal', version: 1 },
    });
    server.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ text: 'garbage' }] });
    server.notify('$/cancelRequest', {});
    server.notify('$/setTrace', { value: 'loud' });
    expect(await hoverAnswers()).toBe(true);
    await server.logged('Invalid params for $/setTrace');
    const dropped = server
      .stderr()
      .split('\n')
      .filter((l) => l.includes('notification with invalid params dropped'));
    expect(dropped.join('\n')).toContain(
      'Invalid params for textDocument/didOpen: params.textDocument.text is required.',
    );
    expect(dropped.join('\n')).toContain(
      'Invalid params for textDocument/didChange: params.textDocument.version is required.',
    );
    expect(dropped.every((l) => l.includes('"code":"PC_LSP_INVALID_PARAMS"'))).toBe(true);
    expect(dropped).toHaveLength(4);
  });
});

describe('any JSON as params', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  // Also values that look nearly right, so checks deeper than the first field are reached.
  const nearly = fc.record(
    {
      textDocument: fc.oneof(fc.record({ uri: fc.oneof(fc.constant('file:///a.pas'), json) }), json),
      position: fc.oneof(fc.record({ line: json, character: json }), json),
      range: json,
      context: json,
      options: json,
      command: json,
      newName: json,
    },
    { requiredKeys: [] },
  );
  const params = fc.oneof(json, nearly, fc.constant(undefined));

  it('a request gets a result or -32602, never -32603 or silence; the server keeps serving', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...REQUESTS), params, async (method, p) => {
        const answer = await server.request(method, p, 10_000);
        if (answer.error !== undefined) {
          expect(answer.error.code, `${method} ${JSON.stringify(p)}: ${answer.error.message}`).not.toBe(InternalError);
          // Params that are not an object or array make no valid Request object at all (JSON-RPC 2.0, 4.2):
          // InvalidRequest. A well-formed request about a document that is not open fails as such (-32803).
          expect([InvalidParams, InvalidRequest, RequestFailed]).toContain(answer.error.code);
        }
      }),
      { seed: 20261202, numRuns: 600, interruptAfterTimeLimit: 60_000 },
    );
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(await hoverAnswers()).toBe(true);
  });

  it('valid params anywhere in the open document get a result or a spec error, never -32603', async () => {
    const uinteger = fc.oneof(fc.nat({ max: 12 }), fc.nat({ max: 2 ** 31 - 1 }));
    const position = fc.record({ line: uinteger, character: uinteger });
    const valid = fc.oneof(
      fc.tuple(
        fc.constantFrom(
          'textDocument/hover',
          'textDocument/completion',
          'textDocument/definition',
          'textDocument/documentHighlight',
          'textDocument/signatureHelp',
          'textDocument/prepareRename',
        ),
        position.map((p) => ({ textDocument: { uri }, position: p })),
      ),
      fc.tuple(
        fc.constant('textDocument/references'),
        fc.tuple(position, fc.boolean()).map(([p, includeDeclaration]) => ({
          textDocument: { uri },
          position: p,
          context: { includeDeclaration },
        })),
      ),
      fc.tuple(
        fc.constant('textDocument/rename'),
        fc
          .tuple(position, fc.string({ maxLength: 8 }))
          .map(([p, newName]) => ({ textDocument: { uri }, position: p, newName })),
      ),
      fc.tuple(
        fc.constant('textDocument/semanticTokens/range'),
        fc.tuple(position, position).map(([start, end]) => ({ textDocument: { uri }, range: { start, end } })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(valid, async ([method, p]) => {
        const answer = await server.request(method, p, 10_000);
        expect(answer.error?.code, `${method} ${JSON.stringify(p)}: ${answer.error?.message}`).not.toBe(InternalError);
      }),
      { seed: 20261204, numRuns: 300, interruptAfterTimeLimit: 60_000 },
    );
    expect(await hoverAnswers()).toBe(true);
  });

  it('a notification never crashes the server, whatever its params', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NOTIFICATIONS), params, async (method, p) => {
        // Never a document the next check hovers in: a valid didClose or didChange of it would be no bug.
        const aimed = p && typeof p === 'object' && JSON.stringify(p).includes(uri);
        if (aimed) return;
        server.notify(method, p);
        expect((await server.request('parsercraft/health')).result).toBeDefined();
      }),
      { seed: 20261203, numRuns: 400, interruptAfterTimeLimit: 60_000 },
    );
    expect(await hoverAnswers()).toBe(true);
  });
});
