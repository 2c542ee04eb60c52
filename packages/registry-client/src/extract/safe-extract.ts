import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { classify, CoreErrorCodes, PcError } from '@parsercraft/core';
import { list, extract } from 'tar';
import { RegistryCodes } from '../errors/registry-codes.js';
import { tempSibling } from '../fs/atomic-write.js';
import { EntryRules, type ExtractionLimits } from './entry-rules.js';
import { feedArchive, type TarSink } from './feed-archive.js';
import { tarballRefused, tarRefusalOf } from './tar-failure.js';

const INTEGRITY = CoreErrorCodes.PC_REGISTRY_INTEGRITY.code;

/** Stops node-tar sniffing for zstd or brotli: the framer hands it plain tar. */
const PLAIN_TAR = { brotli: false, zstd: false } as const;

/**
 * Unpacks a package tarball into `destination`, whole or not at all. The archive is read
 * twice: first every entry is judged (EntryRules) and nothing is written; then it is
 * extracted into a temp folder beside the destination, which is renamed into place. A
 * refused, corrupt or cancelled archive leaves no trace, and a package folder is never seen
 * half-written. Both reads go through feedArchive, so both see the same bytes, cut at the
 * end-of-archive blocks and capped as they inflate; both together get `maxMilliseconds`.
 */
export async function extractPackage(
  open: () => Readable,
  destination: string,
  label: string,
  limits: ExtractionLimits,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = AbortSignal.timeout(limits.maxMilliseconds);
  const stop = AbortSignal.any([deadline, ...(signal ? [signal] : [])]);
  const rules = new EntryRules(limits);
  let refusal: { kind: 'unsafe' | 'too-large'; reason: string } | undefined;
  const judge = list({
    ...PLAIN_TAR,
    strict: true,
    onReadEntry: (entry) => {
      const verdict = rules.judge({
        path: entry.path,
        type: entry.type,
        size: entry.size,
        ...(entry.linkpath !== undefined && { linkpath: entry.linkpath }),
      });
      // The first refused entry decides; nothing after it needs parsing.
      if (!verdict.ok && !refusal) {
        refusal = verdict;
        judge.abort(new Error(verdict.reason));
      }
    },
  });
  const explain = (error: unknown): PcError => {
    // Bytes that are not what was published make every verdict on them moot: the cache evicts them and fetches again.
    if (classify(error).code === INTEGRITY) return classify(error);
    // A refused entry is the first thing wrong even when the archive also breaks later (a lying size header).
    if (refusal) return tarballRefused(refusal.kind, refusal.reason, label);
    if (deadline.aborted && !signal?.aborted) {
      return new PcError(
        RegistryCodes.PC_REGISTRY_EXTRACT_TIMEOUT,
        `Unpacking the tarball of ${label} took longer than ${limits.maxMilliseconds} ms, and nothing of it was written.`,
        { context: { package: label, maxMilliseconds: limits.maxMilliseconds } },
      );
    }
    const found = tarRefusalOf(error);
    return found
      ? tarballRefused(found.kind, found.reason, label, error)
      : classify(signal?.aborted ? signal.reason : error);
  };
  try {
    await feedArchive(open(), judge, limits.maxUnpackedBytes, stop);
  } catch (error) {
    throw explain(error);
  }
  if (refusal) throw explain(undefined);

  await mkdir(dirname(destination), { recursive: true });
  const temp = tempSibling(destination);
  let unpack: TarSink | undefined;
  try {
    await mkdir(temp);
    // strip: 1 drops the `package/` folder every npm tarball wraps its files in.
    unpack = extract({ ...PLAIN_TAR, cwd: temp, strip: 1, strict: true, preservePaths: false, noMtime: true });
    await feedArchive(open(), unpack, limits.maxUnpackedBytes, stop);
    await replaceFolder(temp, destination);
  } catch (error) {
    // A cancelled or failed unpack may still have writes in flight; let them land before removing the folder.
    if (unpack) await quiesce(unpack);
    await rm(temp, { recursive: true, force: true });
    throw explain(error);
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
