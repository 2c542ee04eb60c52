import { CoreErrorCodes, PcError } from '@parsercraft/core';

/**
 * A JSON.parse reviver refusing `__proto__` keys: JSON.parse keeps one as an own key, but
 * copying the object (as schema validation does) turns it into the copy's prototype, so a
 * dependency named `__proto__` would vanish silently instead of being refused.
 */
export function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') {
    throw new PcError(CoreErrorCodes.PC_JSON_SYNTAX, 'has a key named "__proto__", which nothing in it may be named.');
  }
  return value;
}
