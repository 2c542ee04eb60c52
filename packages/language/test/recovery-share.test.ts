import { describe, expect, it } from 'vitest';
import { analyze, type LanguageSpec } from '@parsercraft/language';
import { spec } from './helpers.js';
import { formatRecoveryReport, measureRecovery, recoveryMutations } from './recovery-corpus.js';
import { CORPUS_PROGRAMS } from './recovery-programs.js';

/** The measuring stops here, with what it has: the share is over the mutations measured. */
const BUDGET_MS = 20_000;

describe('recovery: one mistake, one finding', () => {
  it('the corpus programs are valid: no error or warning before a mutation', async () => {
    for (const p of CORPUS_PROGRAMS) {
      const findings = analyze(await spec(p.config), p.text).diagnostics.filter(
        (d) => d.severity === 'error' || d.severity === 'warning',
      );
      expect(findings, p.name).toEqual([]);
    }
  });

  it('at least 90% of single mutations in 5 configs (4 layouts) give exactly one finding at the right line', async () => {
    const specs = new Map<string, LanguageSpec>();
    for (const p of CORPUS_PROGRAMS) specs.set(p.config, await spec(p.config));
    const mutations = recoveryMutations(specs);
    expect(mutations.length).toBeGreaterThanOrEqual(200);
    const report = measureRecovery(specs, mutations, performance.now() + BUDGET_MS);
    console.log(formatRecoveryReport(report));
    for (const miss of report.misses.slice(0, 5))
      console.log(`  miss: ${miss.mutation.description}: ${miss.findings.slice(0, 3).join(' | ') || 'no finding'}`);
    expect(report.total).toBeGreaterThanOrEqual(100);
    expect(report.share).toBeGreaterThanOrEqual(0.9);
  }, 40_000);
});
