import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentHighlightRequest,
  HoverRequest,
  ReferencesRequest,
  type DocumentDiagnosticReport,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerUnderTest, type StartOptions } from './lsp-client.js';
import { removeWorkspaces, workspace } from './workspace.js';

const servers: ServerUnderTest[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill();
  removeWorkspaces();
});

async function start(
  options: StartOptions = {},
): Promise<{ server: ServerUnderTest; root: string; uri: (n: string) => string }> {
  const root = workspace();
  const server = await startServer(root, options);
  servers.push(server);
  return { server, root, uri: (name) => `file://${root}/${name}` };
}

/** A program whose analysis takes long enough (a few hundred ms) that requests arrive before it ends. */
function program(locals: number): string {
  const body = Array.from({ length: locals }, (_, i) => `  v${i} := v${i} + total;`).join('\n');
  const vars = Array.from({ length: locals }, (_, i) => `v${i}`).join(', ');
  return `PROGRAM P;\nVAR total, ${vars}: INTEGER;\nBEGIN\n  total := 1;\n${body}\n  WriteLn(total)\nEND.`;
}

const textAt = (doc: TextDocument, r: Range): string => doc.getText(r);

describe('the edit path never answers with stale positions', () => {
  it('highlights, references, definition and hover right after an edit that moves every line match the current text', async () => {
    const { server, uri } = await start();
    const u = uri('moving.pas');
    let doc = TextDocument.create(u, 'pascal', 1, program(3000));
    await server.open(u, 'pascal', doc.getText());
    await server.diagnostics(u);
    for (let version = 2; version <= 9; version++) {
      // Insert comment lines at the top: every name moves down, so an old index answers lines off.
      const change = {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        text: '// moved\n'.repeat(version),
      };
      doc = TextDocument.update(doc, [change], version);
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: u, version },
        contentChanges: [change],
      });
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('  total := 1;'));
      const at = { textDocument: { uri: u }, position: { line, character: 3 } };
      const [highlights, references, definition, hover] = await Promise.all([
        server.connection.sendRequest(DocumentHighlightRequest.type, at),
        server.connection.sendRequest(ReferencesRequest.type, {
          ...at,
          context: { includeDeclaration: true },
        }),
        server.connection.sendRequest(DefinitionRequest.type, at),
        server.connection.sendRequest(HoverRequest.type, at),
      ]);
      // Every answer is of the current text: each range holds the name asked about.
      expect(highlights?.length).toBe(3003);
      for (const h of highlights ?? []) expect(textAt(doc, h.range).toLowerCase()).toBe('total');
      expect(references?.length).toBe(3003);
      for (const r of references ?? []) expect(textAt(doc, r.range).toLowerCase()).toBe('total');
      const def = Array.isArray(definition) ? definition[0] : definition;
      expect(def && 'range' in def && textAt(doc, def.range).toLowerCase()).toBe('total');
      expect(hover?.range && textAt(doc, hover.range)).toBe('total');
    }
  });
});

describe('versions the client gets wrong', () => {
  it('repeated version numbers and a reopen without close still get answers about the current text', async () => {
    const { server, uri } = await start();
    const u = uri('v.pas');
    let doc = TextDocument.create(u, 'pascal', 5, program(200));
    await server.open(u, 'pascal', doc.getText());
    await server.diagnostics(u);
    const highlightsMatch = async (): Promise<void> => {
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('  total := 1;'));
      const answer = await server.connection.sendRequest(DocumentHighlightRequest.type, {
        textDocument: { uri: u },
        position: { line, character: 3 },
      });
      expect(answer?.length).toBe(203);
      for (const h of answer ?? []) expect(textAt(doc, h.range).toLowerCase()).toBe('total');
    };
    // The same version number three times, each edit moving every line.
    for (let i = 0; i < 3; i++) {
      const change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// x\n' };
      doc = TextDocument.update(doc, [change], 5);
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: u, version: 5 },
        contentChanges: [change],
      });
      await highlightsMatch();
    }
    // Opened again, with a lower version and other text, without a close in between.
    doc = TextDocument.create(u, 'pascal', 1, `// reopened\n// twice\n${program(200)}`);
    await server.open(u, 'pascal', doc.getText());
    await highlightsMatch();
    const published = await server.diagnostics(u, (p) => p.version === 1);
    expect(published.diagnostics).toEqual([]);
  });
});

/** A program with one name that only full (semantic) analysis reports. */
const undefinedName = (i: number): string =>
  `PROGRAM D${i};\nVAR x: INTEGER;\nBEGIN\n  x := missing${i} + 1;\n  WriteLn(x)\nEND.`;

const semantic = (p: PublishDiagnosticsParams, i: number): boolean =>
  p.diagnostics.some((d) => d.message === `'missing${i}' is not declared.`) &&
  !p.diagnostics.some((d) => d.code === 'PC_SERVER_ANALYSIS_DEGRADED');

describe('admission never drops a document', () => {
  it('40 documents opened at once all get full analysis, and hover answers on each', async () => {
    const { server, uri } = await start();
    const n = 40;
    const published = Array.from({ length: n }, (_, i) =>
      server.diagnostics(uri(`d${i}.pas`), (p) => semantic(p, i), 60_000),
    );
    await Promise.all(Array.from({ length: n }, (_, i) => server.open(uri(`d${i}.pas`), 'pascal', undefinedName(i))));
    await Promise.all(published);
    for (let i = 0; i < n; i += 7) {
      const hover = await server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: uri(`d${i}.pas`) },
        position: { line: 3, character: 3 },
      });
      expect(hover?.contents).toMatchObject({ value: expect.stringContaining('x') as string });
    }
    const report = await server.connection.sendRequest<{ documents: { open: number; degraded: unknown[] } }>(
      'parsercraft/health',
      {},
    );
    expect(report.documents).toMatchObject({ open: n, degraded: [] });
  });

  it('a configuration change with 30 documents open re-analyses every one of them fully', async () => {
    const { server, uri } = await start();
    const n = 30;
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const first = server.diagnostics(uri(`c${i}.pas`), (p) => semantic(p, i), 60_000);
        await server.open(uri(`c${i}.pas`), 'pascal', undefinedName(i));
        await first;
      }),
    );
    const again = Array.from({ length: n }, (_, i) =>
      server.diagnostics(uri(`c${i}.pas`), (p) => semantic(p, i), 60_000),
    );
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await Promise.all(again);
  });
});

describe('pull diagnostics follow content, not versions', () => {
  it('a config edit that changes the findings of the same version gets a new result id and a refresh request', async () => {
    const { server, root, uri } = await start({
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false } },
        workspace: { diagnostics: { refreshSupport: true } },
      },
    });
    let refreshes = 0;
    server.connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
    const u = uri('p.pas');
    await server.open(u, 'pascal', 'PROGRAM P;\nBEGIN\n  WriteLn(1)\nEND.');
    const first = (await server.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: u },
    })) as DocumentDiagnosticReport & { resultId: string };
    expect(first).toMatchObject({ kind: 'full', items: [] });
    // The language no longer has WriteLn: the same version of p.pas now has an error.
    const config = join(root, 'pascal.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('name: "WriteLn"', 'name: "PrintLn"'));
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    for (let i = 0; i < 100 && refreshes === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refreshes).toBe(1);
    const second = (await server.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri: u },
      previousResultId: first.resultId,
    })) as DocumentDiagnosticReport & { resultId: string };
    expect(second.kind).toBe('full');
    expect(second.resultId).not.toBe(first.resultId);
    expect(second.kind === 'full' && second.items.map((d) => d.message)).toEqual([expect.stringContaining('WriteLn')]);
  });

  it('a document in no language, or not open, gets an empty full report', async () => {
    const { server, uri } = await start({
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
    });
    await server.open(uri('notes.txt'), 'plaintext', 'hello');
    for (const u of [uri('notes.txt'), uri('closed.pas')])
      expect(await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: u } })).toEqual(
        { kind: 'full', items: [] },
      );
  });
});
