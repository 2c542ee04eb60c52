import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { BIN, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pc-cli-lsp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsercraft lsp --stdio', () => {
  it('serves the bundled language over stdio with no project, and exits 0 after shutdown and exit', async () => {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: dir, stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const c = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      c.onNotification('textDocument/publishDiagnostics', resolve),
    );
    c.listen();
    try {
      await c.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: `file://${dir}`,
        capabilities: {},
        workspaceFolders: [{ uri: `file://${dir}`, name: 'cli' }],
      });
      await c.sendNotification('initialized', {});
      const uri = `file://${dir}/a.pas`;
      await c.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'pascal', version: 1, text: 'PROGRAM A;\nBEGIN\n  WriteLn(nope)\nEND.' },
      });
      expect((await published).diagnostics.map((d) => d.code)).toEqual(['undefined-name']);
      await c.sendRequest(ShutdownRequest.type);
      await c.sendNotification(ExitNotification.type);
      expect(await exited).toBe(0);
    } finally {
      c.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('reads its command line as parsercraft-lsp does: no transport or a bad --health-port is PC_SERVER_USAGE, exit 2', async () => {
    const none = await runCli(['lsp'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^error PC_SERVER_USAGE Name a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME\. \(parsercraft explain PC_SERVER_USAGE, or see file:\S+\/packages\/cli\/RUNBOOK\.md#pc_server_usage\)\n$/,
    );
    const port = await runCli(['lsp', '--stdio', '--health-port', 'nine'], { cwd: dir });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(
      /^error PC_SERVER_USAGE --health-port needs a port number \(0 for any free one\), not 'nine'\./,
    );
  });
});
