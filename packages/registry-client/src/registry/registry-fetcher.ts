import {
  classify,
  CoreErrorCodes,
  PcError,
  TokenBucket,
  type ExecuteOptions,
  type RecoveryManager,
} from '@parsercraft/core';
import type { Dispatcher } from 'undici';
import type { UrlCredentials } from '../auth/url-credentials.js';
import type { ContentStore } from '../cache/content-store.js';
import type { Expected, Sha512 } from '../cache/integrity.js';
import type { MetadataStore } from '../cache/metadata-store.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import type { RegistryHttp } from '../http/registry-http.js';
import type { FetchProgress, FetchSubject } from './fetch-progress.js';
import { cacheableBody, PACKUMENT_ACCEPT, parsePackument, type Packument } from './packument.js';
import { packumentUrl, registriesFor } from './registry-list.js';

/**
 * How the cache is used, as npm names it. `default`: ask the registry, revalidating a cached
 * packument with its ETag, and serve the cached one when the registry cannot be reached.
 * `prefer-online`: ask the registry, never serve stale. `prefer-offline`: use the cache
 * without asking when it has the entry. `offline`: never ask; a miss is PC_REGISTRY_NOT_CACHED.
 * Tarballs are immutable by their integrity, so every mode uses a cached one as it is.
 */
export type CacheMode = 'default' | 'prefer-online' | 'prefer-offline' | 'offline';

export interface FetcherOptions {
  readonly http: RegistryHttp;
  readonly recovery: RecoveryManager;
  readonly metadata: MetadataStore;
  readonly content: ContentStore;
  readonly registries: Readonly<Record<string, string>>;
  readonly cacheMode: CacheMode;
  readonly signal?: AbortSignal;
  /** Told when a stale cached packument stands in for an unreachable registry. */
  readonly onStale?: (url: string, error: PcError) => void;
  /** Requests per origin: a token bucket each. `false` turns limiting off. */
  readonly rateLimit?: RateLimit | false;
  /** Where userinfo in packuments' tarball URLs goes (see UrlCredentials). */
  readonly credentials?: UrlCredentials;
  /** Told what each request waits for: attempts, retries, Retry-After pauses. */
  readonly onProgress?: (event: FetchProgress) => void;
}

export interface RateLimit {
  /** Sustained requests per second to one origin. */
  readonly requestsPerSecond: number;
  /** Requests that may go at once after a quiet spell. */
  readonly burst: number;
}

/** Well above what one install needs from a healthy registry; it exists to stop a runaway, and to hold on 429. */
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 200, burst: 64 };

/** Packuments and tarballs through the registry list, the caches and the recovery plans. */
export class RegistryFetcher {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly o: FetcherOptions) {}

  /**
   * A request to `url` under the origin's rate limit. A 429 or 503 with Retry-After pauses
   * the whole origin, not just this request: its other requests would be refused too.
   */
  private async request(
    about: FetchSubject,
    headers: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<Dispatcher.ResponseData> {
    const { url } = about;
    const origin = new URL(url).origin;
    const bucket = this.bucket(origin);
    await bucket?.acquire(1, { signal });
    try {
      return await this.o.http.get(url, headers, signal);
    } catch (error) {
      const failure = classify(error);
      if (bucket && failure.retryAfterMs !== undefined) {
        bucket.pauseFor(failure.retryAfterMs);
        this.o.onProgress?.({ phase: 'pause', ...about, origin, ms: failure.retryAfterMs });
      }
      throw failure;
    }
  }

  private bucket(origin: string): TokenBucket | undefined {
    if (this.o.rateLimit === false) return undefined;
    let bucket = this.buckets.get(origin);
    if (!bucket) {
      const limit = this.o.rateLimit ?? DEFAULT_RATE_LIMIT;
      bucket = new TokenBucket({
        capacity: limit.burst,
        refillPerSecond: limit.requestsPerSecond,
        name: `registry:${origin}`,
      });
      this.buckets.set(origin, bucket);
    }
    return bucket;
  }

  /**
   * The options that make a plan's call visible: keyed by origin (its breaker), its
   * timeouts naming the URL and package, its attempts and retries reported as progress.
   * (A call whose origin answered other requests gets more attempts: the registry plans'
   * `retry.extraAttemptsIfAnswered`, counted in their metrics and history.)
   */
  private watched(about: FetchSubject): Pick<ExecuteOptions<unknown>, 'key' | 'subject' | 'onAttempt' | 'onRetry'> {
    const report = this.o.onProgress;
    return {
      key: new URL(about.url).origin,
      subject: {
        description: `GET ${about.url}, package ${about.package}`,
        context: { url: about.url, package: about.package },
      },
      ...(report && {
        onAttempt: ({ attempt, attempts }) => report({ phase: 'request', ...about, attempt, attempts }),
        onRetry: ({ attempt, attempts, delayMs, error }) =>
          report({
            phase: 'retry',
            ...about,
            attempt,
            attempts,
            delayMs,
            code: error.code,
            ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
          }),
      }),
    };
  }

  /** Runs a watched call; a refusal by the origin's open breaker says which registry, since when and why. */
  private async explained<T>(about: FetchSubject, run: () => Promise<T>): Promise<T> {
    let ok = false;
    try {
      const value = await run();
      ok = true;
      return value;
    } catch (error) {
      throw registryFailing(classify(error), about);
    } finally {
      this.o.onProgress?.({ phase: 'request-done', ...about, ok });
    }
  }

  close(): void {
    for (const bucket of this.buckets.values()) bucket.close();
  }

  /** The packument of `name` from the first registry of its list that has it. */
  async packument(name: string): Promise<Packument> {
    const steps = registriesFor(name, this.o.registries);
    let notFound: PcError | undefined;
    for (const step of steps) {
      const url = packumentUrl(step.url, name);
      try {
        return await this.packumentFrom(url, name);
      } catch (error) {
        const failure = classify(error);
        const missing = failure.code === CoreErrorCodes.PC_HTTP_NOT_FOUND.code;
        if (missing) notFound = failure;
        if (step.onFailure === 'any-error' || (step.onFailure === 'not-found' && missing)) continue;
        if (!missing) throw failure;
      }
    }
    throw new PcError(
      RegistryCodes.PC_REGISTRY_PACKAGE_NOT_FOUND,
      `No registry has a package named '${name}' (asked: ${steps.map((s) => s.url).join(', ')}).`,
      {
        ...(notFound && { cause: notFound }),
        context: { package: name, registries: steps.map((s) => s.url) },
      },
    );
  }

  private async packumentFrom(url: string, name: string): Promise<Packument> {
    const { cacheMode, metadata } = this.o;
    const cached = cacheMode === 'prefer-online' ? undefined : await metadata.get(url);
    if (cacheMode === 'offline' || (cacheMode === 'prefer-offline' && cached)) {
      if (cached) return parsePackument(cached.body, url, this.o.credentials);
      throw new PcError(RegistryCodes.PC_REGISTRY_NOT_CACHED, `Offline, and ${url} is not in the cache.`, {
        context: { url },
      });
    }
    const about: FetchSubject = { what: 'packument', package: name, url };
    // With a cached copy to fall back on, one quick revalidation; without, patient retries.
    const stale = cached && cacheMode === 'default';
    return this.explained(about, () =>
      this.o.recovery.execute(
        stale ? 'registry.revalidate' : 'registry.packument',
        async ({ signal }) => {
          const headers: Record<string, string> = { accept: PACKUMENT_ACCEPT };
          if (cached?.etag) headers['if-none-match'] = cached.etag;
          if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
          const response = await this.request(about, headers, signal);
          if (response.statusCode === 304 && cached) {
            await response.body.dump();
            return parsePackument(cached.body, url, this.o.credentials);
          }
          const text = await this.o.http.packumentText(response, url);
          const packument = parsePackument(text, url, this.o.credentials);
          const body = cacheableBody(text, packument);
          const etag = header(response.headers['etag']);
          const lastModified = header(response.headers['last-modified']);
          await metadata.put({
            url,
            body,
            storedAt: Date.now(),
            ...(etag && { etag }),
            ...(lastModified && { lastModified }),
          });
          return packument;
        },
        this.o.signal,
        {
          ...this.watched(about),
          ...(stale && {
            fallback: (error: PcError) => {
              this.o.onStale?.(url, error);
              return parsePackument(cached.body, url, this.o.credentials);
            },
          }),
        },
      ),
    );
  }

  /**
   * Makes sure the content store has the tarball, fetching it when it does not, and returns
   * its sha512 (computed on the way when only a sha1 was published).
   */
  async tarball(url: string, expected: Expected, label: string): Promise<Sha512> {
    const { content } = this.o;
    if ('sha512' in expected && (await content.has(expected.sha512))) return expected.sha512;
    if (this.o.cacheMode === 'offline') {
      throw new PcError(
        RegistryCodes.PC_REGISTRY_NOT_CACHED,
        `Offline, and the tarball of ${label} is not in the cache.`,
        { context: { package: label, url } },
      );
    }
    const about: FetchSubject = { what: 'tarball', package: label, url };
    return this.explained(about, () =>
      this.o.recovery.execute(
        'registry.tarball',
        async ({ signal }) => {
          const response = await this.request(about, { accept: '*/*' }, signal);
          return content.put(expected, this.o.http.tarballBody(response, url), { package: label, url });
        },
        this.o.signal,
        this.watched(about),
      ),
    );
  }
}

/**
 * A breaker refusal in the registry's terms. In a process that restored the breaker from
 * breakers.json there is no live error to show, so the saved failure and time say it.
 */
function registryFailing(error: PcError, about: FetchSubject): PcError {
  if (error.code !== CoreErrorCodes.PC_CIRCUIT_OPEN.code || error.context['registry'] !== undefined) return error;
  const { context } = error;
  const origin = new URL(about.url).origin;
  const since = typeof context['openedAt'] === 'string' ? ` since ${context['openedAt']}` : '';
  const why =
    typeof context['lastFailure'] === 'string'
      ? `: ${context['lastFailure']}${typeof context['lastFailureMessage'] === 'string' ? `: ${context['lastFailureMessage']}` : ''}`
      : '';
  const probe =
    typeof context['probeAt'] === 'string'
      ? `from ${context['probeAt']} one request probes it again`
      : 'after its cool-down one request probes it again';
  return new PcError(
    CoreErrorCodes.PC_CIRCUIT_OPEN,
    `Registry ${origin} is failing${since}${why}. Not asked for ${about.url} (package ${about.package}); ${probe}, or \`parsercraft doctor --fix\` resets it now.`,
    {
      ...(error.cause !== undefined && { cause: error.cause }),
      context: { ...context, registry: origin, url: about.url, package: about.package },
      captureStack: false,
    },
  );
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
