import { lookup } from 'node:dns/promises';
import { access } from 'node:fs/promises';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pingRegistries, PROJECT_FILE, PUBLIC_REGISTRY, RegistryTokens } from '@parsercraft/registry-client';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';

/**
 * Each registry the project uses, asked once, now, with no retries: the DNS lookup, the
 * answer and its latency, the proxy that applies, and whether .npmrc has a token for it.
 * With no project, the
 * default registry: PARSERCRAFT_REGISTRY, else the public npm registry.
 */
export const registries: DoctorCheck = {
  name: 'registries',
  run: async ({ projectDir, signal }) => {
    const hasProject = await access(join(projectDir, PROJECT_FILE)).then(() => true, () => false);
    const which = hasProject ? { projectDir } : { registries: [process.env['PARSERCRAFT_REGISTRY'] ?? PUBLIC_REGISTRY] };
    const [results, tokens] = await Promise.all([
      pingRegistries({ ...which, signal, timeoutMs: 5_000 }),
      RegistryTokens.load([join(projectDir, '.npmrc'), join(homedir(), '.npmrc')]),
    ]);
    return Promise.all(results.map(async (r): Promise<NamedResult> => {
      const proxy = proxyFor(r.registry);
      const dns = await resolveTime(r.registry);
      const auth = tokens.authorizationFor(r.registry) ? 'a token from .npmrc' : 'no token';
      const about = `${dns}${proxy ? `, via proxy ${proxy}` : ''}, ${auth}`;
      if (r.ok) return { name: `registry ${r.registry}`, status: 'ok', detail: `reachable in ${Math.round(r.latencyMs)} ms${r.status ? ` (HTTP ${r.status})` : ''}; ${about}` };
      return {
        name: `registry ${r.registry}`, status: 'error', detail: `${r.error?.message ?? 'unreachable'}; ${about}`,
        ...(r.error && { code: r.error.code, runbook: r.error.runbook }), fix: 'check the network, the proxy settings and the registry URL in parsercraft.json',
      };
    }));
  },
};

/** How long the registry's host name takes to resolve, or why it does not (an IP address needs no lookup). */
async function resolveTime(url: string): Promise<string> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return 'no DNS lookup (an IP address)';
  const started = performance.now();
  try {
    const { address } = await lookup(host);
    return `DNS ${Math.round(performance.now() - started)} ms (${address})`;
  } catch (error) {
    return `DNS failed: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

/** The proxy an HTTP request to `url` goes through, by the usual variables (undici's EnvHttpProxyAgent reads the same). */
function proxyFor(url: string): string | undefined {
  const { protocol, hostname } = new URL(url);
  const noProxy = (process.env['NO_PROXY'] ?? process.env['no_proxy'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (noProxy.some((n) => n === '*' || hostname === n || hostname.endsWith(n.startsWith('.') ? n : `.${n}`))) return undefined;
  const proxy = protocol === 'https:' ? process.env['HTTPS_PROXY'] ?? process.env['https_proxy'] : process.env['HTTP_PROXY'] ?? process.env['http_proxy'];
  return proxy ? new URL(proxy).origin : undefined;
}
