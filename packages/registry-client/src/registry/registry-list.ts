import { PcError } from '@parsercraft/core';
import type { UrlCredentials } from '../auth/url-credentials.js';
import { RegistryCodes } from '../errors/registry-codes.js';
import { httpUrl, redactUrl } from '../http/registry-url.js';

export const PUBLIC_REGISTRY = 'https://registry.npmjs.org';

/** One registry of a list, and when the list may move on past it (Go's GOPROXY rules). */
export interface RegistryStep {
  readonly url: string;
  /** `not-found`: only after 404/410 (a `,` follows it); `any-error`: after any failure (`|`); `never`: it is the last. */
  readonly onFailure: 'not-found' | 'any-error' | 'never';
}

/**
 * Reads `https://a,https://b|https://c`: after `,` the next registry is tried only when
 * this one says the package does not exist; after `|`, whatever went wrong. So a private
 * registry can shadow the public one without a network failure silently switching sources.
 */
export function parseRegistryList(list: string): RegistryStep[] {
  const steps: RegistryStep[] = [];
  // A separator is a `,` or `|` that `scheme://` follows (or nothing): a password may hold
  // either character (`https://user:a,b@host`), and splitting there would show half of it.
  const parts = list.split(/([,|])(?=\s*(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|$))/);
  for (let i = 0; i < parts.length; i += 2) {
    // `https://a,,https://b`: the doubled separator stays on the first URL; it is no part of it.
    const url = (parts[i] ?? '')
      .trim()
      .replace(/[,|\s]+$/, '')
      .replace(/\/+$/, '');
    if (!url) continue;
    const separator = parts[i + 1];
    steps.push({ url, onFailure: separator === ',' ? 'not-found' : separator === '|' ? 'any-error' : 'never' });
  }
  const last = steps.at(-1);
  if (last) steps[steps.length - 1] = { ...last, onFailure: 'never' };
  return steps;
}

/** The registry list for a package: its scope's, else `default`, else the public registry. */
export function registriesFor(name: string, registries: Readonly<Record<string, string>>): RegistryStep[] {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  const list = (scope && registries[scope]) ?? registries['default'] ?? PUBLIC_REGISTRY;
  return parseRegistryList(list);
}

/** The packument URL: a scoped name keeps its `@` and encodes its `/`, as npm does. */
export function packumentUrl(registry: string, name: string): string {
  return `${registry}/${name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)}`;
}

/** A list written back from its steps: `,` after a not-found step, `|` after an any-error one. */
export function formatRegistryList(steps: readonly RegistryStep[]): string {
  return steps
    .map((s, i) => `${s.url}${i === steps.length - 1 ? '' : s.onFailure === 'any-error' ? '|' : ','}`)
    .join('');
}

/**
 * Registry lists with every URL checked (http: or https:, else PC_REGISTRY_PROJECT_INVALID
 * naming `source`) and its userinfo moved into `credentials`, so the lists the rest of an
 * install sees hold no secret.
 */
export function takeRegistryCredentials(
  registries: Readonly<Record<string, string>>,
  credentials: UrlCredentials,
  source: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, list] of Object.entries(registries)) {
    const steps = parseRegistryList(list).map((step): RegistryStep => {
      const url = httpUrl(step.url);
      if (!url) {
        const shown = redactUrl(step.url);
        throw new PcError(
          RegistryCodes.PC_REGISTRY_PROJECT_INVALID,
          `${source}: registry '${shown}' of '${key}' is not an http: or https: URL.`,
          { context: { source, key, registry: shown } },
        );
      }
      return { ...step, url: credentials.take(url).replace(/\/+$/, '') };
    });
    out[key] = formatRegistryList(steps);
  }
  return out;
}
