import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TarFramer } from './tar-framer.js';

/** Something tar's parsers are: written to, ending with `end`, failing with `error`. */
export interface TarSink extends EventEmitter {
  write(chunk: Buffer): boolean;
  end(): unknown;
}

/** The inflated archive grew past `maxUnpackedBytes`; thrown as soon as the count passes it. */
export class UnpackedTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the archive inflates to more than ${limit} bytes`);
    this.name = 'UnpackedTooLargeError';
  }
}

/**
 * Inflates a gzip stream, frames its tar blocks, and writes the archive into a tar parser,
 * honouring back-pressure on both sides; resolves when the parser is done. Gunzip happens
 * here rather than in node-tar so its output can be counted: inflation advances only as the
 * parser takes bytes, so a gzip bomb is stopped a chunk after `maxUnpackedBytes`, not after
 * it has inflated everything. Rejects with the first failure of any part, or the signal's
 * reason; the source is destroyed either way.
 *
 * Unless the signal stopped it, the rest of the source is then read to its end, compressed
 * and uninflated: the content cache checks a tarball's digest as it is read to the end, and
 * that check must still see every byte. Its failure (PC_REGISTRY_INTEGRITY) wins over any
 * verdict on the archive, which was then about bytes nobody published.
 */
export async function feedArchive(
  source: Readable,
  sink: TarSink,
  maxUnpackedBytes: number,
  signal: AbortSignal,
): Promise<void> {
  const gunzip = createGunzip();
  let failure: Error | undefined;
  let sourceFailed = false;
  let rejectFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => undefined);
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    // An abort reason may be any value; the caller reads the signal itself to classify it.
    failure = error instanceof Error ? error : new Error(String(error), { cause: error });
    rejectFailed(failure);
    // Ends the read loop below when it is waiting for input rather than for the sink.
    gunzip.destroy(failure);
  };
  const abort = (): void => fail(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  sink.on('error', fail);
  const sinkEnded = new Promise<void>((resolve) => sink.once('end', () => resolve()));
  source.on('error', (error: unknown) => {
    sourceFailed = true;
    fail(error);
  });
  source.pipe(gunzip);
  let outcome: Error | undefined;
  try {
    if (signal.aborted) abort();
    const framer = new TarFramer();
    let inflated = 0;
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (failure !== undefined) break;
      inflated += chunk.length;
      if (inflated > maxUnpackedBytes) throw new UnpackedTooLargeError(maxUnpackedBytes);
      for (const piece of framer.push(chunk)) {
        if (!sink.write(piece)) await Promise.race([onceDrained(sink), failed]);
      }
      // Nothing after the end-of-archive blocks is inflated, let alone parsed.
      if (framer.done) break;
    }
    if (failure !== undefined) throw failure;
    framer.finish();
    sink.end();
    await Promise.race([sinkEnded, failed]);
  } catch (error) {
    outcome = failure ?? (error instanceof Error ? error : new Error(String(error), { cause: error }));
  } finally {
    signal.removeEventListener('abort', abort);
    source.unpipe(gunzip);
    gunzip.destroy();
  }
  try {
    if (!signal.aborted && !sourceFailed) await drain(source, signal);
  } finally {
    source.destroy();
  }
  if (outcome !== undefined) throw outcome;
}

/** Reads a stream to its end and drops what it yields; rejects with its error or the signal's reason. */
async function drain(source: Readable, signal: AbortSignal): Promise<void> {
  const abort = (): void => void source.destroy(signal.reason instanceof Error ? signal.reason : undefined);
  signal.addEventListener('abort', abort, { once: true });
  try {
    // Reading is the point; what is read was already judged or refused.
    for await (const _chunk of source) {
      if (signal.aborted) break;
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function onceDrained(sink: TarSink): Promise<void> {
  return new Promise((resolve) => sink.once('drain', () => resolve()));
}
