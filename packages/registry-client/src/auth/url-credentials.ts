import { basicAuthorization, withoutUserinfo } from '../http/registry-url.js';

/**
 * Credentials that arrived inside URLs (`https://user:password@host/`), taken out of them so
 * that every other part (messages, logs, the lockfile, the cache) sees the bare URL. Each
 * belongs to exactly one origin, scheme and port included: a redirect or a tarball URL on
 * another origin never gets it, and neither does plain http on the same host.
 */
export class UrlCredentials {
  private readonly byOrigin = new Map<string, string>();

  /** Adds `other`'s credentials for the origins this has none for. */
  merge(other: UrlCredentials): void {
    for (const [origin, authorization] of other.byOrigin)
      if (!this.byOrigin.has(origin)) this.byOrigin.set(origin, authorization);
  }

  /**
   * Remembers `url`'s userinfo for its origin and returns the URL without it. The first
   * URL to name an origin wins, and configuration is read before any registry answers, so
   * a packument cannot replace the credentials the user configured for a registry.
   */
  take(url: URL): string {
    const authorization = basicAuthorization(url);
    if (authorization && !this.byOrigin.has(url.origin)) this.byOrigin.set(url.origin, authorization);
    return withoutUserinfo(url);
  }

  authorizationFor(url: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin);
  }
}
