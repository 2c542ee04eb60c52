import { CoreErrorCodes, PcError } from '@parsercraft/core';
import type { Dispatcher } from 'undici';

/**
 * Response bodies with a byte cap, so a registry cannot make an install hold or store more
 * than it allows: the declared Content-Length is checked before a byte is read (it may lie
 * low, never high without consequence), then every chunk is counted as it arrives. Past the
 * cap the body is destroyed, which drops the connection rather than reading the rest.
 */

function tooLarge(url: string, maxBytes: number, bytes: number, declared: boolean): PcError {
  return new PcError(
    CoreErrorCodes.PC_NET_RESPONSE_TOO_LARGE,
    declared
      ? `${url} declared a ${bytes}-byte body, over the ${maxBytes}-byte limit; nothing of it was read.`
      : `${url} sent more than the ${maxBytes}-byte limit; the download was stopped and nothing was kept.`,
    { context: { url, maxBytes, ...(declared ? { declaredBytes: bytes } : { readBytes: bytes }) } },
  );
}

function checkDeclaredLength(response: Dispatcher.ResponseData, maxBytes: number, url: string): void {
  const header = response.headers['content-length'];
  const declared = Number(Array.isArray(header) ? header[0] : header);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge(url, maxBytes, declared, true);
  }
}

/** The body's chunks, as they arrive; the iteration fails once they add up past `maxBytes`. */
export async function* cappedBody(
  response: Dispatcher.ResponseData,
  maxBytes: number,
  url: string,
): AsyncGenerator<Uint8Array> {
  checkDeclaredLength(response, maxBytes, url);
  let bytes = 0;
  // Leaving this loop early (the throw below, or a consumer that stops) destroys the body.
  for await (const chunk of response.body) {
    const bytesOf = chunk as Uint8Array;
    bytes += bytesOf.byteLength;
    if (bytes > maxBytes) throw tooLarge(url, maxBytes, bytes, false);
    yield bytesOf;
  }
}

/** The whole body as UTF-8 text, read through cappedBody. */
export async function readCappedText(
  response: Dispatcher.ResponseData,
  maxBytes: number,
  url: string,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of cappedBody(response, maxBytes, url)) {
    chunks.push(chunk);
    bytes += chunk.byteLength;
  }
  return Buffer.concat(chunks, bytes).toString('utf8');
}
