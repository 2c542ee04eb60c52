/**
 * Parses an HTTP Retry-After value (RFC 9110 section 10.2.3): either delay-seconds or an
 * HTTP-date. Returns milliseconds to wait from `now`, or undefined when the value is
 * missing or malformed (a malformed header must not turn into a silent zero wait).
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the date forms HTTP allows; Date.parse alone would accept "5" or "tomorrow-ish".
  if (!/^[A-Za-z]{3},? |^[A-Za-z]+day, /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Reads one header from the shapes headers come in: Headers, plain objects, raw arrays. */
export function readHeader(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const lower = name.toLowerCase();
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, lower);
    return typeof value === 'string' ? value : undefined;
  }
  if (Array.isArray(headers)) {
    // undici's raw form: [name, value, name, value, ...], names as strings or Buffers.
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === lower) return String(headers[i + 1]);
    }
    return undefined;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}
