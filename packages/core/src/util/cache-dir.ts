import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one folder every ParserCraft tool caches in (packages, breaker states, parser tables):
 * $PARSERCRAFT_CACHE, else $XDG_CACHE_HOME/parsercraft, else ~/.cache/parsercraft. One rule
 * here, so `parsercraft doctor` checks and repairs the same folder the tools write.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['PARSERCRAFT_CACHE'];
  if (explicit) return explicit;
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'parsercraft');
}
