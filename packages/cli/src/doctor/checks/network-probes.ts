import { lookup } from 'node:dns/promises';
import { connect, isIP } from 'node:net';

/**
 * What the doctor measures of a registry's host besides the registry's own answer: the name
 * lookup, the TCP connection and the proxy. Each probe ends by its deadline whatever the
 * network does, and says in words what it found.
 */

/** How long the host name takes to resolve (getaddrinfo, as HTTP requests do), or why it does not. */
export async function probeDns(url: string, timeoutMs: number): Promise<string> {
  const host = hostOf(url);
  if (isIP(host)) return 'no DNS lookup (an IP address)';
  const started = performance.now();
  // getaddrinfo cannot be cancelled: past the deadline its answer is simply not waited for.
  const outcome = await withDeadline(
    lookup(host).then(({ address }) => address),
    timeoutMs,
  );
  if (outcome.kind === 'late') return `DNS did not answer within ${timeoutMs} ms`;
  if (outcome.kind === 'failed')
    return `DNS failed: ${(outcome.error as NodeJS.ErrnoException).code ?? String(outcome.error)}`;
  return `DNS ${Math.round(performance.now() - started)} ms (${outcome.value})`;
}

/** How long a TCP connection to the registry's host and port takes to open, or why it does not. */
export function probeConnect(url: string, timeoutMs: number): Promise<string> {
  const { port, protocol } = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: hostOf(url), port: Number(port || (protocol === 'https:' ? 443 : 80)) });
    const done = (text: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const timer = setTimeout(() => done(`no TCP connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(`connect ${Math.round(performance.now() - started)} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => done(`connect failed: ${error.code ?? error.message}`));
  });
}

/** The proxy an HTTP request to `url` goes through, by the usual variables (undici's EnvHttpProxyAgent reads the same). */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { protocol, hostname } = new URL(url);
  const noProxy = (env['NO_PROXY'] ?? env['no_proxy'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (noProxy.some((n) => n === '*' || hostname === n || hostname.endsWith(n.startsWith('.') ? n : `.${n}`)))
    return undefined;
  const proxy =
    protocol === 'https:' ? (env['HTTPS_PROXY'] ?? env['https_proxy']) : (env['HTTP_PROXY'] ?? env['http_proxy']);
  return proxy ? new URL(proxy).origin : undefined;
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '');
}

type Outcome<T> = { kind: 'value'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'late' };

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'late' }), timeoutMs);
  });
  const settled = work.then(
    (value): Outcome<T> => ({ kind: 'value', value }),
    (error: unknown): Outcome<T> => ({ kind: 'failed', error }),
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
