import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { Logger } from '@parsercraft/core';

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
  }

  /** A GET whose final status is 2xx or 304; any other status is thrown as an HttpStatusError. */
  async get(
    url: string,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      const authorization = this.authorizationFor(current);
      const started = performance.now();
      const response = await this.agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        signal,
        headers: authorization ? { ...headers, authorization } : headers,
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
      if (REDIRECTS.has(statusCode) && typeof location === 'string' && hop < MAX_REDIRECTS) {
        current = new URL(location, current).toString();
        continue;
      }
      throw new HttpStatusError(statusCode, response.headers, current);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
