import { knownIntegrities, lockfileWouldChange } from './resolve/lockfile-of.js';
import { resolveTree } from './resolve/resolve-tree.js';
import { openSession, type SessionOptions } from './session.js';

export interface ResolveResult {
  readonly packages: readonly {
    readonly name: string;
    readonly version: string;
    /** Tarball URL. */
    readonly resolved: string;
    /** sha512 SRI; absent for a package published with a sha1 only, until it is installed. */
    readonly integrity?: string;
    readonly dependencies: Readonly<Record<string, string>>;
    readonly source: 'lockfile' | 'registry';
  }[];
  readonly warnings: readonly string[];
  /** Whether installing would change the lockfile (what `--frozen-lockfile` refuses). */
  readonly lockfileChanged: boolean;
}

/**
 * Resolves the project's tree without fetching or writing anything: what `install` would
 * install, for `parsercraft check`, the language server, and CI's question "is the lockfile
 * current?". Packuments still go through the cache and the recovery plans.
 */
export async function resolve(options: SessionOptions): Promise<ResolveResult> {
  const warnings: string[] = [];
  const session = await openSession(options, options.signal, (w) => warnings.push(w));
  try {
    const { project, lockfile, fetcher } = session;
    const resolution = await resolveTree({
      requires: project.dependencies,
      packument: (name) => fetcher.packument(name),
      ...(lockfile && { lockfile }),
    });
    const lockfileChanged = lockfileWouldChange(
      lockfile,
      project.dependencies,
      resolution.packages,
      knownIntegrities(resolution.packages),
    );
    return {
      packages: [...resolution.packages.values()].map((p) => ({
        name: p.name,
        version: p.version,
        resolved: p.resolved,
        dependencies: p.dependencies,
        source: p.source,
        ...('sha512' in p.expected && { integrity: p.expected.sha512.sri }),
      })),
      warnings: [...resolution.warnings, ...warnings],
      lockfileChanged,
    };
  } finally {
    await session.close();
  }
}
