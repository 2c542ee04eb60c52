import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pingRegistries, PROJECT_FILE, PUBLIC_REGISTRY } from '@parsercraft/registry-client';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';

/**
 * Each registry the project uses, asked once, now, with no retries. With no project, the
 * default registry: PARSERCRAFT_REGISTRY, else the public npm registry.
 */
export const registries: DoctorCheck = {
  name: 'registries',
  run: async ({ projectDir, signal }) => {
    const hasProject = await access(join(projectDir, PROJECT_FILE)).then(() => true, () => false);
    const which = hasProject ? { projectDir } : { registries: [process.env['PARSERCRAFT_REGISTRY'] ?? PUBLIC_REGISTRY] };
    const results = await pingRegistries({ ...which, signal, timeoutMs: 5_000 });
    return results.map((r): NamedResult => {
      const proxy = proxyFor(r.registry);
      const via = proxy ? `, via proxy ${proxy}` : '';
      if (r.ok) return { name: `registry ${r.registry}`, status: 'ok', detail: `reachable in ${Math.round(r.latencyMs)} ms${r.status ? ` (HTTP ${r.status})` : ''}${via}` };
      return {
        name: `registry ${r.registry}`, status: 'error', detail: `${r.error?.message ?? 'unreachable'}${via}`,
        ...(r.error && { code: r.error.code, runbook: r.error.runbook }), fix: 'check the network, the proxy settings and the registry URL in parsercraft.json',
      };
    });
  },
};

/** The proxy an HTTP request to `url` goes through, by the usual variables (undici's EnvHttpProxyAgent reads the same). */
function proxyFor(url: string): string | undefined {
  const { protocol, hostname } = new URL(url);
  const noProxy = (process.env['NO_PROXY'] ?? process.env['no_proxy'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (noProxy.some((n) => n === '*' || hostname === n || hostname.endsWith(n.startsWith('.') ? n : `.${n}`))) return undefined;
  const proxy = protocol === 'https:' ? process.env['HTTPS_PROXY'] ?? process.env['https_proxy'] : process.env['HTTP_PROXY'] ?? process.env['http_proxy'];
  return proxy ? new URL(proxy).origin : undefined;
}
