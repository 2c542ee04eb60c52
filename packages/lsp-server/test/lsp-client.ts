import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createMessageConnection,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeParams,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** The bin npm links (a committed shim that imports dist/bin/parsercraft-lsp.js). */
export const BIN = fileURLToPath(new URL('../bin/parsercraft-lsp.js', import.meta.url));

export interface StartOptions {
  readonly initializationOptions?: unknown;
  readonly clientPid?: number;
  readonly capabilities?: ClientCapabilities;
  /** More command-line arguments after --stdio. */
  readonly args?: readonly string[];
  /** More environment variables for the server process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The built server as a child process, spoken to over real stdio with the LSP protocol connection. */
export interface ServerUnderTest {
  readonly child: ChildProcessWithoutNullStreams;
  /** The raw JSON-RPC connection, so every notification the server sends can be seen. */
  readonly connection: MessageConnection;
  readonly stderr: () => string;
  /** The next publishDiagnostics for `uri` that satisfies `accept`. */
  diagnostics(
    uri: string,
    accept?: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** The next (or an already received, not yet taken) notification `method` whose params satisfy `accept`. */
  notification<P>(method: string, accept?: (p: P) => boolean, timeoutMs?: number): Promise<P>;
  /** Every notification `method` received so far, taken or not. */
  received<P>(method: string): P[];
  /** Opens a document (didOpen) with version 1. */
  open(uri: string, languageId: string, text: string): Promise<void>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  kill(): void;
}

interface Waiter {
  readonly method: string;
  readonly accept: (p: unknown) => boolean;
  readonly resolve: (p: unknown) => void;
}

export async function startServer(rootPath: string, options: StartOptions = {}): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [BIN, '--stdio', ...(options.args ?? [])], {
    stdio: 'pipe',
    env: { ...process.env, PARSERCRAFT_LOG_LEVEL: 'info', ...options.env },
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const all: { method: string; params: unknown }[] = [];
  const untaken: { method: string; params: unknown }[] = [];
  const waiters: Waiter[] = [];
  const record = (method: string, params: unknown): void => {
    all.push({ method, params });
    const i = waiters.findIndex((w) => w.method === method && w.accept(params));
    if (i === -1) untaken.push({ method, params });
    else waiters.splice(i, 1)[0]?.resolve(params);
  };
  connection.onNotification(record);
  // The connection keeps these two for itself unless they have handlers of their own.
  for (const method of ['$/progress', '$/logTrace'])
    connection.onNotification(method, (params: unknown) => record(method, params));
  // A client that shows progress must create the token the server asks for.
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const notification = <P>(method: string, accept: (p: P) => boolean = () => true, timeoutMs = 20_000): Promise<P> => {
    const test = (p: unknown): boolean => accept(p as P);
    const i = untaken.findIndex((n) => n.method === method && test(n.params));
    if (i !== -1) return Promise.resolve(untaken.splice(i, 1)[0]?.params as P);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${method} within ${timeoutMs} ms; stderr:\n${err}`)),
        timeoutMs,
      );
      waiters.push({
        method,
        accept: test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as P);
        },
      });
    });
  };
  const params: InitializeParams = {
    processId: options.clientPid ?? process.pid,
    rootUri: `file://${rootPath}`,
    capabilities: options.capabilities ?? {},
    initializationOptions: options.initializationOptions ?? {},
    workspaceFolders: [{ uri: `file://${rootPath}`, name: 'test' }],
  };
  await connection.sendRequest(InitializeRequest.type, params);
  await connection.sendNotification('initialized', {});
  return {
    child,
    connection,
    exited,
    stderr: () => err,
    open: (uri, languageId, text) =>
      connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId, version: 1, text },
      }),
    diagnostics: (uri, accept = () => true, timeoutMs = 20_000) =>
      notification<PublishDiagnosticsParams>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === uri && accept(p),
        timeoutMs,
      ).catch((e: Error) => {
        throw new Error(e.message.replace('no textDocument/publishDiagnostics', `no diagnostics for ${uri}`));
      }),
    notification,
    received: <P>(method: string) => all.filter((n) => n.method === method).map((n) => n.params as P),
    kill() {
      connection.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
