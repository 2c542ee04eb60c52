import { mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleAll,
  timeout,
} from 'cockatiel';
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  CoreErrorCodes as C,
  PcError,
  classify,
  errorCodeSpec,
  listErrorCodes,
  type ErrorCodeSpec,
} from '../src/index.js';
import { specForHttpStatus } from '../src/errors/rules/http-status.js';
import { LSP_ERROR_CODES } from '../src/errors/rules/lsp-codes.js';
import { SYSCALL_ERROR_CODES, SYSTEM_ERROR_CODES } from '../src/errors/rules/system-codes.js';
import { INTEGRITY_ERROR_CODES, TLS_ERROR_CODES, UNDICI_ERROR_CODES } from '../src/errors/rules/undici-codes.js';

function expectSpec(error: PcError, spec: ErrorCodeSpec): void {
  expect(error).toBeInstanceOf(PcError);
  expect({ code: error.code, category: error.category, severity: error.severity, retryable: error.retryable }).toEqual({
    code: spec.code,
    category: spec.category,
    severity: spec.severity,
    retryable: spec.retryable,
  });
  expect(error.runbook).toBe(`RUNBOOK.md#${spec.code.toLowerCase()}`);
}

/** An error shaped like the ones libuv and undici hand to JavaScript. */
function codedError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`failed with ${code}`), { code, ...extra });
}

describe('classify: table rows', () => {
  it.each(Object.entries(SYSTEM_ERROR_CODES))('Node system error %s -> %s', (code, spec) => {
    const error = classify(codedError(code, { errno: -1, syscall: 'connect', address: '127.0.0.1', port: 9 }));
    expectSpec(error, spec);
    expect(error.context).toMatchObject({ code, syscall: 'connect', address: '127.0.0.1', port: 9 });
  });

  it.each(
    Object.entries(SYSCALL_ERROR_CODES).flatMap(([syscall, codes]) =>
      Object.entries(codes).map(([code, spec]) => [syscall, code, spec] as const),
    ),
  )('Node system error from %s: %s -> its own code, not the generic one', (syscall, code, spec) => {
    const error = classify(codedError(code, { errno: -13, syscall, address: '127.0.0.1', port: 80 }));
    expectSpec(error, spec);
    expect(error.context).toMatchObject({ code, syscall, port: 80 });
    // The same errno from another call keeps its generic meaning.
    expect(classify(codedError(code, { syscall: 'open', path: '/etc/shadow' })).code).toBe('PC_FS_PERMISSION');
  });

  it.each(Object.entries(UNDICI_ERROR_CODES))('undici error %s -> %s', (code, spec) => {
    expectSpec(classify(codedError(code)), spec);
  });

  it.each(Object.entries(TLS_ERROR_CODES))('TLS error %s -> PC_NET_TLS', (code, spec) => {
    expectSpec(classify(codedError(code)), spec);
  });

  it.each(Object.entries(INTEGRITY_ERROR_CODES))(
    'integrity error %s -> PC_REGISTRY_INTEGRITY, critical',
    (code, spec) => {
      const error = classify(codedError(code, { expected: 'sha512-abc', found: 'sha512-def' }));
      expectSpec(error, spec);
      expect(error.severity).toBe('critical');
    },
  );

  const statusRows: Array<[number, ErrorCodeSpec]> = [
    [408, C.PC_HTTP_REQUEST_TIMEOUT],
    [425, C.PC_HTTP_TOO_EARLY],
    [429, C.PC_HTTP_RATE_LIMITED],
    [500, C.PC_HTTP_SERVER_ERROR],
    [501, C.PC_HTTP_SERVER_ERROR],
    [502, C.PC_HTTP_UNAVAILABLE],
    [503, C.PC_HTTP_UNAVAILABLE],
    [504, C.PC_HTTP_UNAVAILABLE],
    [505, C.PC_HTTP_SERVER_ERROR],
    [599, C.PC_HTTP_SERVER_ERROR],
    [401, C.PC_HTTP_UNAUTHORIZED],
    [403, C.PC_HTTP_FORBIDDEN],
    [404, C.PC_HTTP_NOT_FOUND],
    [410, C.PC_HTTP_NOT_FOUND],
    [400, C.PC_HTTP_CLIENT_ERROR],
    [422, C.PC_HTTP_CLIENT_ERROR],
    [301, C.PC_HTTP_UNEXPECTED_STATUS],
    [101, C.PC_HTTP_UNEXPECTED_STATUS],
  ];
  it.each(statusRows)('HTTP %i -> %o', (status, spec) => {
    expectSpec(classify({ statusCode: status }), spec);
    expectSpec(classify({ status, headers: new Headers() }), spec);
    expectSpec(classify({ status, statusText: 'x' }), spec);
    expect(specForHttpStatus(status)).toBe(spec);
  });

  it('says every 408, 425, 429 and 5xx is retryable, and 401/403/404/410 are not', () => {
    for (let status = 100; status <= 599; status++) {
      const spec = specForHttpStatus(status);
      if (status >= 200 && status <= 299) {
        expect(spec).toBeUndefined();
        continue;
      }
      const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
      expect(spec?.retryable, `status ${status}`).toBe(retryable);
    }
    expect(specForHttpStatus(401)!.category).toBe('auth');
    expect(specForHttpStatus(403)!.category).toBe('auth');
    expect(specForHttpStatus(404)!.category).toBe('not_found');
    expect(specForHttpStatus(410)!.category).toBe('not_found');
  });

  it.each([...LSP_ERROR_CODES.entries()])('LSP ResponseError code %i -> %o', (code, spec) => {
    const error = classify(Object.assign(new Error('peer said no'), { code }));
    expectSpec(error, spec);
    expect(error.context).toEqual({ lspCode: code });
  });

  it('maps the JSON-RPC server-error range and unknown LSP-reserved codes', () => {
    expectSpec(classify(Object.assign(new Error('x'), { code: -32050 })), C.PC_LSP_SERVER_ERROR);
    expectSpec(classify(Object.assign(new Error('x'), { code: -32850 })), C.PC_LSP_UNKNOWN_ERROR);
  });

  it('restores our own code carried in a ResponseError data field', () => {
    const error = classify(
      Object.assign(new Error('analysis timed out'), { code: -32603, data: { code: 'PC_TIMEOUT' } }),
    );
    expectSpec(error, C.PC_TIMEOUT);
    expect(error.context).toEqual({ lspCode: -32603 });
  });
});

describe('classify: real errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-classify-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ENOENT, EISDIR and EEXIST from the file system', async () => {
    const missing = await readFile(join(dir, 'missing.txt')).catch((e: unknown) => e);
    expectSpec(classify(missing), C.PC_FS_NOT_FOUND);
    expect(classify(missing).context).toMatchObject({ code: 'ENOENT', syscall: 'open' });
    const isDir = await readFile(dir).catch((e: unknown) => e);
    expectSpec(classify(isDir), C.PC_FS_WRONG_TYPE);
    const exists = await mkdir(dir).catch((e: unknown) => e);
    expectSpec(classify(exists), C.PC_FS_EXISTS);
  });

  it('ECONNREFUSED from a socket to a closed loopback port', async () => {
    const port = await closedPort();
    const error = await new Promise<unknown>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', resolve);
    });
    const classified = classify(error);
    expectSpec(classified, C.PC_NET_REFUSED);
    expect(classified.context).toMatchObject({ address: '127.0.0.1', port });
  });

  it('fetch failed (a TypeError wrapping the refusal) is a refusal, not a bug', async () => {
    const port = await closedPort();
    const error = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const classified = classify(error);
    expectSpec(classified, C.PC_NET_REFUSED);
    expect(classified.message).toMatch(/^fetch failed: .*ECONNREFUSED/);
  });

  describe('against a real HTTP server on loopback', () => {
    let server: Server;
    let origin: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/slow-headers') return; // never answers
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          return; // never ends
        }
        if (req.url === '/reset') {
          req.socket.destroy();
          return;
        }
        if (req.url === '/huge-headers') {
          res.writeHead(200, { 'x-filler': 'x'.repeat(4096) });
          res.end();
          return;
        }
        if (req.url === '/short') {
          res.writeHead(200, { 'content-length': '100' });
          res.end('only ten b');
          return;
        }
        res.writeHead(429, { 'retry-after': '7' });
        res.end('slow down');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('UND_ERR_HEADERS_TIMEOUT', async () => {
      const dispatcher = new Agent({ headersTimeout: 50 });
      const error = await request(`${origin}/slow-headers`, { dispatcher }).catch((e: unknown) => e);
      await dispatcher.close();
      expectSpec(classify(error), C.PC_NET_HEADERS_TIMEOUT);
    });

    it('UND_ERR_BODY_TIMEOUT', async () => {
      const dispatcher = new Agent({ bodyTimeout: 50 });
      const response = await request(`${origin}/slow-body`, { dispatcher });
      const error = await response.body.text().catch((e: unknown) => e);
      await dispatcher.close();
      expectSpec(classify(error), C.PC_NET_BODY_TIMEOUT);
    });

    it('a connection the server destroys (UND_ERR_SOCKET)', async () => {
      const dispatcher = new Agent();
      const error = await request(`${origin}/reset`, { dispatcher }).catch((e: unknown) => e);
      await dispatcher.close();
      expectSpec(classify(error), C.PC_NET_SOCKET);
    });

    it('a peer that does not speak HTTP (llhttp HPE_*) and headers past the limit', async () => {
      const sockets = new Set<Socket>();
      const garbage = createNetServer((socket) => {
        sockets.add(socket);
        socket.end('HELLO\r\n\r\n');
      });
      await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
      const plain = new Agent();
      const notHttp = await request(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}/`, {
        dispatcher: plain,
      }).catch((e: unknown) => e);
      await plain.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => garbage.close(resolve));
      expectSpec(classify(notHttp), C.PC_NET_PROTOCOL);
      const small = new Agent({ maxHeaderSize: 1024 });
      const huge = await request(`${origin}/huge-headers`, { dispatcher: small }).catch((e: unknown) => e);
      await small.destroy();
      expectSpec(classify(huge), C.PC_NET_RESPONSE_TOO_LARGE);
    });

    it('a body shorter than its Content-Length', async () => {
      const dispatcher = new Agent();
      const error = await request(`${origin}/short`, { dispatcher })
        .then((r) => r.body.text())
        .catch((e: unknown) => e);
      await dispatcher.close();
      // undici reports the early close of the socket; either code means "truncated, retry".
      const classified = classify(error);
      expect([C.PC_NET_SOCKET.code, C.PC_NET_CONTENT_LENGTH_MISMATCH.code]).toContain(classified.code);
      expect(classified.retryable).toBe(true);
    });

    it('a real 429 response with Retry-After carries the wait', async () => {
      const response = await fetch(`${origin}/limited`);
      const classified = classify(response);
      expectSpec(classified, C.PC_HTTP_RATE_LIMITED);
      expect(classified.retryAfterMs).toBe(7000);
      expect(classified.context).toMatchObject({ status: 429, url: `${origin}/limited` });
    });
  });

  it("cockatiel's own errors from real policies", async () => {
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(1) });
    await breaker.execute(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    const open = await breaker.execute(() => 1).catch((e: unknown) => e);
    expect(open).toBeInstanceOf(BrokenCircuitError);
    expectSpec(classify(open), C.PC_CIRCUIT_OPEN);

    const isolation = breaker.isolate();
    const isolated = await breaker.execute(() => 1).catch((e: unknown) => e);
    isolation.dispose();
    expectSpec(classify(isolated), C.PC_CIRCUIT_OPEN);
    expect(classify(isolated).context).toEqual({ isolated: true });

    const full = bulkhead(1, 0);
    const running = full.execute(() => sleep(20));
    const rejected = await full.execute(() => 1).catch((e: unknown) => e);
    await running;
    expect(rejected).toBeInstanceOf(BulkheadRejectedError);
    expectSpec(classify(rejected), C.PC_BULKHEAD_FULL);

    const cancelled = await timeout(5, TimeoutStrategy.Aggressive)
      .execute(() => sleep(50))
      .catch((e: unknown) => e);
    expect(cancelled).toBeInstanceOf(TaskCancelledError);
    expectSpec(classify(cancelled), C.PC_CANCELLED);
  });

  it('AbortError is a cancellation, AbortSignal.timeout is a timeout, and an abort reason wins', async () => {
    const controller = new AbortController();
    const pending = sleep(1000, undefined, { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expectSpec(classify(await pending), C.PC_CANCELLED);

    const timedOut = await sleep(1000, undefined, { signal: AbortSignal.timeout(5) }).catch((e: unknown) => e);
    expectSpec(classify(timedOut), C.PC_TIMEOUT);

    const reasoned = Object.assign(new Error('This operation was aborted'), {
      name: 'AbortError',
      cause: codedError('ECONNRESET'),
    });
    expectSpec(classify(reasoned), C.PC_NET_RESET);
  });

  it('JSON.parse syntax errors, with the offset', () => {
    for (const text of ['{"a": }', '{"a": 1', '[1, 2,]', 'nope', '{"a": "\u0001"}']) {
      let thrown: unknown;
      try {
        JSON.parse(text);
      } catch (error) {
        thrown = error;
      }
      const classified = classify(thrown);
      expectSpec(classified, C.PC_JSON_SYNTAX);
      expect(classified.message).toBe((thrown as Error).message);
    }
    // V8 names the position only for some mistakes; keep it when it does.
    let thrown: unknown;
    try {
      JSON.parse('{"a": 1');
    } catch (error) {
      thrown = error;
    }
    expect(classify(thrown).context).toMatchObject({ offset: 7 });
  });

  it('YAML syntax errors from the yaml package, with line and column', () => {
    let thrown: unknown;
    try {
      parseYaml('keywords:\n  if: "IF"\n   bad: [\n');
    } catch (error) {
      thrown = error;
    }
    const classified = classify(thrown);
    expectSpec(classified, C.PC_YAML_SYNTAX);
    expect(classified.context).toMatchObject({ line: expect.any(Number) as number, col: expect.any(Number) as number });
  });

  it('does not mistake any object with a numeric status for an HTTP response', () => {
    expectSpec(classify({ status: 127, stdout: '', stderr: 'sh: 1: nope: not found' }), C.PC_UNKNOWN);
    expectSpec(classify(Object.assign(new Error('exit 1'), { status: 404 })), C.PC_UNKNOWN);
  });

  it('programming errors are internal; anything else is unknown', () => {
    expectSpec(classify(new TypeError("Cannot read properties of undefined (reading 'x')")), C.PC_INTERNAL);
    expectSpec(classify(new RangeError('Invalid array length')), C.PC_INTERNAL);
    expectSpec(classify(new Error('something odd')), C.PC_UNKNOWN);
    expectSpec(classify(codedError('ESOMETHINGNEW')), C.PC_UNKNOWN);
    expect(classify(codedError('ESOMETHINGNEW')).context).toMatchObject({ code: 'ESOMETHINGNEW' });
  });

  it('AggregateError from a dual-stack connect takes its first error', () => {
    const aggregate = new AggregateError([codedError('ECONNREFUSED'), codedError('ENETUNREACH')], 'connect failed');
    expectSpec(classify(aggregate), C.PC_NET_REFUSED);
  });
});

describe('classify: PcErrors and their JSON', () => {
  it('returns a PcError unchanged', () => {
    const error = new PcError(C.PC_TIMEOUT, 'slow');
    expect(classify(error)).toBe(error);
  });

  it('rebuilds a PcError that crossed a process boundary as JSON, redacting its context again', () => {
    const original = new PcError(C.PC_HTTP_RATE_LIMITED, 'too many', {
      retryAfterMs: 3000,
      context: { origin: 'https://r.example' },
    });
    const wire = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
    wire['context'] = { origin: 'https://r.example', authorization: 'Bearer abcdefgh12345' };
    const back = classify(wire);
    expectSpec(back, C.PC_HTTP_RATE_LIMITED);
    expect(back.message).toBe('too many');
    expect(back.retryAfterMs).toBe(3000);
    expect(back.context).toEqual({ origin: 'https://r.example', authorization: '[REDACTED]' });
  });

  it('treats an unregistered PC_ code as unknown', () => {
    expectSpec(classify({ code: 'PC_NOT_A_REAL_CODE', message: 'x' }), C.PC_UNKNOWN);
  });
});

describe('classify: never throws', () => {
  const hostile: Array<[string, unknown]> = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'plain failure'],
    ['an empty string', ''],
    ['a symbol', Symbol('s')],
    ['a bigint', 10n],
    ['a function', function namedThing() {}],
    ['an empty object', {}],
    ['an array', [1, 2]],
    ['a null-prototype object', Object.create(null) as object],
    ['a frozen error', Object.freeze(new Error('frozen'))],
    [
      'a proxy that throws on every trap',
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('get');
          },
          getPrototypeOf: () => {
            throw new Error('proto');
          },
          has: () => {
            throw new Error('has');
          },
          ownKeys: () => {
            throw new Error('keys');
          },
        },
      ),
    ],
    [
      'a revoked proxy',
      (() => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      })(),
    ],
    [
      'an object whose getters throw',
      Object.defineProperties(
        {},
        {
          code: {
            get() {
              throw new Error('code');
            },
          },
          message: {
            get() {
              throw new Error('message');
            },
          },
        },
      ),
    ],
    [
      'a cause cycle',
      (() => {
        const error = new Error('loop') as Error & { cause?: unknown };
        error.cause = error;
        return error;
      })(),
    ],
    [
      'a very deep cause chain',
      (() => {
        let error: Error = new Error('bottom');
        for (let i = 0; i < 10_000; i++) error = new Error(`level ${i}`, { cause: error });
        return error;
      })(),
    ],
  ];

  it.each(hostile)('%s', (_name, input) => {
    const error = classify(input);
    expect(error).toBeInstanceOf(PcError);
    expect(errorCodeSpec(error.code)).toBe(error.spec);
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it('holds for arbitrary values (property-based, fixed seed)', () => {
    const known = new Set(listErrorCodes().map((s) => s.code));
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true }),
        (value) => {
          const error = classify(value);
          expect(error).toBeInstanceOf(PcError);
          expect(known.has(error.code)).toBe(true);
          JSON.stringify(error);
        },
      ),
      { seed: 20261123, numRuns: 2000 },
    );
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
