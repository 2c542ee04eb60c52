import { redactString } from '../../redaction/redact.js';
import type { ErrorCodeSpec } from '../codes.js';

/** What a rule decided about one input. classify() turns it into a PcError. */
export interface Classification {
  readonly spec: ErrorCodeSpec;
  /** Defaults to the input's own message, then to the code's summary. */
  readonly message?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly retryAfterMs?: number;
}

/** Reads a property without trusting the object: getters and proxies may throw. */
export function prop(value: object, key: PropertyKey): unknown {
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * Copies the allowed properties that are present and primitive, with strings redacted, for
 * an error's context. Walks the object's own keys rather than probing every allowed name:
 * most are absent, and absent-property lookups on errors are the slow kind.
 */
export function pick(value: object, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!keys.has(key)) continue;
    const item = prop(value, key);
    if (typeof item === 'string') out[key] = redactString(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out[key] = item;
  }
  return out;
}
