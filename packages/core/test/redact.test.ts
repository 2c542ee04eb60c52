import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactString } from '../src/index.js';
import { isSensitiveKey } from '../src/redaction/redact.js';

describe('redactString', () => {
  it.each([
    ['//registry.npmjs.org/:_authToken=npm_abc123XYZ', `//registry.npmjs.org/:_authToken=${REDACTED}`],
    ['_auth = dXNlcjpwYXNz', `_auth = ${REDACTED}`],
    ['password: "hunter2 with spaces"', `password: ${REDACTED}`],
    ['Authorization: Bearer eyJhbGciOi.J9.abc123', `Authorization: Bearer ${REDACTED}`],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', `Authorization: Basic ${REDACTED}`],
    ['fetch https://alice:s3cret@registry.example/pkg', `fetch https://${REDACTED}@registry.example/pkg`],
    ['fetch https://npmtoken123@registry.example/pkg', `fetch https://${REDACTED}@registry.example/pkg`],
    ['fetch http://:s3cret@127.0.0.1:4873/pkg', `fetch http://${REDACTED}@127.0.0.1:4873/pkg`],
    ['GET /pkg?token=abc123&x=1', `GET /pkg?token=${REDACTED}&x=1`],
    ['leaked npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 here', `leaked ${REDACTED} here`],
    ['leaked ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab here', `leaked ${REDACTED} here`],
  ])('%s', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each([
    'Unexpected token: foo',
    'Unexpected token \'}\', "{" is not valid JSON',
    'Basic usage of the keyword table',
    'connect ECONNREFUSED 127.0.0.1:4873',
    'read ECONNRESET',
    'expected ":" at line 3',
    'https://registry.example/@scope%2fpkg',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactString(text)).toBe(text);
  });

  it('cuts very long strings and says by how much', () => {
    expect(redactString('x'.repeat(5000), 100)).toBe(`${'x'.repeat(100)}... [4900 more characters]`);
  });
});

describe('redact', () => {
  it('hides values of sensitive keys in any spelling, at any depth', () => {
    const input = {
      headers: { Authorization: 'Bearer x', 'proxy-authorization': 'Basic y', cookie: 'sid=1' },
      npm: {
        _authToken: 'tok',
        '//r.example/:_authToken': 'tok2',
        AUTH_TOKEN: 'tok3',
        password: 'p',
        clientSecret: 's',
        apiKey: 'k',
      },
      list: [{ token: 't' }],
      fine: { code: 'ECONNRESET', port: 9 },
    };
    expect(redact(input)).toEqual({
      headers: { Authorization: REDACTED, 'proxy-authorization': REDACTED, cookie: REDACTED },
      npm: {
        _authToken: REDACTED,
        '//r.example/:_authToken': REDACTED,
        AUTH_TOKEN: REDACTED,
        password: REDACTED,
        clientSecret: REDACTED,
        apiKey: REDACTED,
      },
      list: [{ token: REDACTED }],
      fine: { code: 'ECONNRESET', port: 9 },
    });
    expect(isSensitiveKey('_authToken')).toBe(true);
    expect(isSensitiveKey('syscall')).toBe(false);
  });

  it('returns JSON-safe copies of exotic values and never throws', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    const throwing = Object.defineProperty({}, 'bad', {
      enumerable: true,
      get() {
        throw new Error('nope');
      },
    });
    const out = redact({
      cyclic,
      throwing,
      date: new Date(0),
      url: new URL('https://u:p@host.example/x?token=1'),
      map: new Map([['password', 'p']]),
      set: new Set([1]),
      buffer: Buffer.from('abc'),
      big: 5n,
      fn: function named() {},
      error: Object.assign(new Error('bad token=abc'), { code: 'E1', cause: new Error('inner') }),
    }) as Record<string, unknown>;
    expect(out).toEqual({
      cyclic: { name: 'a', self: '[Circular]' },
      throwing: '[Unreadable]',
      date: '1970-01-01T00:00:00.000Z',
      url: `https://${REDACTED}@host.example/x?token=${REDACTED}`,
      map: { password: REDACTED },
      set: [1],
      buffer: '[Buffer 3 bytes]',
      big: '5',
      fn: '[Function named]',
      error: {
        name: 'Error',
        message: `bad token=${REDACTED}`,
        code: 'E1',
        cause: { name: 'Error', message: 'inner' },
      },
    });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('bounds depth, array length and key count', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    expect(JSON.stringify(redact(deep))).toContain('[Object]');
    const long = redact(Array.from({ length: 60 }, (_, i) => i)) as unknown[];
    expect(long).toHaveLength(51);
    expect(long[50]).toBe('[10 more items]');
    const wide = redact(Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`k${i}`, i]))) as Record<
      string,
      unknown
    >;
    expect(Object.keys(wide)).toHaveLength(101);
    expect(wide['[truncated]']).toBe('20 more keys');
  });

  it('shares one rule between flat and nested objects', () => {
    expect(redact({ token: 'x', msg: 'password=1' })).toEqual({ token: REDACTED, msg: `password=${REDACTED}` });
    expect(redact({ nested: { token: 'x', msg: 'password=1' } })).toEqual({
      nested: { token: REDACTED, msg: `password=${REDACTED}` },
    });
    expect(redact({ token: '' })).toEqual({ token: '' });
  });
});
