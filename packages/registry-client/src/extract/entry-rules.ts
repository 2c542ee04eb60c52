/** How much one package may unpack to. Generous for language packages, fatal for zip bombs. */
export interface ExtractionLimits {
  /** Default 10,000 entries. */
  readonly maxEntries: number;
  /** Default 64 MiB for any one file. */
  readonly maxFileBytes: number;
  /** Default 256 MiB for the whole package, as its headers claim. */
  readonly maxTotalBytes: number;
  /**
   * Default 288 MiB of tar stream as gunzip yields it, counted as it inflates: headers claim
   * sizes, this counts what a gzip bomb actually produces, and stops it there.
   */
  readonly maxUnpackedBytes: number;
  /** Default 60 s for reading, judging and unpacking one tarball. */
  readonly maxMilliseconds: number;
}

export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = {
  maxEntries: 10_000,
  maxFileBytes: 64 * 2 ** 20,
  maxTotalBytes: 256 * 2 ** 20,
  // The files' 256 MiB plus a header, padding and a pax header for each of 10,000 entries.
  maxUnpackedBytes: 288 * 2 ** 20,
  maxMilliseconds: 60_000,
};

/** What one tar entry says about itself, as the rules need it. */
export interface EntryFacts {
  /** The path in the archive, its first segment (`package/`) included. */
  readonly path: string;
  readonly type: string;
  readonly size: number;
  readonly linkpath?: string;
}

export type Verdict =
  | { readonly ok: true; readonly relative: string }
  | { readonly ok: false; readonly kind: 'unsafe' | 'too-large'; readonly reason: string };

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);
/** Metadata entries the tar parser consumes itself; they write nothing. */
const METADATA = new Set([
  'ExtendedHeader',
  'GlobalExtendedHeader',
  'NextFileHasLongPath',
  'NextFileHasLongLinkpath',
  'OldExtendedHeader',
]);

// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Judges every entry of a package tarball before anything is written, so an archive is
 * installed whole or refused whole. The rules answer the known attacks on tar extraction:
 * absolute paths and `..` (node-tar CVE-2021-32804/37713, cargo CVE-2022-36113), links out
 * of the package (CVE-2021-32803) or through each other (CVE-2021-37701/37712, and chains
 * like `d1/.../d6/b -> ../../../../../..` plus `esc -> d1/.../d6/b/../../../../outside`,
 * which pass every lexical check), device and FIFO entries, and sizes past the limits
 * (cargo CVE-2022-36114).
 *
 * Symbolic links are refused outright rather than resolved against the tree extracted so
 * far: `npm pack` never puts one in a tarball (npm-packlist leaves symlinks out, by design
 * since npm/npm#9622), a language package is YAML, JSON and PEG files that never need one,
 * and with no symlink in the tree no path can be redirected, so every lexical check below
 * is also the real one. Hard links stay allowed (node-tar's packer writes one for a file
 * that has two names in the package) when they name a regular file that came earlier in
 * the archive, by the exact same path: with no symlinks, that file lies inside the package.
 */
export class EntryRules {
  private entries = 0;
  private total = 0;
  private readonly files = new Set<string>();

  constructor(private readonly limits: ExtractionLimits) {}

  judge(entry: EntryFacts): Verdict {
    if (METADATA.has(entry.type)) return { ok: true, relative: '' };
    // node-tar keeps a NUL that follows a newline in a header field; fs then throws outside any
    // callback. A name with control characters is no file a language package needs, on any system.
    if (CONTROL.test(entry.path) || CONTROL.test(entry.linkpath ?? ''))
      return unsafe(`${JSON.stringify(entry.path)} has control characters in its name or link target`);
    const relative = withinPackage(entry.path);
    if (relative === undefined) return unsafe(`'${entry.path}' is an absolute path or climbs out with '..'`);
    if (++this.entries > this.limits.maxEntries) return tooLarge(`more than ${this.limits.maxEntries} entries`);
    this.forgetAncestors(relative);
    if (entry.type === 'Directory') {
      this.files.delete(relative);
      return { ok: true, relative };
    }
    if (REGULAR.has(entry.type)) {
      if (entry.size > this.limits.maxFileBytes)
        return tooLarge(
          `'${entry.path}' is ${entry.size} bytes, over the ${this.limits.maxFileBytes}-byte limit for one file`,
        );
      this.total += entry.size;
      if (this.total > this.limits.maxTotalBytes)
        return tooLarge(`the files add up to more than ${this.limits.maxTotalBytes} bytes`);
      this.files.add(relative);
      return { ok: true, relative };
    }
    if (entry.type === 'SymbolicLink') {
      return unsafe(
        `'${entry.path}' is a symbolic link (to '${entry.linkpath ?? ''}'); packages may not hold symbolic links`,
      );
    }
    if (entry.type === 'Link') {
      // A hard link names its target by archive path, `package/` included.
      const target = withinPackage(entry.linkpath ?? '');
      if (target === undefined || target === '' || target === relative || !this.files.has(target)) {
        return unsafe(
          `the hard link '${entry.path}' points at '${entry.linkpath ?? ''}', which is not a file earlier in the package`,
        );
      }
      this.files.add(relative);
      return { ok: true, relative };
    }
    return unsafe(
      `'${entry.path}' is a ${entry.type} entry; packages may hold only files, folders and hard links to their files`,
    );
  }

  /** A file that a later entry turns into a folder is no longer one a hard link may name. */
  private forgetAncestors(relative: string): void {
    for (let cut = relative.indexOf('/'); cut !== -1; cut = relative.indexOf('/', cut + 1)) {
      this.files.delete(relative.slice(0, cut));
    }
  }
}

/** The path without its first segment, or undefined when it is absolute or leaves the package. */
function withinPackage(path: string): string | undefined {
  const unified = path.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return undefined;
  const [, ...rest] = unified.split('/');
  return insideRoot(rest.join('/'));
}

function insideRoot(path: string): string | undefined {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return undefined;
  return segments.join('/');
}

function unsafe(reason: string): Verdict {
  return { ok: false, kind: 'unsafe', reason };
}

function tooLarge(reason: string): Verdict {
  return { ok: false, kind: 'too-large', reason };
}
