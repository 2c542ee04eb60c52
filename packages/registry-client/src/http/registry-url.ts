/**
 * The URLs an install may fetch: http: and https: only. Anything else (file:, data:, ftp:)
 * would make a registry, a packument or a lockfile a way to read local files or reach
 * services the user never configured.
 */
export function httpUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** `url` as every part but the HTTP client sees it: without `user:password@`. */
export function withoutUserinfo(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return bare.href;
}

/**
 * The Basic Authorization value npm sends for `https://user:password@host/` (the parts are
 * percent-decoded first, as npm does), or undefined when the URL carries none.
 */
export function basicAuthorization(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const pair = `${decodeOrKeep(url.username)}:${decodeOrKeep(url.password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

/**
 * A URL as it may be shown: without userinfo when it parses; when it does not (it is being
 * reported as invalid), everything between `//` and an `@` is dropped instead.
 */
export function redactUrl(raw: string): string {
  try {
    return withoutUserinfo(new URL(raw));
  } catch {
    // Up to the last `@` of the token: a password may hold `/`, `?` or `#` unencoded.
    return raw.replace(/(\/\/)\S*@/g, '$1[REDACTED]@');
  }
}

/** A malformed escape (`%zz`) is taken as the characters it is, not a reason to fail the install. */
function decodeOrKeep(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
