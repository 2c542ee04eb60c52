import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultCacheDir } from '@parsercraft/core';
import { ContentStore } from './cache/content-store.js';
import { sha512Hasher } from './cache/integrity.js';
import { TEMP_MARK } from './fs/atomic-write.js';
import { processAlive } from './fs/process-lock.js';

export interface VerifyCacheOptions {
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  /** Count what is wrong and remove nothing (`parsercraft doctor` without `--fix`); the counts then say what would go. */
  readonly dryRun?: boolean;
}

export interface VerifyCacheReport {
  /** Tarballs whose content was hashed. */
  readonly tarballs: number;
  /** Tarballs that no longer matched their digest, removed (the next install fetches them again). */
  readonly corruptRemoved: number;
  /** Cached packuments that were not readable JSON entries, removed. */
  readonly metadataRemoved: number;
  /** Temp files left by processes that no longer run, removed. */
  readonly tempRemoved: number;
  readonly bytes: number;
}

/**
 * Checks every cache entry: tarballs are hashed and compared with the digest their path
 * claims, packuments must parse, and temp files whose writer is gone are removed (a temp
 * file of a running install is left alone: its name carries the writer's pid).
 */
export async function verifyCache(options: VerifyCacheOptions = {}): Promise<VerifyCacheReport> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const content = new ContentStore(cacheDir);
  const remove = async (path: string): Promise<void> => {
    if (!options.dryRun) await rm(path, { force: true });
  };
  let tarballs = 0;
  let corruptRemoved = 0;
  let tempRemoved = 0;
  let bytes = 0;
  for await (const entry of content.entries()) {
    options.signal?.throwIfAborted();
    if ('temp' in entry) {
      if (await orphaned(entry.path)) {
        await remove(entry.path);
        tempRemoved++;
      }
      continue;
    }
    tarballs++;
    const hash = sha512Hasher();
    for await (const chunk of createReadStream(entry.path)) hash.update(chunk as Buffer);
    if (hash.digest('hex') !== entry.claimedHex) {
      await remove(entry.path);
      corruptRemoved++;
    } else bytes += (await stat(entry.path)).size;
  }
  let metadataRemoved = 0;
  const metadataDir = join(cacheDir, 'metadata');
  for (const name of await readdir(metadataDir).catch(() => [] as string[])) {
    const path = join(metadataDir, name);
    if (name.startsWith(TEMP_MARK)) {
      if (await orphaned(path)) {
        await remove(path);
        tempRemoved++;
      }
      continue;
    }
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { url?: unknown; body?: unknown };
      if (typeof parsed.url !== 'string' || typeof parsed.body !== 'string') throw new Error('not an entry');
      JSON.parse(parsed.body);
    } catch {
      await remove(path);
      metadataRemoved++;
    }
  }
  // The language package's parser tables (it rebuilds damaged ones itself); only its temp files are ours to clear.
  const parsersDir = join(cacheDir, 'parsers');
  for (const name of await readdir(parsersDir).catch(() => [] as string[])) {
    const path = join(parsersDir, name);
    if (name.startsWith(TEMP_MARK) && (await orphaned(path))) {
      await remove(path);
      tempRemoved++;
    }
  }
  return { tarballs, corruptRemoved, metadataRemoved, tempRemoved, bytes };
}

/**
 * Removes the temp files that writers which are gone (a SIGKILLed install) left where the
 * cache writes them: the download folder and the metadata folder. Cheap (two listings), so
 * every install runs it; verifyCache does this and hashes everything.
 */
export async function sweepOrphanedTemps(cacheDir: string): Promise<void> {
  for (const dir of [new ContentStore(cacheDir).root, join(cacheDir, 'metadata')]) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      if (name.startsWith(TEMP_MARK) && (await orphaned(path, SWEEP_UNTOUCHED_MS))) await rm(path, { force: true });
    }
  }
}

/**
 * How long a dead writer's temp file must have stood untouched before an install sweeps it.
 * A pid is only meaningful in its own PID namespace: containers sharing a cache volume see
 * each other's live downloads under pids that do not run here. A live download touches its
 * file with every chunk, and a stalled one is cut off by the 30 s body timeout, so two
 * minutes untouched means gone. (verifyCache, run by doctor --fix, asks only the pid.)
 */
const SWEEP_UNTOUCHED_MS = 120_000;

/** A temp file whose writer process is gone (temp names end in `-<pid>-<random>`). */
async function orphaned(path: string, untouchedMs = 0): Promise<boolean> {
  const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(path)?.[1]);
  if (Number.isInteger(pid) && pid > 0) {
    if (processAlive(pid)) return false;
    if (untouchedMs === 0) return true;
    const touched = (await stat(path).catch(() => undefined))?.mtimeMs;
    return touched === undefined || Date.now() - touched > untouchedMs;
  }
  // A name without a pid is not ours to judge by owner: only old ones go.
  return Date.now() - ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) > 24 * 3_600_000;
}
