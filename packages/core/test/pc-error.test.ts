import { describe, expect, it } from 'vitest';
import {
  CoreErrorCodes as C,
  PcError,
  classify,
  defineErrorCodes,
  errorCodeSpec,
  listErrorCodes,
  runbookAnchor,
} from '../src/index.js';

describe('PcError', () => {
  it('carries code, category, severity, retryable, runbook, context, cause, id and timestamp', () => {
    const cause = new Error('socket hang up');
    const before = Date.now();
    const error = new PcError(C.PC_NET_RESET, 'registry connection reset', {
      cause,
      context: { origin: 'https://registry.example' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PcError');
    expect(error.code).toBe('PC_NET_RESET');
    expect(error.category).toBe('network');
    expect(error.severity).toBe('medium');
    expect(error.retryable).toBe(true);
    expect(error.runbook).toBe('RUNBOOK.md#pc_net_reset');
    expect(error.cause).toBe(cause);
    expect(error.context).toEqual({ origin: 'https://registry.example' });
    expect(error.timestamp).toBeGreaterThanOrEqual(before);
    expect(error.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.id).toBe(error.id);
    expect(new PcError(C.PC_NET_RESET).id).not.toBe(error.id);
    expect(error.stack).toContain('pc-error.test.ts');
  });

  it('defaults its message to the code summary', () => {
    expect(new PcError(C.PC_CIRCUIT_OPEN).message).toBe(C.PC_CIRCUIT_OPEN.summary);
  });

  it('serialises to JSON with everything an operator needs, and secrets removed', () => {
    const error = new PcError(C.PC_HTTP_UNAUTHORIZED, 'GET https://user:hunter22@registry.example/pkg failed', {
      context: {
        headers: { authorization: 'Bearer abc.def.123456' },
        npmrc: '//registry.example/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789',
      },
      cause: Object.assign(new Error('401 with token=s3cr3t'), { code: 'E401' }),
      retryAfterMs: 1000,
    });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: 'PcError',
      id: error.id,
      code: 'PC_HTTP_UNAUTHORIZED',
      category: 'auth',
      severity: 'high',
      retryable: false,
      summary: C.PC_HTTP_UNAUTHORIZED.summary,
      runbook: 'RUNBOOK.md#pc_http_unauthorized',
      timestamp: new Date(error.timestamp).toISOString(),
      retryAfterMs: 1000,
      cause: { name: 'Error', code: 'E401' },
    });
    const text = JSON.stringify(json);
    for (const secret of ['hunter22', 'abc.def.123456', 'npm_abcdefghijklmnopqrstuvwxyz0123456789', 's3cr3t'])
      expect(text).not.toContain(secret);
    expect(error.message).toBe('GET https://[REDACTED]@registry.example/pkg failed');
  });

  it('wrapping a foreign error skips its own stack capture', () => {
    const error = classify(new Error('boom'));
    expect(error.stack).toBe('PcError: boom');
    expect((error.cause as Error).stack).toContain('pc-error.test.ts');
  });

  it('is recognised across copies of the package by its brand', () => {
    const error = new PcError(C.PC_TIMEOUT);
    const lookalike = Object.create(Object.getPrototypeOf(error) as object) as unknown;
    expect(PcError.is(error)).toBe(true);
    expect(PcError.is(lookalike)).toBe(true);
    expect(PcError.is(new Error('x'))).toBe(false);
    expect(PcError.is({ code: 'PC_TIMEOUT' })).toBe(false);
  });
});

describe('error code registry', () => {
  it('defines codes with runbook anchors and category defaults', () => {
    const codes = defineErrorCodes({
      PC_TESTONLY_THING: { category: 'network', severity: 'low', retryable: true, summary: 'A test code.' },
      PC_TESTONLY_LOCAL: {
        category: 'unavailable',
        severity: 'low',
        retryable: false,
        summary: 'Local refusal.',
        dependencyFault: false,
      },
    });
    expect(codes.PC_TESTONLY_THING).toMatchObject({
      code: 'PC_TESTONLY_THING',
      dependencyFault: true,
      runbook: 'RUNBOOK.md#pc_testonly_thing',
    });
    expect(codes.PC_TESTONLY_LOCAL.dependencyFault).toBe(false);
    expect(errorCodeSpec('PC_TESTONLY_THING')).toBe(codes.PC_TESTONLY_THING);
    expect(listErrorCodes()).toContain(codes.PC_TESTONLY_THING);
    expect(runbookAnchor('PC_NET_RESET')).toBe('RUNBOOK.md#pc_net_reset');
  });

  it('rejects malformed codes and conflicting redefinitions at load time', () => {
    expect(() =>
      defineErrorCodes({ NET_RESET: { category: 'network', severity: 'low', retryable: true, summary: 'x' } }),
    ).toThrow(/does not match/);
    expect(() =>
      defineErrorCodes({ pc_lower: { category: 'network', severity: 'low', retryable: true, summary: 'x' } }),
    ).toThrow(/does not match/);
    expect(() =>
      defineErrorCodes({ PC_NET_RESET: { category: 'internal', severity: 'low', retryable: false, summary: 'other' } }),
    ).toThrow(/defined twice/);
    const again = defineErrorCodes({
      PC_NET_RESET: { category: 'network', severity: 'medium', retryable: true, summary: C.PC_NET_RESET.summary },
    });
    expect(again.PC_NET_RESET).toBe(C.PC_NET_RESET);
  });

  it('gives own-policy refusals no weight against a breaker, and dependency failures full weight', () => {
    expect(C.PC_CIRCUIT_OPEN.dependencyFault).toBe(false);
    expect(C.PC_BULKHEAD_FULL.dependencyFault).toBe(false);
    expect(C.PC_RATE_LIMITED.dependencyFault).toBe(false);
    expect(C.PC_CANCELLED.dependencyFault).toBe(false);
    expect(C.PC_CONFIG_INVALID.dependencyFault).toBe(false);
    expect(C.PC_NET_RESET.dependencyFault).toBe(true);
    expect(C.PC_TIMEOUT.dependencyFault).toBe(true);
    expect(C.PC_HTTP_UNAVAILABLE.dependencyFault).toBe(true);
  });
});
