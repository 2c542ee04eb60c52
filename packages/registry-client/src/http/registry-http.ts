import { Agent, type Dispatcher } from 'undici';

export interface HttpLimits {
  /** Open connections per origin; keep-alive reuses them. Default 8. */
  readonly connectionsPerOrigin?: number;
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** From the request to the response headers. Default 30 s. */
  readonly headersTimeoutMs?: number;
  /** The longest pause between two chunks of a body. Default 30 s. */
  readonly bodyTimeoutMs?: number;
}

/** An HTTP status that is a failure, shaped so core's classify() maps it (and reads Retry-After). */
export class HttpStatusError extends Error {
  readonly method = 'GET';
  constructor(readonly statusCode: number, readonly headers: Readonly<Record<string, string | string[] | undefined>>, readonly url: string) {
    super(`GET ${url} answered HTTP ${statusCode}`);
    this.name = 'HttpStatusError';
  }
}

/**
 * The one HTTP client of an install: undici's Agent, so connections are pooled and kept
 * alive per origin, with bounded connections and connect, headers and body timeouts.
 * Redirects are not followed (undici's default): a registry that redirects gets a
 * classified error rather than a request, with its credentials, to somewhere else.
 */
export class RegistryHttp {
  private readonly agent: Agent;

  constructor(limits: HttpLimits = {}) {
    this.agent = new Agent({
      connections: limits.connectionsPerOrigin ?? 8,
      connect: { timeout: limits.connectTimeoutMs ?? 10_000 },
      headersTimeout: limits.headersTimeoutMs ?? 30_000,
      bodyTimeout: limits.bodyTimeoutMs ?? 30_000,
    });
  }

  /** A GET whose status is 2xx or 304; any other status is thrown as an HttpStatusError. */
  async get(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const target = new URL(url);
    const response = await this.agent.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET', headers, signal });
    const { statusCode } = response;
    if ((statusCode >= 200 && statusCode < 300) || statusCode === 304) return response;
    // Read the rest so the connection can serve the next request.
    await response.body.dump().catch(() => undefined);
    throw new HttpStatusError(statusCode, response.headers, url);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
