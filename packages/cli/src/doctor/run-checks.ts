import { classify, CoreErrorCodes, PcError } from '@parsercraft/core/errors';
import type { CheckResult, DoctorCheck, DoctorContext, NamedResult } from './doctor-check.js';

export interface Row extends NamedResult {
  readonly durationMs: number;
}

/**
 * Runs every check at once, each under its own timeout (its modules' loading included; its
 * reported duration is the check alone), so a dead host costs its budget and no more: a check past it is an error row with PC_TIMEOUT, and one that throws is an
 * error row with its classified code. Rows come back in the checks' order.
 */
export async function runChecks(
  checks: readonly DoctorCheck[],
  context: Omit<DoctorContext, 'signal' | 'deadline' | 'budgetMs'>,
  timeoutMs: number,
): Promise<Row[]> {
  const rows = await Promise.all(
    checks.map(async (check): Promise<Row[]> => {
      const started = performance.now();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new PcError(CoreErrorCodes.PC_TIMEOUT, `did not finish within ${timeoutMs} ms`);
          controller.abort(error);
          reject(error);
        }, timeoutMs);
      });
      let results: readonly NamedResult[];
      let ranFrom = started;
      const run = async (): Promise<CheckResult | readonly NamedResult[]> => {
        await check.load?.();
        ranFrom = performance.now();
        return check.run({ ...context, signal: controller.signal, deadline: started + timeoutMs, budgetMs: timeoutMs });
      };
      try {
        const result = await Promise.race([run(), timeout]);
        results = isMany(result) ? result : [{ name: check.name, ...result }];
      } catch (error) {
        const e = classify(error);
        results = [{ name: check.name, status: 'error', detail: e.message, code: e.code, runbook: e.runbook }];
      } finally {
        clearTimeout(timer);
      }
      const durationMs = performance.now() - ranFrom;
      return results.map((r) => ({ ...r, durationMs }));
    }),
  );
  return rows.flat();
}

function isMany(result: CheckResult | readonly NamedResult[]): result is readonly NamedResult[] {
  return Array.isArray(result);
}
