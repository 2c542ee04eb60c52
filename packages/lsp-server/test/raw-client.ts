import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN } from './lsp-client.js';

/** One message the server wrote, as parsed from its stdout. */
export interface ServerMessage {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/**
 * The built server over real stdio, spoken to in raw bytes: vscode-jsonrpc's client frames
 * every message correctly, and these tests need to send what it never would.
 */
export interface RawServer {
  readonly child: ChildProcessWithoutNullStreams;
  /** Writes bytes as they are: a header, half a frame, garbage. */
  raw(bytes: string | Buffer): void;
  /** Frames `body` (an object, or text sent as it is) with a correct Content-Length. */
  send(body: unknown): void;
  /** Sends a request with a fresh numeric id and waits for its response. */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<ServerMessage>;
  notify(method: string, params?: unknown): void;
  /** The next response with this id (null for ParseError and InvalidRequest answers). */
  response(id: number | string | null, timeoutMs?: number): Promise<ServerMessage>;
  /** Every message the server wrote so far. */
  readonly messages: readonly ServerMessage[];
  readonly stderr: () => string;
  /** Waits until stderr contains `text`: it is a pipe of its own, so it may lag behind a response on stdout. */
  logged(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  kill(): void;
}

export function startRaw(args: readonly string[] = [], env: Readonly<Record<string, string>> = {}): RawServer {
  const child = spawn(process.execPath, [BIN, '--stdio', ...args], {
    stdio: 'pipe',
    env: { ...process.env, PARSERCRAFT_LOG_LEVEL: 'info', ...env },
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // The server exits on its own in some tests: a write after that is not the test's failure.
  child.stdin.on('error', () => undefined);
  // 'close', not 'exit': by then stderr has been read to its end, so what the server logged last is there.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const messages: ServerMessage[] = [];
  const waiters: { accept: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  const taken = new Set<ServerMessage>();
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    // The server's own output is well framed; each turn takes one whole message or waits.
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as ServerMessage;
      buffer = buffer.subarray(end + 4 + length);
      messages.push(message);
      const i = waiters.findIndex((w) => w.accept(message));
      if (i !== -1) {
        taken.add(message);
        waiters.splice(i, 1)[0]?.resolve(message);
      }
      // The server asks for settings after initialized: answer as a client with none would.
      if (message.method === 'workspace/configuration' && message.id !== undefined)
        send({ jsonrpc: '2.0', id: message.id, result: [null] });
      if (message.method === 'window/workDoneProgress/create' && message.id !== undefined)
        send({ jsonrpc: '2.0', id: message.id, result: null });
    }
  });
  const raw = (bytes: string | Buffer): void => {
    if (child.stdin.writable) child.stdin.write(bytes);
  };
  function send(body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    raw(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }
  const response = (id: number | string | null, timeoutMs = 20_000): Promise<ServerMessage> => {
    const accept = (m: ServerMessage): boolean => m.method === undefined && m.id === id;
    const seen = messages.find((m) => accept(m) && !taken.has(m));
    if (seen) {
      taken.add(seen);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no response ${String(id)} within ${timeoutMs} ms; stderr:\n${err}`)),
        timeoutMs,
      );
      waiters.push({
        accept,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  };
  let nextId = 1000;
  return {
    child,
    raw,
    send,
    request: (method, params, timeoutMs) => {
      const id = nextId++;
      send({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) });
      return response(id, timeoutMs);
    },
    notify: (method, params) => send({ jsonrpc: '2.0', method, ...(params !== undefined && { params }) }),
    response,
    messages,
    stderr: () => err,
    async logged(text, timeoutMs = 5000) {
      for (let waited = 0; !err.includes(text); waited += 50) {
        if (waited >= timeoutMs)
          throw new Error(`stderr has no ${JSON.stringify(text)} after ${timeoutMs} ms:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return err;
    },
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** initialize and initialized for a workspace folder, as a client with no capabilities. */
export async function initialize(server: RawServer, root: string): Promise<ServerMessage> {
  const answer = await server.request('initialize', {
    processId: process.pid,
    rootUri: `file://${root}`,
    capabilities: {},
    workspaceFolders: [{ uri: `file://${root}`, name: 'test' }],
  });
  server.notify('initialized', {});
  return answer;
}

/** The process's exit code, or an error after `timeoutMs`. */
export function exitWithin(server: RawServer, timeoutMs: number): Promise<number | null> {
  return Promise.race([
    server.exited,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms; stderr:\n${server.stderr()}`)),
        timeoutMs,
      ),
    ),
  ]);
}
