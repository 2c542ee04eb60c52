import { PcError } from '@parsercraft/core';
import { RegistryCodes } from '../errors/registry-codes.js';
import { UnpackedTooLargeError } from './feed-archive.js';
import { TarFramingError } from './tar-framer.js';

/** What a tarball was refused as, by EntryRules, the framer, or node-tar itself. */
export type TarRefusal = 'unsafe' | 'too-large' | 'bad';

/** node-tar's refusals of entries that would write somewhere they must not. */
const UNSAFE_MESSAGES = [
  "contains '..'",
  'escapes extraction directory',
  'path escaped extraction target',
  'path excessively deep',
  'Cannot extract through symbolic link',
  'unsupported entry type',
];

/**
 * File-system errors that, inside a fresh temp folder, only the archive's own entries can
 * cause: a hard link to a path a later entry made a folder, a file where a folder must go.
 * Disk full, permissions and descriptor limits keep their own codes.
 */
const ARCHIVE_MADE_ERRNOS = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY', 'EPERM', 'ELOOP']);

/**
 * Which refusal a failure while reading or unpacking a tarball is, or undefined when it is
 * not the archive's fault (a disk, a stream, a cancellation) and keeps its own code.
 */
export function tarRefusalOf(error: unknown): { kind: TarRefusal; reason: string } | undefined {
  if (error instanceof TarFramingError) return { kind: error.kind, reason: error.reason };
  if (error instanceof UnpackedTooLargeError) return { kind: 'too-large', reason: error.message };
  if (typeof error !== 'object' || error === null) return undefined;
  const { tarCode, code, message } = error as { tarCode?: unknown; code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  // zlib's codes: the bytes are not gzip, or the gzip stream is corrupt or cut off.
  if (typeof code === 'string' && code.startsWith('Z_')) return { kind: 'bad', reason: `gzip: ${text}` };
  if (typeof tarCode !== 'string' && code !== 'TAR_SYMLINK_ERROR') return undefined;
  if (/max decompression ratio/i.test(text)) return { kind: 'too-large', reason: text };
  if (code === 'TAR_SYMLINK_ERROR' || UNSAFE_MESSAGES.some((m) => text.includes(m)))
    return { kind: 'unsafe', reason: text };
  if (tarCode === 'TAR_ENTRY_ERROR' && typeof code === 'string' && code !== tarCode && !ARCHIVE_MADE_ERRNOS.has(code))
    return undefined;
  return { kind: 'bad', reason: text };
}

/** The classified error a refused tarball is reported as. */
export function tarballRefused(kind: TarRefusal, reason: string, label: string, cause?: unknown): PcError {
  if (kind === 'bad') {
    return new PcError(RegistryCodes.PC_REGISTRY_BAD_TARBALL, `The tarball of ${label} cannot be read: ${reason}`, {
      ...(cause !== undefined && { cause }),
      context: { package: label, reason },
    });
  }
  const code =
    kind === 'unsafe' ? RegistryCodes.PC_REGISTRY_UNSAFE_TARBALL : RegistryCodes.PC_REGISTRY_TARBALL_TOO_LARGE;
  return new PcError(code, `The tarball of ${label} was refused, and nothing of it was written: ${reason}.`, {
    ...(cause !== undefined && { cause }),
    context: { package: label, reason },
  });
}
