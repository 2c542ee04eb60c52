import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A client that writes LSP frames byte by byte, so the fuzz suite can send what
 * vscode-jsonrpc never would: bodies that are not JSON, broken headers, requests before
 * initialize. Black box: it spawns the built bin and knows nothing of the server's modules.
 */

/** The bin npm links (a committed shim that imports dist/bin/parsercraft-lsp.js). */
export const BIN = fileURLToPath(new URL('../../../bin/parsercraft-lsp.js', import.meta.url));

/** How long any request may take before the suite calls it unanswered. */
export const ANSWER_BOUND_MS = 5000;

export type Answer =
  | { readonly kind: 'result'; readonly result: unknown; readonly ms: number }
  | {
      readonly kind: 'error';
      readonly code: number;
      readonly message: string;
      readonly data?: unknown;
      readonly ms: number;
    }
  | { readonly kind: 'unanswered'; readonly ms: number };

export interface Received {
  readonly method: string;
  readonly params: unknown;
  /** Order of arrival over the whole session, to tell "after this point" apart. */
  readonly seq: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Pending {
  readonly resolve: (a: Answer) => void;
  readonly started: number;
  readonly timer: NodeJS.Timeout;
}

/** Every server the suite started and has not yet seen exit: afterEach/afterAll kill these by pid. */
const live = new Set<RawLspClient>();

export function killAllServers(): void {
  for (const s of [...live]) s.kill();
}

export class RawLspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exit>;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private seq = 0;
  private err = '';
  private readonly pending = new Map<number | string, Pending>();
  private readonly notifications: Received[] = [];
  /** Answers whose id matched nothing we sent (an error for a body without an id, say). */
  readonly strayAnswers: { id: unknown; code?: number; result?: unknown }[] = [];
  private readonly waiters: { accept: (n: Received) => boolean; resolve: (n: Received | undefined) => void }[] = [];

  constructor(env: Readonly<Record<string, string>> = {}) {
    this.child = spawn(process.execPath, [BIN, '--stdio'], {
      stdio: 'pipe',
      env: { ...process.env, PARSERCRAFT_LOG_LEVEL: 'warn', ...env },
    });
    live.add(this);
    this.child.stderr.on('data', (chunk: Buffer) => {
      // Bounded: a server that logs in a loop must not grow the test's memory without end.
      if (this.err.length < 200_000) this.err += chunk.toString();
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.onBytes(chunk));
    // A server that dies mid-write must not crash the test process with EPIPE.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        live.delete(this);
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer);
          p.resolve({ kind: 'unanswered', ms: performance.now() - p.started });
          this.pending.delete(id);
        }
        // Nothing more will arrive: whoever waits for a notification hears so now.
        for (const w of this.waiters.splice(0)) w.resolve(undefined);
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  stderr(): string {
    return this.err;
  }

  /** Writes bytes exactly as given. */
  writeRaw(bytes: string | Buffer): void {
    if (this.child.stdin.writable) this.child.stdin.write(bytes);
  }

  /** Frames a body (any string, JSON or not) with a correct Content-Length. */
  writeBody(body: string): void {
    const bytes = Buffer.from(body, 'utf8');
    this.writeRaw(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]));
  }

  notify(method: string, params?: unknown): void {
    this.writeBody(JSON.stringify({ jsonrpc: '2.0', method, ...(params !== undefined && { params }) }));
  }

  /** Sends a request and resolves with its answer, or `unanswered` after `boundMs`. Never rejects. */
  request(method: string, params?: unknown, boundMs = ANSWER_BOUND_MS): Promise<Answer> {
    const id = this.nextId++;
    const started = performance.now();
    const answer = new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ kind: 'unanswered', ms: performance.now() - started });
      }, boundMs);
      this.pending.set(id, { resolve, started, timer });
    });
    if (!this.alive()) {
      const p = this.pending.get(id);
      if (p) clearTimeout(p.timer);
      this.pending.delete(id);
      return Promise.resolve({ kind: 'unanswered', ms: 0 });
    }
    this.writeBody(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) }));
    return answer;
  }

  /** Cancels the request with this id ($/cancelRequest). */
  cancel(id: number): void {
    this.notify('$/cancelRequest', { id });
  }

  /** The id the next request will get, so a step can cancel it. */
  peekNextId(): number {
    return this.nextId;
  }

  received(method: string): Received[] {
    return this.notifications.filter((n) => n.method === method);
  }

  /** A marker for "from here on": notifications with a greater seq arrived later. */
  mark(): number {
    return this.seq;
  }

  /** The first notification `method` after `since` that `accept` takes, or undefined after `timeoutMs`. */
  waitFor(
    method: string,
    since: number,
    accept: (params: unknown) => boolean,
    timeoutMs: number,
  ): Promise<Received | undefined> {
    const test = (n: Received): boolean => n.method === method && n.seq > since && accept(n.params);
    const already = this.notifications.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => {
      const waiter = {
        accept: test,
        resolve: (n: Received | undefined) => {
          clearTimeout(timer);
          resolve(n);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** SIGKILL by pid, if it still runs. */
  kill(): void {
    live.delete(this);
    if (this.alive()) this.child.kill('SIGKILL');
  }

  private onBytes(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    // Each turn takes one whole frame off the buffer; a partial one waits for more bytes.
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /Content-Length:\s*(\d+)/i.exec(header)?.[1];
      if (length === undefined) throw new Error(`the server wrote a frame without Content-Length: ${header}`);
      const start = headerEnd + 4;
      const end = start + Number(length);
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(start, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      this.onMessage(JSON.parse(body) as Record<string, unknown>);
    }
  }

  private onMessage(m: Record<string, unknown>): void {
    const id = m['id'] as number | string | null | undefined;
    const method = m['method'];
    if (typeof method === 'string' && id !== undefined && id !== null)
      return this.answerServerRequest(id, method, m['params']);
    if (typeof method === 'string') {
      const n: Received = { method, params: m['params'], seq: ++this.seq };
      this.notifications.push(n);
      const i = this.waiters.findIndex((w) => w.accept(n));
      if (i !== -1) this.waiters.splice(i, 1)[0]?.resolve(n);
      return;
    }
    const p = id === undefined || id === null ? undefined : this.pending.get(id);
    const error = m['error'] as { code: number; message: string; data?: unknown } | undefined;
    if (!p) {
      this.strayAnswers.push({ id, ...(error ? { code: error.code } : { result: m['result'] }) });
      return;
    }
    this.pending.delete(id as number | string);
    clearTimeout(p.timer);
    const ms = performance.now() - p.started;
    p.resolve(
      error
        ? {
            kind: 'error',
            code: error.code,
            message: error.message,
            ...(error.data !== undefined && { data: error.data }),
            ms,
          }
        : { kind: 'result', result: m['result'], ms },
    );
  }

  /** What an editor answers to the server's own requests: no settings, progress tokens accepted. */
  private answerServerRequest(id: number | string, method: string, params: unknown): void {
    const items = (params as { items?: unknown[] } | undefined)?.items;
    const result = method === 'workspace/configuration' ? (items ?? []).map(() => null) : null;
    this.writeBody(JSON.stringify({ jsonrpc: '2.0', id, result }));
  }
}

export interface InitializeOptions {
  readonly root: string;
  readonly pull?: boolean;
  readonly initializationOptions?: unknown;
}

/** The initialize params an editor sends, declaring the status notification (and pull diagnostics if asked). */
export function initializeParams(o: InitializeOptions): unknown {
  return {
    processId: process.pid,
    rootUri: `file://${o.root}`,
    workspaceFolders: [{ uri: `file://${o.root}`, name: 'fuzz' }],
    capabilities: {
      experimental: { parsercraftServerStatus: true },
      textDocument: {
        ...(o.pull === true && { diagnostic: { dynamicRegistration: false } }),
        publishDiagnostics: { versionSupport: true },
      },
    },
    initializationOptions: o.initializationOptions ?? {},
  };
}

/** Starts a server and completes the handshake; throws (with stderr) if initialize is not answered. */
export async function startInitialized(o: InitializeOptions): Promise<RawLspClient> {
  const client = new RawLspClient();
  const answer = await client.request('initialize', initializeParams(o), 20_000);
  if (answer.kind !== 'result')
    throw new Error(`initialize was not answered with a result: ${JSON.stringify(answer)}\n${client.stderr()}`);
  client.notify('initialized', {});
  return client;
}
