import { classify } from '../errors/classify.js';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';
import { BREAKER_DEFAULTS, BULKHEAD_DEFAULTS, DEFAULT_PLANS, RETRY_DEFAULTS } from './default-plans.js';
import { RecoveryPlanSchema, type BreakerPlan, type RecoveryPlan } from './plan.js';

const SECTIONS = ['timeoutMs', 'retry', 'breaker', 'bulkhead', 'fallback', 'degrade', 'health'] as const;
type Section = (typeof SECTIONS)[number];
const OBJECT_SECTIONS: ReadonlySet<Section> = new Set([
  'retry',
  'breaker',
  'bulkhead',
  'fallback',
  'degrade',
  'health',
]);

export interface LoadPlansOptions {
  /** Plans the config is layered over. */
  readonly defaults?: Readonly<Record<string, RecoveryPlan>>;
  /** Where the config came from, for error messages (a file path, "parsercraft.json#recovery"). */
  readonly source?: string;
}

/**
 * Reads recovery plans from JSON (text or parsed) layered over the defaults:
 *
 *     { "registry.packument": { "retry": { "maxAttempts": 6 }, "breaker": false } }
 *
 * A section given as an object is merged field by field over the default section; `false`
 * or `null` removes the section; operations not in the defaults are new plans. Anything
 * invalid is a PC_CONFIG_INVALID error naming every bad field; nothing is silently ignored.
 */
export function loadRecoveryPlans(config: unknown, options: LoadPlansOptions = {}): Record<string, RecoveryPlan> {
  const defaults = options.defaults ?? DEFAULT_PLANS;
  const source = options.source ?? 'recovery plans';
  const parsed = typeof config === 'string' ? parseJson(config, source) : config;
  if (parsed === undefined || parsed === null) return { ...defaults };
  if (!isPlainObject(parsed)) {
    throw invalid(source, [
      `the top level must be an object mapping operation names to plans, not ${describe(parsed)}`,
    ]);
  }
  const plans: Record<string, RecoveryPlan> = { ...defaults };
  const problems: string[] = [];
  for (const [operation, override] of Object.entries(parsed)) {
    if (!isPlainObject(override)) {
      problems.push(`${operation}: must be an object, not ${describe(override)}`);
      continue;
    }
    const merged = mergePlan(operation, defaults[operation] ?? {}, override, problems);
    const result = RecoveryPlanSchema.safeParse(merged);
    if (result.success) plans[operation] = result.data;
    else
      for (const issue of result.error.issues)
        problems.push(`${[operation, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }
  if (problems.length > 0) throw invalid(source, problems);
  return plans;
}

/** Validates one complete plan (for code that defines plans directly). */
export function validateRecoveryPlan(operation: string, plan: unknown): RecoveryPlan {
  const result = RecoveryPlanSchema.safeParse(plan);
  if (result.success) return result.data;
  throw invalid(
    `plan for ${operation}`,
    result.error.issues.map((issue) => `${[operation, ...issue.path.map(String)].join('.')}: ${issue.message}`),
  );
}

function mergePlan(
  operation: string,
  base: RecoveryPlan,
  override: Record<string, unknown>,
  problems: string[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === false || value === null) {
      delete merged[key];
      continue;
    }
    if (!(SECTIONS as readonly string[]).includes(key)) {
      merged[key] = value; // The schema reports it as unknown, with its path.
      continue;
    }
    const section = key as Section;
    if (OBJECT_SECTIONS.has(section) && !isPlainObject(value)) {
      problems.push(`${operation}.${key}: must be an object, or false to remove it, not ${describe(value)}`);
      continue;
    }
    merged[key] = mergeSection(operation, section, base, value);
  }
  return merged;
}

function mergeSection(operation: string, section: Section, base: RecoveryPlan, value: unknown): unknown {
  const fields = value as Record<string, unknown>;
  switch (section) {
    case 'retry':
      return { ...RETRY_DEFAULTS, ...base.retry, ...fields };
    case 'bulkhead':
      return { ...BULKHEAD_DEFAULTS, ...base.bulkhead, ...fields };
    case 'health':
      return { component: operation, critical: false, ...base.health, ...fields };
    case 'breaker': {
      const kind = (fields['kind'] ?? base.breaker?.kind ?? 'consecutive') as BreakerPlan['kind'];
      const start = base.breaker?.kind === kind ? base.breaker : BREAKER_DEFAULTS[kind];
      // An unknown kind has no defaults; the schema names the bad kind.
      return { ...start, ...fields, kind };
    }
    case 'timeoutMs':
    case 'fallback':
    case 'degrade':
      return value;
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const classified = classify(error);
    throw new PcError(classified.spec, `${source}: ${classified.message}`, {
      cause: error,
      context: { source, ...classified.context },
    });
  }
}

function invalid(source: string, problems: readonly string[]): PcError {
  return new PcError(C.PC_CONFIG_INVALID, `Invalid recovery plans in ${source}:\n  - ${problems.join('\n  - ')}`, {
    context: { source, problems },
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `${typeof value} ${JSON.stringify(value)}`;
}
