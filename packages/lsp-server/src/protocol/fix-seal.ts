import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** This process's key: a seal from another server, or made up by anyone else, never matches. */
const KEY = randomBytes(32);

/**
 * A seal over the fixes a published diagnostic carries in `data`. The client sends `data`
 * back with code action requests; only fixes this server computed, for this document, come
 * back as actions, so whatever else can put diagnostics in front of the server (a proxy,
 * diagnostics shared from another tool) cannot have it offer edits of its own making.
 */
export function sealFixes(uri: string, revision: number, fixes: unknown, spans: unknown): string {
  return createHmac('sha256', KEY)
    .update(JSON.stringify([uri, revision, fixes, spans]))
    .digest('base64url');
}

export function isSealed(seal: unknown, uri: string, revision: number, fixes: unknown, spans: unknown): boolean {
  if (typeof seal !== 'string') return false;
  const expected = Buffer.from(sealFixes(uri, revision, fixes, spans));
  const given = Buffer.from(seal);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
