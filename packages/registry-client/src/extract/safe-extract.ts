import type { EventEmitter } from 'node:events';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { classify, PcError } from '@parsercraft/core';
import { list, extract } from 'tar';
import { RegistryCodes } from '../errors/registry-codes.js';
import { tempSibling } from '../fs/atomic-write.js';
import { EntryRules, type ExtractionLimits } from './entry-rules.js';

/** Something tar's parsers are: written to, ending with `end`, failing with `error`. */
interface TarSink extends EventEmitter {
  write(chunk: Buffer): boolean;
  end(): unknown;
}

/**
 * Unpacks a package tarball into `destination`, whole or not at all. The archive is read
 * twice: first every entry is judged (EntryRules) and nothing is written; then it is
 * extracted into a temp folder beside the destination, which is renamed into place. A
 * refused, corrupt or cancelled archive leaves no trace, and a package folder is never seen
 * half-written.
 */
export async function extractPackage(
  open: () => Readable,
  destination: string,
  label: string,
  limits: ExtractionLimits,
  signal?: AbortSignal,
): Promise<void> {
  const rules = new EntryRules(limits);
  let refusal: { kind: 'unsafe' | 'too-large'; reason: string } | undefined;
  const judge = list({
    strict: true,
    onReadEntry: (entry) => {
      const verdict = rules.judge({
        path: entry.path,
        type: entry.type,
        size: entry.size,
        ...(entry.linkpath !== undefined && { linkpath: entry.linkpath }),
      });
      if (!verdict.ok) refusal ??= verdict;
    },
  });
  const refuse = (): PcError | undefined => {
    if (!refusal) return undefined;
    const code =
      refusal.kind === 'unsafe'
        ? RegistryCodes.PC_REGISTRY_UNSAFE_TARBALL
        : RegistryCodes.PC_REGISTRY_TARBALL_TOO_LARGE;
    return new PcError(code, `The tarball of ${label} was refused, and nothing of it was written: ${refusal.reason}.`, {
      context: { package: label, reason: refusal.reason },
    });
  };
  try {
    await feed(open(), judge, label, signal);
  } catch (error) {
    // A refused entry is the first thing wrong even when the archive also breaks later (a lying size header).
    throw refuse() ?? error;
  }
  const refused = refuse();
  if (refused) throw refused;

  await mkdir(dirname(destination), { recursive: true });
  const temp = tempSibling(destination);
  let unpack: TarSink | undefined;
  try {
    await mkdir(temp);
    // strip: 1 drops the `package/` folder every npm tarball wraps its files in.
    unpack = extract({ cwd: temp, strip: 1, strict: true, preservePaths: false, noMtime: true });
    await feed(open(), unpack, label, signal);
    await replaceFolder(temp, destination);
  } catch (error) {
    // A cancelled or failed unpack may still have writes in flight; let them land before removing the folder.
    if (unpack) await quiesce(unpack);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

function quiesce(sink: TarSink): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    sink.once('end', done);
    sink.once('close', done);
    sink.once('error', done);
    try {
      sink.end();
    } catch {
      done();
    }
  });
}

/** Puts `next` where `destination` is, moving any old folder aside first and removing it after. */
async function replaceFolder(next: string, destination: string): Promise<void> {
  const old = tempSibling(destination);
  let moved = false;
  try {
    await rename(destination, old);
    moved = true;
  } catch (error) {
    if (classify(error).code !== 'PC_FS_NOT_FOUND') throw error;
  }
  try {
    await rename(next, destination);
  } catch (error) {
    if (moved) await rename(old, destination);
    throw error;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

/** Writes a stream into a tar parser, honouring back-pressure; resolves when the parser is done. */
function feed(source: Readable, sink: TarSink, label: string, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      source.destroy();
      const classified = classify(error);
      // tar's own complaints mean the bytes are not a tar archive; stream and disk failures keep their codes.
      const tarCode = (error as { tarCode?: unknown } | null)?.tarCode;
      reject(
        typeof tarCode === 'string' || (error as { code?: unknown } | null)?.code === 'Z_DATA_ERROR'
          ? new PcError(
              RegistryCodes.PC_REGISTRY_BAD_TARBALL,
              `The tarball of ${label} cannot be read: ${classified.message}`,
              { cause: error, context: { package: label } },
            )
          : classified,
      );
    };
    const abort = (): void => fail(signal?.reason ?? new Error('aborted'));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    sink.on('error', fail);
    sink.on('end', () => {
      signal?.removeEventListener('abort', abort);
      if (!settled) {
        settled = true;
        resolve();
      }
    });
    source.on('error', fail);
    source.on('data', (chunk: Buffer) => {
      if (!sink.write(chunk)) {
        source.pause();
        sink.once('drain', () => source.resume());
      }
    });
    source.on('end', () => {
      if (!settled) sink.end();
    });
  });
}
