import { describe, expect, it } from 'vitest';

/** The names other packages and outside checks import from the built @parsercraft/core. */
describe('@parsercraft/core public entry points', () => {
  it('exports every name issue #2 promises, from the built package', async () => {
    const core = (await import('@parsercraft/core')) as Record<string, unknown>;
    for (const name of ['classify', 'createLogger', 'createMetrics']) expect(typeof core[name], name).toBe('function');
    for (const name of ['PcError', 'RecoveryManager', 'TokenBucket', 'HealthRegistry', 'GracefulShutdown']) {
      expect(typeof core[name], name).toBe('function');
      expect(String(core[name]).startsWith('class '), `${name} is a class`).toBe(true);
    }
    expect(core['ErrorCategory']).toMatchObject({
      Validation: 'validation',
      Network: 'network',
      RateLimited: 'rate_limited',
      NotFound: 'not_found',
    });
    expect(Object.values(core['ErrorCategory'] as object)).toHaveLength(12);
    expect(core['ErrorSeverity']).toEqual({ Low: 'low', Medium: 'medium', High: 'high', Critical: 'critical' });
  });

  it('exports that and no more: the building blocks behind it stay internal', async () => {
    const errors = [
      'CoreErrorCodes',
      'ErrorCategory',
      'ErrorSeverity',
      'PcError',
      'REDACTED',
      'classify',
      'defineErrorCodes',
      'errorCodeSpec',
      'listErrorCodes',
      'redact',
      'redactString',
      'runbookAnchor',
      'runbookCodes',
      'runbookEntry',
      'runbookLink',
    ];
    expect(Object.keys(await import('@parsercraft/core/errors')).sort()).toEqual(errors);
    expect(Object.keys(await import('@parsercraft/core')).sort()).toEqual(
      [
        ...errors,
        'AuditLog',
        'DEFAULT_PLANS',
        'GracefulShutdown',
        'HealthComponent',
        'HealthRegistry',
        'HealthStatus',
        'RecoveryManager',
        'TokenBucket',
        'createLogger',
        'createMetrics',
        'defaultCacheDir',
        'loadRecoveryPlans',
        'readAuditFile',
      ].sort(),
    );
  });
});
