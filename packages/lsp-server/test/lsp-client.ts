import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, InitializeRequest, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type InitializeParams, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const BIN = fileURLToPath(new URL('../dist/bin/parsercraft-lsp.js', import.meta.url));

/** The built server as a child process, spoken to over real stdio with the LSP protocol connection. */
export interface ServerUnderTest {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  readonly stderr: () => string;
  /** The next publishDiagnostics for `uri` that satisfies `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Opens a document (didOpen) with version 1. */
  open(uri: string, languageId: string, text: string): Promise<void>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  kill(): void;
}

export async function startServer(rootPath: string, initializationOptions: unknown = {}, clientPid = process.pid, capabilities: ClientCapabilities = {}): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [BIN, '--stdio'], { stdio: 'pipe', env: { ...process.env, PARSERCRAFT_LOG_LEVEL: 'info' } });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const received: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && w.accept(p));
    if (i === -1) received.push(p);
    else waiters.splice(i, 1)[0]?.resolve(p);
  });
  connection.listen();
  const params: InitializeParams = {
    processId: clientPid, rootUri: `file://${rootPath}`, capabilities, initializationOptions, workspaceFolders: [{ uri: `file://${rootPath}`, name: 'test' }],
  };
  await connection.sendRequest(InitializeRequest.type, params);
  await connection.sendNotification('initialized', {});
  return {
    child, connection, exited, stderr: () => err,
    open: (uri, languageId, text) => connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } }),
    diagnostics(uri, accept = () => true, timeoutMs = 20_000) {
      const i = received.findIndex((p) => p.uri === uri && accept(p));
      if (i !== -1) return Promise.resolve(received.splice(i, 1)[0] as PublishDiagnosticsParams);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr:\n${err}`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
    kill() {
      connection.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
