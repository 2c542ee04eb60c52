import { loadRecoveryPlans, type RecoveryPlan } from '@parsercraft/core';

/** What one command asks of every registry request (`install --timeout --retries`). */
export interface RequestBudget {
  /** Each attempt's budget, in ms. */
  readonly timeoutMs?: number;
  /** Retries after a first failed attempt: 0 tries once. */
  readonly retries?: number;
}

/** The plans that talk to registries and get the budget; a revalidation keeps its quick single try. */
const PATIENT = ['registry.packument', 'registry.tarball'] as const;

/**
 * The project's plans with the budget laid over the registry plans, through core's own
 * loader, so the result is merged and validated like a parsercraft.json `plans` section.
 * Retries given on the command line are exact: no extra attempts when the origin answers.
 */
export function withRequestBudget(
  plans: Readonly<Record<string, RecoveryPlan>>,
  budget: RequestBudget,
): Record<string, RecoveryPlan> {
  if (budget.timeoutMs === undefined && budget.retries === undefined) return { ...plans };
  const overrides: Record<string, Record<string, unknown>> = {};
  for (const operation of PATIENT) {
    overrides[operation] = {
      ...(budget.timeoutMs !== undefined && { timeoutMs: budget.timeoutMs }),
      ...(budget.retries !== undefined && {
        retry: { maxAttempts: budget.retries + 1, extraAttemptsIfAnswered: 0 },
      }),
    };
  }
  const revalidate = plans['registry.revalidate'];
  if (budget.timeoutMs !== undefined && revalidate) {
    // Never longer than asked, and never longer than its own: a cached copy stands by.
    overrides['registry.revalidate'] = {
      timeoutMs: Math.min(revalidate.timeoutMs ?? budget.timeoutMs, budget.timeoutMs),
    };
  }
  return loadRecoveryPlans(overrides, { defaults: plans, source: 'the request budget (--timeout, --retries)' });
}
