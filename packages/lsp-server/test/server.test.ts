import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  ShutdownRequest,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './lsp-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

const servers: ServerUnderTest[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

async function start(): Promise<{ server: ServerUnderTest; root: string }> {
  const root = workspace();
  const server = await startServer(root);
  servers.push(server);
  return { server, root };
}

describe('limits and lifecycle', () => {
  it('a 6 MB document gets one diagnostic saying analysis is off, and the server keeps serving others', async () => {
    const { server, root } = await start();
    const huge = `file://${root}/huge.pas`;
    const text = `PROGRAM H;\nBEGIN\n${'  WriteLn(1);\n'.repeat((6 * 2 ** 20) / 14)}END.`;
    expect(text.length).toBeGreaterThan(6 * 2 ** 20 - 100);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: huge, languageId: 'pascal', version: 1, text },
    });
    const { diagnostics } = await server.diagnostics(huge);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'PC_SERVER_DOCUMENT_TOO_LARGE',
        severity: 2,
        message: expect.stringMatching(
          /^Analysis is off for this document: it is 6\.0 MB, over the 5\.0 MB limit\.$/,
        ) as string,
        codeDescription: { href: expect.stringMatching(/RUNBOOK\.md#pc_server_document_too_large$/) as string },
      }),
    ]);
    const small = `file://${root}/small.pas`;
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: small, languageId: 'pascal', version: 1, text: 'PROGRAM S;\nBEGIN\n  WriteLn(nope)\nEND.' },
    });
    expect((await server.diagnostics(small)).diagnostics.map((d) => d.code)).toEqual(['undefined-name']);
  });

  it('a server whose client process has gone away exits by itself', async () => {
    const root = workspace();
    // A stand-in client process that ends a moment after the server starts.
    const client = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1500)']);
    const server = await startServer(root, { clientPid: client.pid });
    servers.push(server);
    const code = await Promise.race([
      server.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000)),
    ]);
    expect(code).not.toBe('still running');
    if (client.exitCode === null) client.kill();
  });
});

describe('diagnostics over stdio', () => {
  it('a Pascal document with an error gets its diagnostic, and an edit that fixes it clears it', async () => {
    const { server, root } = await start();
    const uri = `file://${root}/main.pas`;
    const text = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := missing;\n  WriteLn(x)\nEND.';
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'pascal', version: 1, text },
    });
    const first = await server.diagnostics(uri);
    expect(first.version).toBe(1);
    expect(first.diagnostics).toEqual([
      expect.objectContaining({
        code: 'undefined-name',
        severity: 1,
        source: 'parsercraft-semantic',
        message: "'missing' is not declared.",
        range: { start: { line: 3, character: 7 }, end: { line: 3, character: 14 } },
      }),
    ]);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 7 }, end: { line: 3, character: 14 } }, text: '42' }],
    });
    const second = await server.diagnostics(uri, (p) => p.version === 2);
    expect(second.diagnostics).toEqual([]);
  });

  it('an edited language config is loaded again on a configuration change, and documents are re-analysed with it', async () => {
    const { server, root } = await start();
    const uri = `file://${root}/print.pas`;
    await server.open(uri, 'pascal', 'PROGRAM P;\nBEGIN\n  Print(1)\nEND.');
    expect((await server.diagnostics(uri)).diagnostics.map((d) => d.message)).toEqual([
      "'Print' is not a declared function, procedure or array.",
    ]);
    const config = join(root, 'pascal.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('name: "WriteLn"', 'name: "Print"'));
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    expect((await server.diagnostics(uri)).diagnostics).toEqual([]);
  });

  it('an open language config gets its own classified findings, and saving it re-analyses its documents', async () => {
    const { server, root } = await start();
    const program = `file://${root}/print.pas`;
    await server.open(program, 'pascal', 'PROGRAM P;\nBEGIN\n  Print(1)\nEND.');
    expect((await server.diagnostics(program)).diagnostics).toHaveLength(1);
    const config = join(root, 'pascal.yaml');
    const original = readFileSync(config, 'utf8');
    const broken = original.replace('precedence: 4', 'precedence: "high"');
    const configUri = `file://${config}`;
    await server.open(configUri, 'yaml', broken);
    const { diagnostics } = await server.diagnostics(configUri);
    const line = broken.split('\n').findIndex((l) => l.includes('precedence: "high"'));
    expect(diagnostics[0]).toMatchObject({
      code: 'PC_CONFIG_WRONG_TYPE',
      severity: 1,
      source: 'parsercraft-config',
      message: "operator '+'.precedence must be a number.",
      range: { start: { line } },
      codeDescription: { href: expect.stringMatching(/RUNBOOK\.md#pc_config_wrong_type$/) as string },
    });
    // The user fixes it, renames WriteLn to Print, and saves.
    const fixed = original.replace('name: "WriteLn"', 'name: "Print"');
    writeFileSync(config, fixed);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: configUri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    expect((await server.diagnostics(configUri, (p) => p.version === 2)).diagnostics).toEqual([]);
    await server.connection.sendNotification(DidSaveTextDocumentNotification.type, {
      textDocument: { uri: configUri },
    });
    expect((await server.diagnostics(program, (p) => p.diagnostics.length === 0)).diagnostics).toEqual([]);
  });

  it('a config whose layout parser cannot be built says so on the config, at the entry to blame, and on its programs', async () => {
    const root = workspace();
    const configText = JSON.stringify(
      { keywords: { let: 'let' }, parsing_config: { block_start: '{', statement_separator: '(' } },
      null,
      2,
    );
    writeFileSync(join(root, 'braces.json'), configText);
    const project = JSON.parse(readFileSync(join(root, 'parsercraft.json'), 'utf8')) as {
      languages: Record<string, unknown>;
    };
    project.languages['braces'] = { config: 'braces.json', extensions: ['.br'] };
    writeFileSync(join(root, 'parsercraft.json'), JSON.stringify(project));
    const server = await startServer(root);
    servers.push(server);
    const configUri = `file://${root}/braces.json`;
    await server.open(configUri, 'json', configText);
    const { diagnostics } = await server.diagnostics(configUri);
    const line = configText.split('\n').findIndex((l) => l.includes('statement_separator'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'PC_CONFIG_LAYOUT_UNUSABLE',
      severity: 1,
      range: { start: { line } },
    });
    const program = `file://${root}/p.br`;
    await server.open(program, 'braces', 'let x = 1;\n');
    const found = (await server.diagnostics(program)).diagnostics;
    expect(found[0]).toMatchObject({ code: 'config-layout-unusable', range: { start: { line: 0, character: 0 } } });
  });

  it('protocol findings come with the analysis, linked to their RUNBOOK.md entry', async () => {
    const { server, root } = await start();
    const uri = `file://${root}/shapes.shp`;
    const text =
      'PROGRAM S;\nTYPE\n  Named = PROTOCOL READONLY name: STRING; END;\n  Blob = RECORD IMPLEMENTS Named size: REAL; END;\nBEGIN END.';
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'shapes', version: 1, text },
    });
    const { diagnostics } = await server.diagnostics(uri);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'protocol-nonconformance',
        source: 'parsercraft-protocol',
        message: 'Type Blob does not conform to protocol Named: missing property name: STRING.',
        codeDescription: { href: expect.stringMatching(/RUNBOOK\.md#protocol-nonconformance$/) as string },
        relatedInformation: [expect.objectContaining({ message: 'Named requires name here.' })],
      }),
    ]);
  });

  it('a document in no configured language gets nothing, and the server answers shutdown and exits with 0', async () => {
    const { server, root } = await start();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: `file://${root}/notes.txt`, languageId: 'plaintext', version: 1, text: 'hello' },
    });
    await expect(server.diagnostics(`file://${root}/notes.txt`, undefined, 1500)).rejects.toThrow(/no diagnostics/);
    await server.connection.sendRequest(ShutdownRequest.type);
    await server.connection.sendNotification(ExitNotification.type);
    expect(await server.exited).toBe(0);
  });
});
