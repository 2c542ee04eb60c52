import { classify, type HealthRegistry, type PcError } from '@parsercraft/core';
import { UrlCredentials } from './auth/url-credentials.js';
import { RegistryHttp, type HttpLimits } from './http/registry-http.js';
import { readProjectFile } from './project/project-file.js';
import { parseRegistryList, PUBLIC_REGISTRY, takeRegistryCredentials } from './registry/registry-list.js';

export interface PingOptions {
  /** The registries of this project's parsercraft.json (every scope's list); else `registries`. */
  readonly projectDir?: string;
  /** http: or https: URLs (else PC_REGISTRY_PROJECT_INVALID); userinfo is sent as Basic auth, never shown. */
  readonly registries?: readonly string[];
  /** Per registry. Default 5 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Each result is recorded on the registry's `registry:<origin>` component. */
  readonly health?: HealthRegistry;
  readonly http?: HttpLimits;
}

export interface PingResult {
  /** Without userinfo. */
  readonly registry: string;
  /** Whether credentials from the registry's URL went with the request. */
  readonly urlCredentials: boolean;
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly status?: number;
  readonly error?: PcError;
}

/**
 * Asks each registry's `/-/ping` once, in parallel, with no retries: `parsercraft doctor`
 * wants the truth about now, not a recovered answer. A registry without the endpoint
 * (a static folder server) answering 404 still counts as reachable.
 */
export async function pingRegistries(options: PingOptions = {}): Promise<PingResult[]> {
  const credentials = new UrlCredentials();
  const given = (options.registries ?? []).map((url, i) => [`${i}`, url] as const);
  const registries = new Set<string>(
    Object.values(takeRegistryCredentials(Object.fromEntries(given), credentials, 'the registries to ping')).flatMap(
      (list) => parseRegistryList(list).map((step) => step.url),
    ),
  );
  if (options.projectDir) {
    const project = await projectRegistryList(options.projectDir);
    credentials.merge(project.credentials);
    for (const url of project.urls) registries.add(url);
  }
  const http = new RegistryHttp(
    {
      connectTimeoutMs: options.timeoutMs ?? 5_000,
      headersTimeoutMs: options.timeoutMs ?? 5_000,
      ...options.http,
    },
    (url) => credentials.authorizationFor(url),
  );
  try {
    return await Promise.all(
      [...registries].map(async (registry): Promise<PingResult> => {
        const started = performance.now();
        const urlCredentials = credentials.authorizationFor(registry) !== undefined;
        const signal = AbortSignal.any([
          AbortSignal.timeout(options.timeoutMs ?? 5_000),
          ...(options.signal ? [options.signal] : []),
        ]);
        let result: PingResult;
        try {
          const response = await http.get(`${registry}/-/ping`, { accept: 'application/json' }, signal);
          await response.body.dump();
          result = {
            registry,
            urlCredentials,
            ok: true,
            latencyMs: performance.now() - started,
            status: response.statusCode,
          };
        } catch (raw) {
          const error = classify(raw);
          const reachable = error.code === 'PC_HTTP_NOT_FOUND';
          result = {
            registry,
            urlCredentials,
            ok: reachable,
            latencyMs: performance.now() - started,
            ...(typeof error.context['status'] === 'number' && { status: error.context['status'] }),
            ...(!reachable && { error }),
          };
        }
        const component = options.health?.register({ name: `registry:${new URL(registry).origin}`, critical: false });
        component?.recordOutcome(result.ok, result.latencyMs, result.error);
        return result;
      }),
    );
  } finally {
    await http.close();
  }
}

/** Every registry and mirror a project's parsercraft.json names, in every scope's list, once each. */
export async function projectRegistries(projectDir: string): Promise<string[]> {
  return (await projectRegistryList(projectDir)).urls;
}

/** Without userinfo: any the URLs carried is in `credentials`. */
async function projectRegistryList(projectDir: string): Promise<{ urls: string[]; credentials: UrlCredentials }> {
  const project = await readProjectFile(projectDir);
  const lists = Object.values(project.registries);
  const urls = new Set<string>();
  for (const list of lists.length > 0 ? lists : [PUBLIC_REGISTRY])
    for (const step of parseRegistryList(list)) urls.add(step.url);
  return { urls: [...urls], credentials: project.credentials };
}
