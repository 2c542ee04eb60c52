import { readRegularFile } from '../fs/read-regular-file.js';

/**
 * Registry tokens from `.npmrc`-style lines, `//host[:port][/path]/:_authToken=VALUE`, with
 * `${VAR}` expanded from the environment as npm does (so CI keeps the token in a secret, not
 * in the file). A token belongs to the longest configured prefix that a URL starts with:
 * it is only ever sent to its own host, on whatever request or redirect reaches it.
 */
export class RegistryTokens {
  /** `//host:port/path/` -> token, longest prefix first. */
  private readonly entries: (readonly [string, string])[];

  constructor(entries: Iterable<readonly [string, string]>) {
    this.entries = [...entries].sort((a, b) => b[0].length - a[0].length);
  }

  static parse(texts: readonly string[], env: NodeJS.ProcessEnv = process.env): RegistryTokens {
    const found = new Map<string, string>();
    // Earlier texts win: the project's .npmrc over the user's.
    for (const text of [...texts].reverse()) {
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line.startsWith('#') || line.startsWith(';')) continue;
        const m = /^(\/\/[^=\s]+?):_authToken\s*=\s*(.*)$/.exec(line);
        if (!m?.[1] || m[2] === undefined) continue;
        const token = m[2]
          .replace(/^"(.*)"$/, '$1')
          .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_all, name: string) => env[name] ?? '');
        if (token) found.set(m[1].endsWith('/') ? m[1] : `${m[1]}/`, token);
      }
    }
    return new RegistryTokens(found);
  }

  static async load(paths: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<RegistryTokens> {
    const texts = await Promise.all(paths.map((p) => readRegularFile(p).catch(() => '')));
    return RegistryTokens.parse(texts, env);
  }

  /** The Authorization header value for `url`, if a token is configured for where it points. */
  authorizationFor(url: string): string | undefined {
    const u = new URL(url);
    const defaultPort = (u.protocol === 'https:' && u.port === '') || (u.protocol === 'http:' && u.port === '');
    const key = `//${u.hostname}${defaultPort ? '' : `:${u.port}`}${u.pathname}`;
    for (const [prefix, token] of this.entries) if (key.startsWith(prefix)) return `Bearer ${token}`;
    return undefined;
  }
}
