/**
 * Removes secrets from anything that may be logged, audited or shown: error contexts, log
 * objects, error messages. One implementation for all three so a secret that is hidden
 * in the log is hidden in `toJSON()` too.
 */

export const REDACTED = '[REDACTED]';

export interface RedactLimits {
  /** Objects nested deeper than this become '[Object]'. */
  readonly maxDepth: number;
  /** Arrays longer than this keep their first items and a count of the rest. */
  readonly maxArrayLength: number;
  /** Strings longer than this are cut, with a note of how much was cut. */
  readonly maxStringLength: number;
  /** Objects with more keys than this keep their first keys. */
  readonly maxKeys: number;
}

export const DEFAULT_REDACT_LIMITS: RedactLimits = {
  maxDepth: 6,
  maxArrayLength: 50,
  maxStringLength: 4096,
  maxKeys: 100,
};

// Key names compared lowercased with separators removed, so `_authToken`, `auth-token`
// and `AUTH_TOKEN` all match.
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'auth',
  'password',
  'passwd',
  'pass',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'credentials',
]);
const SENSITIVE_SUFFIXES = ['token', 'password', 'secret', 'apikey', 'authorization'];

// Keys repeat endlessly (code, syscall, path, ...); remember the verdict for the first few thousand.
const keyVerdicts = new Map<string, boolean>();

export function isSensitiveKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    verdict = SENSITIVE_KEYS.has(normalized) || SENSITIVE_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
    if (keyVerdicts.size < 4096) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

// Every secret pattern below needs one of these, so most strings skip the replacement pass.
const MAY_HOLD_SECRET = /[=:@]|bearer|basic|npm_|gh[pousr]_/i;

// One pass over the text for all patterns. Deliberately narrow: parser messages such as
// "Unexpected token: foo" or "Basic usage" must come through untouched.
const SECRETS = new RegExp(
  [
    // .npmrc lines and config assignments: //host/:_authToken=..., _auth=..., password: ...
    String.raw`(?<assignment>(?:_authToken|_auth|_password|authToken|auth_token|access_?token|refresh_?token|api[_-]?key|password|passwd|client_?secret|secret)\s*[=:]\s*)(?:"[^"]*"|'[^']*'|[^\s,;&"'}]+)`,
    // Bare words only with '=': "token=abc" is a secret, "Unexpected token: foo" is not.
    String.raw`(?<equals>\b(?:token|auth|key|sig|signature)\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s,;&"'}]+)`,
    // Query strings: ?token=... or &sig=...
    String.raw`(?<query>[?&](?:token|auth|key|sig|signature)=)[^&#\s]+`,
    // Authorization header values; the credential must look like one (a digit or symbol).
    String.raw`\b(?<scheme>Bearer|Basic) +(?=[A-Za-z0-9\-._~+/]*[0-9=+/._~-])[A-Za-z0-9\-._~+/]{8,}=*`,
    // Credentials in URLs: scheme://user:password@host, and scheme://token@host (a token as
    // the user name is how many registries and git hosts take one).
    String.raw`(?<url>[a-z][a-z0-9+.\-]*:\/\/)(?:[^/\s:@]+(?::[^/\s@]*)?|:[^/\s@]+)@`,
    // Well-known token shapes that appear without a key in front of them.
    String.raw`\bnpm_[A-Za-z0-9]{36}\b`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{36,}\b`,
  ].join('|'),
  'gi',
);

function replaceSecret(match: string, ...rest: unknown[]): string {
  const groups = rest[rest.length - 1] as Record<string, string | undefined>;
  if (groups['assignment'] !== undefined) return `${groups['assignment']}${REDACTED}`;
  if (groups['equals'] !== undefined) return `${groups['equals']}${REDACTED}`;
  if (groups['query'] !== undefined) return `${groups['query']}${REDACTED}`;
  if (groups['scheme'] !== undefined) {
    // The regex is case-insensitive as a whole; header schemes are written capitalised.
    return groups['scheme'] === 'Bearer' || groups['scheme'] === 'Basic' ? `${groups['scheme']} ${REDACTED}` : match;
  }
  if (groups['url'] !== undefined) return `${groups['url']}${REDACTED}@`;
  return REDACTED;
}

/** Replaces secrets that appear inside free text (messages, URLs, config lines). */
export function redactString(text: string, maxLength = DEFAULT_REDACT_LIMITS.maxStringLength): string {
  let out = text;
  if (MAY_HOLD_SECRET.test(out)) out = out.replace(SECRETS, replaceSecret);
  if (out.length > maxLength) {
    out = `${out.slice(0, maxLength)}... [${out.length - maxLength} more characters]`;
  }
  return out;
}

/**
 * Returns a JSON-safe copy of `value` with secrets replaced. Never throws: getters that
 * throw, cycles, proxies and exotic values all come out as descriptive strings.
 */
export function redact(value: unknown, limits: RedactLimits = DEFAULT_REDACT_LIMITS): unknown {
  return redactFlat(value, limits) ?? walk(value, limits, 0, []);
}

/**
 * The shape error contexts nearly always have: a plain object of a few primitives. Done in
 * one loop; anything else (nesting, exotic prototypes, too many keys) returns undefined.
 */
function redactFlat(value: unknown, limits: RedactLimits): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key in value) {
    if (++count > limits.maxKeys) return undefined;
    const item = (value as Record<string, unknown>)[key];
    switch (typeof item) {
      case 'string':
        out[key] = item !== '' && isSensitiveKey(key) ? REDACTED : redactString(item, limits.maxStringLength);
        break;
      case 'number':
      case 'boolean':
      case 'undefined':
        out[key] = item;
        break;
      case 'object':
        if (item !== null) return undefined;
        out[key] = null;
        break;
      case 'bigint':
      case 'symbol':
      case 'function':
        return undefined;
    }
  }
  return out;
}

// `ancestors` holds the objects on the path from the root: enough to cut cycles, and
// cheaper than a WeakSet for the shallow objects redacted on error paths.
function walk(value: unknown, limits: RedactLimits, depth: number, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value, limits.maxStringLength);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value;
  try {
    if (ancestors.includes(object)) return '[Circular]';
    if (depth >= limits.maxDepth) return Array.isArray(object) ? '[Array]' : '[Object]';
    ancestors.push(object);
    try {
      return walkObject(object, limits, depth, ancestors);
    } finally {
      ancestors.pop();
    }
  } catch {
    return '[Unreadable]';
  }
}

function walkObject(object: object, limits: RedactLimits, depth: number, ancestors: object[]): unknown {
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof Error) return walkError(object, limits, depth, ancestors);
  if (object instanceof URL) return redactString(object.href, limits.maxStringLength);
  if (object instanceof Map) return walkEntries([...object.entries()], limits, depth, ancestors);
  if (object instanceof Set) return walkArray([...object.values()], limits, depth, ancestors);
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
  if (Array.isArray(object)) return walkArray(object, limits, depth, ancestors);
  return walkEntries(Object.entries(object), limits, depth, ancestors);
}

function walkArray(items: unknown[], limits: RedactLimits, depth: number, ancestors: object[]): unknown[] {
  const out = items.slice(0, limits.maxArrayLength).map((item) => walk(item, limits, depth + 1, ancestors));
  if (items.length > limits.maxArrayLength) out.push(`[${items.length - limits.maxArrayLength} more items]`);
  return out;
}

function walkEntries(
  entries: Array<[unknown, unknown]>,
  limits: RedactLimits,
  depth: number,
  ancestors: object[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const [rawKey, item] of entries) {
    if (kept === limits.maxKeys) {
      out['[truncated]'] = `${entries.length - kept} more keys`;
      break;
    }
    const key = String(rawKey);
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null && item !== ''
        ? REDACTED
        : walk(item, limits, depth + 1, ancestors);
    kept++;
  }
  return out;
}

function walkError(error: Error, limits: RedactLimits, depth: number, ancestors: object[]): unknown {
  // Errors that describe themselves (PcError) know best what operators need.
  const toJSON = (error as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return walk(toJSON.call(error), limits, depth, ancestors);
  const out: Record<string, unknown> = {
    name: error.name,
    message: redactString(String(error.message), limits.maxStringLength),
  };
  const { code } = error as { code?: unknown };
  if (code !== undefined) out['code'] = walk(code, limits, depth + 1, ancestors);
  if (error.cause !== undefined) out['cause'] = walk(error.cause, limits, depth + 1, ancestors);
  return out;
}
