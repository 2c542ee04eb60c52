import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { classify, PcError, type Logger } from '@parsercraft/core';
import { RegistryCodes } from '../errors/registry-codes.js';
import { cappedBody, readCappedText } from './body-cap.js';
import { httpUrl, redactUrl, withoutUserinfo } from './registry-url.js';

export interface HttpLimits {
  /** Open connections per origin; keep-alive reuses them. Default 8. */
  readonly connectionsPerOrigin?: number;
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /**
   * From the request to the response headers. Default 30 s. undici checks this and the body
   * timeout on a ~500 ms tick, so either fires up to a second late.
   */
  readonly headersTimeoutMs?: number;
  /** The longest pause between two chunks of a body. Default 30 s. */
  readonly bodyTimeoutMs?: number;
  /**
   * The largest packument body read, in bytes. Default 128 MiB: the largest full packuments
   * on the public registry are tens of MB, and one this size still parses in a few hundred
   * MB of memory, where an endless body would take all of it.
   */
  readonly maxPackumentBytes?: number;
  /**
   * The largest tarball downloaded, in bytes. Default 256 MiB, the most extraction unpacks
   * (DEFAULT_EXTRACTION_LIMITS.maxTotalBytes): a gzip that large unpacks to more than that.
   */
  readonly maxTarballBytes?: number;
  /** Override HTTP_PROXY, HTTPS_PROXY and NO_PROXY, which are read by default. */
  readonly proxy?: { readonly httpProxy?: string; readonly httpsProxy?: string; readonly noProxy?: string };
}

/** An HTTP status that is a failure, shaped so core's classify() maps it (and reads Retry-After). */
export class HttpStatusError extends Error {
  readonly method = 'GET';
  constructor(
    readonly statusCode: number,
    readonly headers: Readonly<Record<string, string | string[] | undefined>>,
    readonly url: string,
  ) {
    super(`GET ${url} answered HTTP ${statusCode}`);
    this.name = 'HttpStatusError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
export const DEFAULT_MAX_PACKUMENT_BYTES = 128 * 1024 * 1024;
export const DEFAULT_MAX_TARBALL_BYTES = 256 * 1024 * 1024;

/**
 * The one HTTP client of an install: undici's EnvHttpProxyAgent (an Agent that honours
 * HTTP_PROXY, HTTPS_PROXY and NO_PROXY), so connections are pooled and kept alive per
 * origin, with bounded connections and connect, headers and body timeouts. Redirects are
 * followed here rather than by undici, so each hop gets the credentials of where it goes,
 * and a token never follows a redirect to another origin. Logs carry URLs and statuses,
 * never headers.
 */
export class RegistryHttp {
  private readonly agent: Dispatcher;
  readonly maxPackumentBytes: number;
  readonly maxTarballBytes: number;

  constructor(
    limits: HttpLimits = {},
    private readonly authorizationFor: (url: string) => string | undefined = () => undefined,
    private readonly logger?: Logger,
  ) {
    this.agent = new EnvHttpProxyAgent({
      connections: limits.connectionsPerOrigin ?? 8,
      connect: { timeout: limits.connectTimeoutMs ?? 10_000 },
      headersTimeout: limits.headersTimeoutMs ?? 30_000,
      bodyTimeout: limits.bodyTimeoutMs ?? 30_000,
      ...limits.proxy,
    });
    this.maxPackumentBytes = limits.maxPackumentBytes ?? DEFAULT_MAX_PACKUMENT_BYTES;
    this.maxTarballBytes = limits.maxTarballBytes ?? DEFAULT_MAX_TARBALL_BYTES;
  }

  /** A packument response's body as text, read up to maxPackumentBytes (else PC_NET_RESPONSE_TOO_LARGE). */
  packumentText(response: Dispatcher.ResponseData, url: string): Promise<string> {
    return readCappedText(response, this.maxPackumentBytes, url);
  }

  /** A tarball response's body, streamed, failing past maxTarballBytes with PC_NET_RESPONSE_TOO_LARGE. */
  tarballBody(response: Dispatcher.ResponseData, url: string): AsyncIterable<Uint8Array> {
    return cappedBody(response, this.maxTarballBytes, url);
  }

  /** A GET whose final status is 2xx or 304; any other status is thrown as an HttpStatusError. */
  async get(
    url: string,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    const first = new URL(url);
    let current = withoutUserinfo(first);
    const chain = [current];
    for (;;) {
      const target = new URL(current);
      // A redirect from https to plain http would show a token to the network: it gets none.
      const downgraded = first.protocol === 'https:' && target.protocol === 'http:';
      const authorization = downgraded ? undefined : this.authorizationFor(current);
      const started = performance.now();
      const response = await this.agent
        .request({
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: 'GET',
          signal,
          headers: authorization ? { ...headers, authorization } : headers,
        })
        .catch((error: unknown) => {
          throw naming(error, current);
        });
      const { statusCode } = response;
      this.logger?.debug(
        { url: current, status: statusCode, ms: Math.round(performance.now() - started) },
        'registry response',
      );
      if ((statusCode >= 200 && statusCode < 300) || statusCode === 304) return response;
      // Read the rest so the connection can serve the next request.
      await response.body.dump().catch(() => undefined);
      const location = response.headers['location'];
      if (!REDIRECTS.has(statusCode) || typeof location !== 'string')
        throw new HttpStatusError(statusCode, response.headers, current);
      current = redirectTarget(location, current, chain);
      chain.push(current);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * Where a redirect goes: an http: or https: URL (else PC_REGISTRY_BAD_REDIRECT), without
 * userinfo (a registry does not get to choose credentials), not seen before in `chain` and
 * within MAX_REDIRECTS (else PC_REGISTRY_TOO_MANY_REDIRECTS naming the chain).
 */
function redirectTarget(location: string, from: string, chain: readonly string[]): string {
  let resolved: URL | undefined;
  try {
    resolved = httpUrl(new URL(location, from).href);
  } catch {
    resolved = undefined;
  }
  if (!resolved) {
    const shown = redactUrl(location);
    throw new PcError(
      RegistryCodes.PC_REGISTRY_BAD_REDIRECT,
      `${from} redirected to '${shown}', which is not an http: or https: URL.`,
      { context: { url: from, location: shown, chain: [...chain] } },
    );
  }
  const next = withoutUserinfo(resolved);
  const loop = chain.includes(next);
  if (loop || chain.length > MAX_REDIRECTS) {
    const all = [...chain, next];
    throw new PcError(
      RegistryCodes.PC_REGISTRY_TOO_MANY_REDIRECTS,
      `${chain[0] ?? from} ${loop ? 'redirects in a loop' : `was redirected more than ${MAX_REDIRECTS} times`}: ${all.join(' -> ')}.`,
      { context: { url: chain[0] ?? from, chain: all, loop } },
    );
  }
  return next;
}

/**
 * A transport failure that says which request it ended: undici's errors ("Headers Overflow
 * Error", a reset) name no URL. Timeouts are left alone; the recovery plan names their URL
 * and package (core's subject), and a cancellation is not the request's fault.
 */
function naming(error: unknown, url: string): PcError {
  const e = classify(error);
  if (e.category === 'timeout' || e.category === 'cancelled' || e.context['url'] !== undefined) return e;
  return new PcError(e.spec, `${e.message} (GET ${url})`, {
    cause: error,
    context: { ...e.context, url },
    ...(e.retryAfterMs !== undefined && { retryAfterMs: e.retryAfterMs }),
  });
}
