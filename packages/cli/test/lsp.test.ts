import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

  it('reads its command line as parsercraft-lsp does: a bad or unknown flag, or none, is PC_SERVER_USAGE, exit 2', async () => {
    const none = await runCli(['lsp'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^error PC_SERVER_USAGE Name a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME\. \(parsercraft explain PC_SERVER_USAGE, or see file:\S+\/packages\/cli\/RUNBOOK\.md#pc_server_usage\)\n$/,
    );
    for (const [args, message] of [
      [['--stdio', '--health-port', 'nine'], "--health-port needs a port number from 0 to 65535, not 'nine'."],
      [['--stdio', '--health-port'], "Option '--health-port <value>' argument missing."],
      [['--stdio', '--health-prot', '9000'], "Unknown option '--health-prot'."],
      [['--socket=70000'], "--socket needs a port number from 1 to 65535, not '70000'."],
      // Its own global flags and '--' are the server's to refuse too, wherever they stand.
      [['--stdio', '--verbose'], "Unknown option '--verbose'."],
      [['--stdio', '-v'], "Unknown option '-v'."],
      [['--', '--stdio'], "Unexpected argument '--stdio'."],
    ] as const) {
      const run = await runCli(['lsp', ...args], { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(
        new RegExp(`^error PC_SERVER_USAGE ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    }
  });

  it('a health port already taken: exits 2 before answering, though the client keeps stdin open', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const child = spawn(
      process.execPath,
      [BIN, 'lsp', '--stdio', '--health-port', String((taken.address() as AddressInfo).port)],
      { cwd: dir, stdio: 'pipe' },
    );
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error PC_NET_ADDRESS_IN_USE Cannot serve health endpoints on 127\.0\.0\.1:\d+: /);
    } finally {
      child.kill('SIGKILL');
      taken.close();
    }
  });

  it('a start that fails ends the process even with --clientProcessId, whose watchdog would keep it alive', async () => {
    // This test's own pid is alive, so the watchdog alone would never end the process.
    const run = await runCli(['lsp', `--clientProcessId=${process.pid}`, '--bogus'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error PC_SERVER_USAGE Unknown option '--bogus'\./);
  });
});
