import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  ReferencesRequest,
  SemanticTokensRequest,
  type MarkupContent,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './lsp-client.js';
import { CONFIGS, removeWorkspaces, workspace } from './workspace.js';

// ParserCraft's Forth-like config is read in the stack layout (packages/language/src/syntax/stack/).
const PROGRAM = [
  '\\ Squares in Forth',
  ': SQUARE ( n -- n*n ) DUP * ;',
  ': SUM-OF-SQUARES ( a b -- c ) SQUARE SWAP SQUARE + ;',
  'VARIABLE TOTAL',
  '5 3 SUM-OF-SQUARES TOTAL !',
  'TOTAL @ .',
  '2 SQAURE .',
  '',
].join('\n');

function at(needle: string, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = PROGRAM.indexOf(needle, offset + 1);
  const before = PROGRAM.slice(0, offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

let server: ServerUnderTest;
let root: string;
const uri = (): string => `file://${root}/squares.fs`;
const doc = (): { textDocument: { uri: string } } => ({ textDocument: { uri: uri() } });

beforeAll(async () => {
  root = workspace();
  cpSync(join(CONFIGS, 'forth_like.yaml'), join(root, 'forth.yaml'));
  writeFileSync(
    join(root, 'parsercraft.json'),
    JSON.stringify({ languages: { forth: { config: 'forth.yaml', extensions: ['.fs'] } } }),
  );
  server = await startServer(root);
  await server.open(uri(), 'forth', PROGRAM);
});
afterAll(() => {
  server.kill();
  removeWorkspaces();
});

describe('a Forth program over the language server', () => {
  it('publishes the one undefined word, and nothing about real Forth', async () => {
    const { diagnostics } = await server.diagnostics(uri());
    expect(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)).toEqual([
      '7:3 undefined-name',
    ]);
  });

  it('outlines, defines, references and hovers the words a program defines', async () => {
    const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, doc());
    expect(symbols?.map((s) => s.name)).toEqual(['SQUARE', 'SUM-OF-SQUARES', 'TOTAL']);
    const use = at('SQUARE', 2);
    expect(await server.connection.sendRequest(DefinitionRequest.type, { ...doc(), position: use })).toEqual({
      uri: uri(),
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } },
    });
    const refs = await server.connection.sendRequest(ReferencesRequest.type, {
      ...doc(),
      position: use,
      context: { includeDeclaration: true },
    });
    expect(refs?.map((r) => r.range.start.line)).toEqual([1, 2, 2]);
    const hover = await server.connection.sendRequest(HoverRequest.type, { ...doc(), position: use });
    expect((hover?.contents as MarkupContent).value).toContain(': SQUARE ( n -- n*n )');
  });

  it('serves the other features without failing on the stack layout', async () => {
    const tokens = await server.connection.sendRequest(SemanticTokensRequest.type, doc());
    expect(tokens?.data.length).toBeGreaterThan(0);
    const completion = await server.connection.sendRequest(CompletionRequest.type, {
      ...doc(),
      position: at('TOTAL @'),
    });
    expect(completion).not.toBeNull();
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      ...doc(),
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toEqual([]);
  });
});
