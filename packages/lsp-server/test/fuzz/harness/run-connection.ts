import { BAD_PARAMS, type Connection, type GateOp } from './protocol-arbitraries.js';
import { initializeParams, RawLspClient, type Answer } from './raw-lsp-client.js';

/**
 * Plays one generated connection against a fresh server and says what broke the protocol
 * gate's promises: -32002 before initialize, one initialize only, -32602 for params that
 * break the schema, -32700 for a body that is not JSON, -32600 for JSON that is not JSON-RPC,
 * -32601 for an unknown method, and an end with the right exit code (0 after shutdown and
 * exit, 1 for exit alone, non-zero for a frame no peer can read), never a bare stack trace.
 */

export interface ConnectionResult {
  readonly problems: string[];
  readonly transcript: string[];
}

const STRAY_WAIT_MS = 2000;
const EXIT_WAIT_MS = 5000;

/** Polls (bounded) for an answer to something that had no id of ours. */
async function strayAnswer(client: RawLspClient, since: number, ms: number): Promise<{ code?: number } | undefined> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline && client.alive()) {
    const a = client.strayAnswers[since];
    if (a) return a;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return client.strayAnswers[since];
}

const describe = (a: Answer): string =>
  a.kind === 'error'
    ? `error ${a.code} (${a.message})`
    : a.kind === 'result'
      ? `result ${JSON.stringify(a.result)?.slice(0, 120)}`
      : 'no answer';

export async function runConnection(c: Connection, root: string): Promise<ConnectionResult> {
  const client = new RawLspClient();
  const problems: string[] = [];
  const transcript: string[] = [];
  let initialized = false;
  const expectError = (what: string, a: Answer, code: number): void => {
    if (a.kind !== 'error' || a.code !== code) problems.push(`${what}: expected error ${code}, got ${describe(a)}`);
  };
  const play = async (op: GateOp): Promise<void> => {
    if (!client.alive()) return;
    switch (op.kind) {
      case 'request': {
        transcript.push(`request ${op.method} {}`);
        const a = await client.request(
          op.method,
          op.method === 'shutdown' || op.method === 'parsercraft/health'
            ? undefined
            : { textDocument: { uri: `file://${root}/a.pas` }, position: { line: 0, character: 0 } },
        );
        if (!initialized) expectError(`${op.method} before initialize`, a, -32002);
        else if (a.kind !== 'result')
          problems.push(`${op.method} after initialize: expected a result, got ${describe(a)}`);
        return;
      }
      case 'openNotification':
        transcript.push('didOpen before initialize');
        client.notify('textDocument/didOpen', {
          textDocument: {
            uri: `file://${root}/early.pas`,
            languageId: 'pascal',
            version: 1,
            text: 'PROGRAM E; BEGIN END.',
          },
        });
        return;
      case 'notJson':
      case 'notRpc': {
        transcript.push(`body ${JSON.stringify(op.body)}`);
        const since = client.strayAnswers.length;
        client.writeBody(op.body);
        const code = op.kind === 'notJson' ? -32700 : -32600;
        const a = await strayAnswer(client, since, STRAY_WAIT_MS);
        if (a?.code !== code)
          problems.push(
            `body ${JSON.stringify(op.body)}: expected an error ${code} answer, got ${a ? JSON.stringify(a) : 'nothing'}`,
          );
        return;
      }
      case 'badParams': {
        const params = BAD_PARAMS[op.params];
        transcript.push(`request ${op.method} ${JSON.stringify(params)}`);
        // JSON-RPC 2.0: params, when present, are an array or an object; anything else makes
        // the request itself invalid (-32600), not its params.
        const structured = typeof params === 'object' && params !== null;
        expectError(
          `${op.method} with params ${JSON.stringify(params)}`,
          await client.request(op.method, params),
          structured ? -32602 : -32600,
        );
        return;
      }
      case 'unknownMethod':
        transcript.push('request fuzz/noSuchMethod');
        expectError('fuzz/noSuchMethod', await client.request('fuzz/noSuchMethod', {}), -32601);
        return;
      case 'duplicateInitialize': {
        transcript.push('request initialize (again)');
        const a = await client.request('initialize', initializeParams({ root }));
        if (a.kind !== 'error') problems.push(`a second initialize: expected an error, got ${describe(a)}`);
        return;
      }
    }
  };
  try {
    for (const op of c.beforeInitialize) await play(op);
    if (c.initialize && client.alive()) {
      transcript.push('request initialize; notification initialized');
      const a = await client.request('initialize', initializeParams({ root }), 20_000);
      if (a.kind !== 'result') problems.push(`initialize: expected a result, got ${describe(a)}`);
      client.notify('initialized', {});
      initialized = true;
    }
    for (const op of c.afterInitialize) await play(op);
    if (!client.alive()) {
      const exit = await client.exited;
      problems.push(`the server ended before the connection did (code ${exit.code}, signal ${exit.signal})`);
    } else await end(c, client, transcript, problems, initialized);
    // A stack trace on stderr that is not inside a JSON log line is an uncaught exception.
    const trace = /^\s+at .+:\d+:\d+\)?$/m.exec(client.stderr());
    if (trace) problems.push(`stderr has a bare stack trace:\n${client.stderr().slice(0, 1200)}`);
    return { problems, transcript };
  } finally {
    client.kill();
  }
}

async function end(
  c: Connection,
  client: RawLspClient,
  transcript: string[],
  problems: string[],
  initialized: boolean,
): Promise<void> {
  const exitedWithin = (ms: number): Promise<{ code: number | null; signal: string | null } | 'running'> =>
    Promise.race([client.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms))]);
  switch (c.ending.kind) {
    case 'stay': {
      transcript.push('(the client stays connected)');
      if (!initialized) return;
      const a = await client.request('parsercraft/health');
      if (a.kind !== 'result') problems.push(`parsercraft/health at the end: expected a result, got ${describe(a)}`);
      return;
    }
    case 'shutdownExit': {
      transcript.push('request shutdown; notification exit');
      const a = await client.request('shutdown');
      if (initialized && (a.kind !== 'result' || a.result !== null))
        problems.push(`shutdown: expected result null, got ${describe(a)}`);
      if (!initialized) expectShutdownRefused(a, problems);
      client.notify('exit');
      const exit = await exitedWithin(EXIT_WAIT_MS);
      const want = initialized ? 0 : 1;
      if (exit === 'running' || exit.code !== want)
        problems.push(`exit after shutdown: expected exit code ${want}, got ${JSON.stringify(exit)}`);
      return;
    }
    case 'exit': {
      transcript.push('notification exit');
      client.notify('exit');
      const exit = await exitedWithin(EXIT_WAIT_MS);
      if (exit === 'running' || exit.code !== 1)
        problems.push(`exit without shutdown: expected exit code 1, got ${JSON.stringify(exit)}`);
      return;
    }
    case 'brokenFrame': {
      transcript.push(`raw bytes ${JSON.stringify(c.ending.frame)}`);
      client.writeRaw(c.ending.frame);
      const exit = await exitedWithin(EXIT_WAIT_MS);
      if (exit === 'running' || exit.code === 0 || exit.code === null)
        problems.push(
          `a frame no peer can read must end the connection with a non-zero exit code, got ${JSON.stringify(exit)}`,
        );
      return;
    }
  }
}

/** shutdown before initialize is a request before initialize like any other. */
function expectShutdownRefused(a: Answer, problems: string[]): void {
  if (a.kind !== 'error' || a.code !== -32002)
    problems.push(`shutdown before initialize: expected error -32002, got ${describe(a)}`);
}
