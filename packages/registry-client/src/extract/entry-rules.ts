import { posix } from 'node:path';

/** How much one package may unpack to. Generous for language packages, fatal for zip bombs. */
export interface ExtractionLimits {
  /** Default 10,000 entries. */
  readonly maxEntries: number;
  /** Default 64 MiB for any one file. */
  readonly maxFileBytes: number;
  /** Default 256 MiB for the whole package. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = {
  maxEntries: 10_000,
  maxFileBytes: 64 * 2 ** 20,
  maxTotalBytes: 256 * 2 ** 20,
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

/**
 * Judges every entry of a package tarball before anything is written, so an archive is
 * installed whole or refused whole. The rules answer the known attacks on tar extraction:
 * absolute paths and `..` (node-tar CVE-2021-32804/37713, cargo CVE-2022-36113), links that
 * point outside the package (CVE-2021-32803), paths that pass through a symlink the archive
 * made earlier, compared without case or Unicode form as case-insensitive file systems do
 * (CVE-2021-37701/37712), device and FIFO entries, and sizes past the limits (cargo
 * CVE-2022-36114).
 */
export class EntryRules {
  private entries = 0;
  private total = 0;
  private readonly symlinks = new Set<string>();
  private readonly files = new Set<string>();

  constructor(private readonly limits: ExtractionLimits) {}

  judge(entry: EntryFacts): Verdict {
    if (METADATA.has(entry.type)) return { ok: true, relative: '' };
    const relative = withinPackage(entry.path);
    if (relative === undefined) return unsafe(`'${entry.path}' is an absolute path or climbs out with '..'`);
    if (++this.entries > this.limits.maxEntries) return tooLarge(`more than ${this.limits.maxEntries} entries`);
    const key = foldPath(relative);
    for (const link of this.symlinks) {
      if (key.startsWith(`${link}/`))
        return unsafe(`'${entry.path}' lies under the symbolic link '${link}' that the archive made earlier`);
    }
    if (entry.type === 'Directory') return { ok: true, relative };
    if (REGULAR.has(entry.type)) {
      if (entry.size > this.limits.maxFileBytes)
        return tooLarge(
          `'${entry.path}' is ${entry.size} bytes, over the ${this.limits.maxFileBytes}-byte limit for one file`,
        );
      this.total += entry.size;
      if (this.total > this.limits.maxTotalBytes)
        return tooLarge(`the files add up to more than ${this.limits.maxTotalBytes} bytes`);
      this.files.add(key);
      return { ok: true, relative };
    }
    if (entry.type === 'SymbolicLink') {
      const target = entry.linkpath ?? '';
      const resolved = posix.isAbsolute(target) ? undefined : insideRoot(posix.join(posix.dirname(relative), target));
      if (resolved === undefined)
        return unsafe(`the symbolic link '${entry.path}' points outside the package, to '${target}'`);
      this.symlinks.add(key);
      return { ok: true, relative };
    }
    if (entry.type === 'Link') {
      // A hard link names its target by archive path, `package/` included.
      const target = withinPackage(entry.linkpath ?? '');
      if (target === undefined || !this.files.has(foldPath(target))) {
        return unsafe(
          `the hard link '${entry.path}' points at '${entry.linkpath ?? ''}', which is not a file earlier in the package`,
        );
      }
      this.files.add(key);
      return { ok: true, relative };
    }
    return unsafe(
      `'${entry.path}' is a ${entry.type} entry; packages may hold only files, folders and links inside themselves`,
    );
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

/** Compares paths as case-insensitive, normalizing file systems (macOS, Windows) do. */
function foldPath(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

function unsafe(reason: string): Verdict {
  return { ok: false, kind: 'unsafe', reason };
}

function tooLarge(reason: string): Verdict {
  return { ok: false, kind: 'too-large', reason };
}
