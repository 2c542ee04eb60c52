import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS, PcError, loadRecoveryPlans } from '../src/index.js';
import { RETRY_DEFAULTS } from '../src/recovery/default-plans.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PcError);
    expect((error as PcError).code).toBe('PC_CONFIG_INVALID');
    return (error as PcError).context['problems'] as string[];
  }
  throw new Error('expected PC_CONFIG_INVALID');
}

describe('loadRecoveryPlans', () => {
  it('returns the documented defaults for an empty or absent config', () => {
    expect(loadRecoveryPlans(undefined)).toEqual(DEFAULT_PLANS);
    expect(loadRecoveryPlans('{}')).toEqual(DEFAULT_PLANS);
  });

  it('merges a partial section field by field over the operation default', () => {
    const plans = loadRecoveryPlans('{ "registry.packument": { "retry": { "maxAttempts": 6 }, "timeoutMs": 5000 } }');
    expect(plans['registry.packument']).toEqual({
      ...DEFAULT_PLANS['registry.packument'],
      timeoutMs: 5000,
      retry: { ...DEFAULT_PLANS['registry.packument']!.retry, maxAttempts: 6 },
    });
    expect(plans['registry.tarball']).toEqual(DEFAULT_PLANS['registry.tarball']);
  });

  it('removes a section given as false or null', () => {
    const plans = loadRecoveryPlans({ 'registry.packument': { breaker: false, fallback: null } });
    expect(plans['registry.packument']!.breaker).toBeUndefined();
    expect(plans['registry.packument']!.fallback).toBeUndefined();
    expect(plans['registry.packument']!.retry).toEqual(DEFAULT_PLANS['registry.packument']!.retry);
  });

  it('completes new operations from the section defaults, and switches breaker kinds cleanly', () => {
    const plans = loadRecoveryPlans({
      'registry.ping': { retry: { maxAttempts: 2 }, breaker: { kind: 'count' }, bulkhead: { limit: 2 } },
      'lsp.analysis': { breaker: { kind: 'sampling', threshold: 0.3 } },
    });
    expect(plans['registry.ping']).toEqual({
      retry: { ...RETRY_DEFAULTS, maxAttempts: 2 },
      breaker: { kind: 'count', threshold: 0.5, size: 20, minimumCalls: 10, halfOpenAfterMs: 30_000 },
      bulkhead: { limit: 2, queue: 64 },
    });
    expect(plans['lsp.analysis']!.breaker).toEqual({
      kind: 'sampling',
      threshold: 0.3,
      durationMs: 30_000,
      minimumRps: 1,
      halfOpenAfterMs: 30_000,
    });
  });

  it('names every bad field, with its path, in one error', () => {
    const problems = problemsOf(() =>
      loadRecoveryPlans(
        {
          'registry.packument': { retry: { maxAttempts: 0, jitter: 'sometimes' }, timeoutMs: -1, colour: 'blue' },
          'lsp.analysis': { breaker: { kind: 'flaky' } },
          'lsp.codegen': { bulkhead: 4 },
          'lsp.request': 'fast',
        },
        { source: 'parsercraft.json#recovery' },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^registry\.packument\.retry\.maxAttempts: /),
        expect.stringMatching(/^registry\.packument\.retry\.jitter: /),
        expect.stringMatching(/^registry\.packument\.timeoutMs: /),
        expect.stringMatching(/^registry\.packument: .*colour/),
        expect.stringMatching(/^lsp\.analysis\.breaker\.kind: /),
        'lsp.codegen.bulkhead: must be an object, or false to remove it, not number 4',
        'lsp.request: must be an object, not string "fast"',
      ]),
    );
  });

  it('says where the config came from', () => {
    try {
      loadRecoveryPlans({ x: { timeoutMs: 'soon' } }, { source: 'parsercraft.json#recovery' });
    } catch (error) {
      expect((error as PcError).message).toMatch(
        /^Invalid recovery plans in parsercraft\.json#recovery:\n {2}- x\.timeoutMs: /,
      );
    }
  });

  it('classifies broken JSON as PC_JSON_SYNTAX and a non-object top level as invalid', () => {
    let thrown: unknown;
    try {
      loadRecoveryPlans('{ "registry.packument": ', { source: 'plans.json' });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as PcError).code).toBe('PC_JSON_SYNTAX');
    expect((thrown as PcError).message).toMatch(/^plans\.json: /);
    expect(problemsOf(() => loadRecoveryPlans('[1, 2]'))).toEqual([
      'the top level must be an object mapping operation names to plans, not an array',
    ]);
  });
});
