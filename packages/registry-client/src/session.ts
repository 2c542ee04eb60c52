import { homedir } from 'node:os';
import { join } from 'node:path';
import { classify, defaultCacheDir, RecoveryManager, type HealthRegistry, type Logger } from '@parsercraft/core';
import { RegistryTokens } from './auth/npmrc-tokens.js';
import { UrlCredentials } from './auth/url-credentials.js';
import { BreakerFile } from './cache/breaker-file.js';
import { ContentStore } from './cache/content-store.js';
import { MetadataStore } from './cache/metadata-store.js';
import { RegistryHttp, type HttpLimits } from './http/registry-http.js';
import { readLockfile, type Lockfile } from './project/lockfile.js';
import { readProjectFile, type ProjectFile } from './project/project-file.js';
import type { FetchProgress } from './registry/fetch-progress.js';
import { RegistryFetcher, type CacheMode, type RateLimit } from './registry/registry-fetcher.js';
import { takeRegistryCredentials } from './registry/registry-list.js';
import { withRequestBudget } from './registry/request-budget.js';

/** What every operation on a project's packages takes: where, how to reach registries, how to report. */
export interface SessionOptions {
  readonly projectDir: string;
  readonly cacheMode?: CacheMode;
  /** Default: $PARSERCRAFT_CACHE, else $XDG_CACHE_HOME/parsercraft, else ~/.cache/parsercraft. */
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  /** Share the host's manager (the language server's), so breakers and health are one. */
  readonly recovery?: RecoveryManager;
  /** Where per-origin health components (`registry:<origin>`) go when the operation makes its own manager. */
  readonly health?: HealthRegistry;
  readonly http?: HttpLimits;
  /** Requests per second and burst per registry origin; `false` for none. Default 200/s, burst 64. */
  readonly rateLimit?: RateLimit | false;
  /** `.npmrc` files with registry tokens, first wins. Default: the project's, then the user's. */
  readonly npmrcPaths?: readonly string[];
  /** Requests, retries and breaker changes at debug and above; never a token. */
  readonly logger?: Logger;
  /** The default registry list for this operation, over parsercraft.json's `default` (`--registry`). */
  readonly registry?: string;
  /**
   * Each registry request's budget in ms (`--timeout`), over the plans' `timeoutMs` and
   * the HTTP headers and body timeouts (unless `http` sets those). Not applied to a shared `recovery`.
   */
  readonly requestTimeoutMs?: number;
  /** Retries of a failed registry request (`--retries`); 0 tries once. Not applied to a shared `recovery`. */
  readonly retries?: number;
  /** Told what each registry request waits for: attempts, retries, Retry-After pauses. */
  readonly onFetchProgress?: (event: FetchProgress) => void;
}

/** The parts of one operation, opened together and closed together. */
export interface Session {
  readonly project: ProjectFile;
  readonly lockfile: Lockfile | undefined;
  readonly cacheDir: string;
  readonly content: ContentStore;
  readonly fetcher: RegistryFetcher;
  readonly recovery: RecoveryManager;
  close(): Promise<void>;
}

/**
 * Reads the project and lockfile, and sets up the HTTP client, the caches and the recovery
 * manager. A manager of its own starts from, and on close leaves, the breaker states other
 * processes saw (see BreakerFile).
 */
export async function openSession(
  options: SessionOptions,
  signal: AbortSignal | undefined,
  warn: (message: string) => void,
): Promise<Session> {
  const { projectDir } = options;
  const project = await readProjectFile(projectDir);
  // Configured credentials first, so none a packument or lockfile carries can replace them;
  // of those, the --registry option's over the project file's.
  const credentials = new UrlCredentials();
  const registry =
    options.registry === undefined
      ? undefined
      : takeRegistryCredentials({ default: options.registry }, credentials, 'the --registry option')['default'];
  credentials.merge(project.credentials);
  const lockfile = await readLockfile(projectDir, credentials);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const content = new ContentStore(cacheDir);
  const tokens = await RegistryTokens.load(
    options.npmrcPaths ?? [join(projectDir, '.npmrc'), join(homedir(), '.npmrc')],
  );
  const timeoutMs = options.requestTimeoutMs;
  const limits = {
    // undici's own timeouts would otherwise cut a longer budget short at 30 s.
    ...(timeoutMs !== undefined && { headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs }),
    ...options.http,
  };
  const http = new RegistryHttp(
    limits,
    (url) => credentials.authorizationFor(url) ?? tokens.authorizationFor(url),
    options.logger,
  );
  const recovery =
    options.recovery ??
    new RecoveryManager({
      plans: withRequestBudget(project.plans, {
        ...(timeoutMs !== undefined && { timeoutMs }),
        ...(options.retries !== undefined && { retries: options.retries }),
      }),
      ...(options.health && { health: options.health }),
      ...(options.logger && { logger: options.logger }),
    });
  const breakers = options.recovery ? undefined : new BreakerFile(cacheDir);
  await breakers?.restoreInto(recovery);
  const fetcher = new RegistryFetcher({
    http,
    recovery,
    content,
    metadata: new MetadataStore(cacheDir),
    registries: registry === undefined ? project.registries : { ...project.registries, default: registry },
    credentials,
    cacheMode: options.cacheMode ?? 'default',
    ...(signal && { signal }),
    ...(options.rateLimit !== undefined && { rateLimit: options.rateLimit }),
    ...(options.onFetchProgress && { onProgress: options.onFetchProgress }),
    onStale: (url, error) =>
      warn(`Using cached metadata for ${url}: the registry could not be reached (${error.code}).`),
  });
  return {
    project,
    lockfile,
    cacheDir,
    content,
    fetcher,
    recovery,
    close: async () => {
      fetcher.close();
      await http.close();
      await breakers
        ?.saveFrom(recovery)
        .catch((error: unknown) => warn(`Could not save circuit-breaker states: ${classify(error).message}`));
    },
  };
}
