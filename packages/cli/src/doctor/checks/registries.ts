import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { redactString } from '@parsercraft/core/errors';
import { PROJECT_FILE } from '@parsercraft/registry-client/layout';
import { registryClient } from '../check-modules.js';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';
import { probeConnect, probeDns, proxyFor } from './network-probes.js';

/**
 * Kept back from the check's budget to write the rows before its timeout cuts them off:
 * on a busy machine (a CI runner, two cores shared with the language server's round trip)
 * timers were measured firing 300 ms late.
 */
const rowsMarginMs = (budgetMs: number): number => Math.max(500, budgetMs / 5);

/**
 * Each registry the project uses (every mirror of every scope), asked once, now, with no
 * retries: its answer and latency, and side by side with it the DNS lookup, the TCP
 * connection (to the proxy instead when one applies), and whether .npmrc has a token for
 * it. Every probe ends before the check's budget does, so a dead host still gets its own
 * row saying what failed. With no project, the default registry: PARSERCRAFT_REGISTRY, else
 * the public npm registry.
 */
export const registries: DoctorCheck = {
  name: 'registries',
  load: registryClient,
  run: async ({ projectDir, signal, deadline, budgetMs }) => {
    const { pingRegistries, projectRegistries, PUBLIC_REGISTRY, RegistryTokens, redactUrl } = await registryClient();
    const hasProject = await access(join(projectDir, PROJECT_FILE)).then(
      () => true,
      () => false,
    );
    // Userinfo in a registry URL is a credential: the ping sends it, no row shows it.
    const fallback = process.env['PARSERCRAFT_REGISTRY'] ?? PUBLIC_REGISTRY;
    const [urls, tokens] = await Promise.all([
      hasProject ? projectRegistries(projectDir) : [redactUrl(fallback).replace(/\/+$/, '')],
      RegistryTokens.load([join(projectDir, '.npmrc'), join(homedir(), '.npmrc')]),
    ]);
    const timeoutMs = Math.max(50, Math.round(deadline - performance.now() - rowsMarginMs(budgetMs)));
    const [pings, lookups, connections] = await Promise.all([
      pingRegistries({ ...(hasProject ? { projectDir } : { registries: [fallback] }), signal, timeoutMs }),
      Promise.all(urls.map((url) => probeDns(url, timeoutMs))),
      Promise.all(
        urls.map((url) => {
          const proxy = proxyFor(url);
          return proxy
            ? probeConnect(proxy, timeoutMs).then((c) => `via proxy ${proxy} (${c})`)
            : probeConnect(url, timeoutMs);
        }),
      ),
    ]);
    return pings.map((r, i): NamedResult => {
      const auth = r.urlCredentials
        ? 'credentials in the URL'
        : tokens.authorizationFor(r.registry)
          ? 'a token from .npmrc'
          : 'no token';
      const about = `${lookups[i] ?? ''}, ${connections[i] ?? ''}, ${auth}`;
      if (r.ok)
        return {
          name: `registry ${redactString(r.registry)}`,
          status: 'ok',
          detail: `reachable in ${Math.round(r.latencyMs)} ms${r.status ? ` (HTTP ${r.status})` : ''}; ${about}`,
        };
      return {
        name: `registry ${redactString(r.registry)}`,
        status: 'error',
        detail: `${r.error?.message ?? 'unreachable'}; ${about}`,
        ...(r.error && { code: r.error.code, runbook: r.error.runbook }),
        fix: 'check the network, the proxy settings and the registry URL in parsercraft.json',
      };
    });
  },
};
