import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { DoctorCheck } from '../doctor-check.js';

const BIN = fileURLToPath(new URL('../../bin/parsercraft.js', import.meta.url));
/** A Pascal program with one error, in the bundled language: the round trip must find it. */
const SAMPLE = 'PROGRAM Doctor;\nBEGIN\n  WriteLn(undeclared)\nEND.';

/**
 * A real round trip: `parsercraft lsp --stdio` started, initialized, a sample opened, its
 * diagnostic received, shut down, and exited with code 0, timed. It runs in an empty temp
 * folder with the bundled language: in the project, the server would start installing its
 * packages, and the doctor changes nothing without --fix. The process is killed by its pid
 * whatever happens, and the folder removed.
 *
 * It is the doctor's longest check, so the server is spawned the moment the check is called,
 * before this process loads anything else: the two start up side by side.
 */
export const languageServer: DoctorCheck = {
  name: 'language server',
  run: async ({ signal }) => {
    const projectDir = mkdtempSync(join(tmpdir(), 'parsercraft-doctor-'));
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], {
      cwd: projectDir,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const kill = (): void => void (child.exitCode === null && child.kill('SIGKILL'));
    signal.addEventListener('abort', kill, { once: true });
    let c: MessageConnection | undefined;
    try {
      const {
        createMessageConnection,
        DidOpenTextDocumentNotification,
        ExitNotification,
        InitializeRequest,
        ShutdownRequest,
        StreamMessageReader,
        StreamMessageWriter,
      } = await import('vscode-languageserver-protocol/node');
      const connection = createMessageConnection(
        new StreamMessageReader(child.stdout),
        new StreamMessageWriter(child.stdin),
      );
      c = connection;
      const uri = pathToFileURL(join(projectDir, '.parsercraft-doctor-sample.pas')).href;
      const published = new Promise<PublishDiagnosticsParams>((resolve) =>
        connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
          if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
        }),
      );
      connection.listen();
      const root = pathToFileURL(projectDir).href;
      await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: root,
        capabilities: {},
        workspaceFolders: [{ uri: root, name: 'doctor' }],
      });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'pascal', version: 1, text: SAMPLE },
      });
      const { diagnostics } = await published;
      const found = diagnostics.some((d) => d.code === 'undefined-name');
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      const code = await exited;
      const ms = Math.round(performance.now() - started);
      if (!found)
        return {
          status: 'error',
          detail: `the sample's error was not reported (got ${diagnostics.map((d) => String(d.code)).join(', ')})`,
        };
      if (code !== 0)
        return { status: 'error', detail: `the server exited with ${String(code)} after shutdown and exit` };
      return { status: 'ok', detail: `started, diagnosed a sample and exited cleanly in ${ms} ms` };
    } finally {
      signal.removeEventListener('abort', kill);
      c?.dispose();
      kill();
      await rm(projectDir, { recursive: true, force: true });
    }
  },
};
