/** The largest body a client may announce: past it, a Content-Length is a broken frame, not a big document. */
export const MAX_BODY_BYTES = 64 * 2 ** 20;
/** A header section is a line or two; one this long without its blank line is not a header. */
export const MAX_HEADER_BYTES = 8 * 1024;

/** What the bytes at the start of a frame say so far. */
export type HeaderScan =
  | { readonly kind: 'incomplete' }
  | {
      readonly kind: 'complete';
      /** Bytes the header section takes, its blank line included: the body starts there. */
      readonly headerBytes: number;
      readonly contentLength: number;
      /** The charset Content-Type names, lower-cased; undefined when it names none. */
      readonly charset: string | undefined;
    }
  | { readonly kind: 'broken'; readonly reason: string };

// RFC 7230's token characters: what a header name is made of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CRLF = 0x0d0a;

/**
 * Reads the header section at the start of `bytes` (LSP's base protocol: `Name: value` lines,
 * each ended by CRLF, then an empty line). A header section that cannot be one is broken as
 * soon as that shows, so garbage fails at once rather than after a timeout: a bare LF, a
 * name that is not a token, a line without a colon, no or a second Content-Length, one that
 * is not a plain decimal or is over MAX_BODY_BYTES, or no blank line within MAX_HEADER_BYTES.
 */
export function scanHeader(bytes: Uint8Array): HeaderScan {
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  let lineStart = 0;
  let contentLength: number | undefined;
  let charset: string | undefined;
  for (let i = 0; i < limit; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x0a) return broken('a header line ends with a bare LF; LSP ends header lines with CRLF');
    if (byte !== 0x0d) {
      if (byte < 0x20 && byte !== 0x09) return broken(`a header holds the control byte 0x${hex(byte)}`);
      if (byte > 0x7e) return broken(`a header holds the non-ASCII byte 0x${hex(byte)}`);
      // A name cut off by the end of the bytes seen so far is still judged, so raw JSON fails at its first byte.
      const line = ascii(bytes, lineStart, i + 1);
      if (!line.includes(':') && !TOKEN.test(line))
        return broken(`'${printable(line)}' does not start a header line (Name: value)`);
      continue;
    }
    if (i + 1 >= bytes.length) return { kind: 'incomplete' };
    if (((byte << 8) | (bytes[i + 1] ?? 0)) !== CRLF) return broken('a header line ends with a bare CR');
    const line = ascii(bytes, lineStart, i);
    if (line === '') {
      if (contentLength === undefined) return broken('the header has no Content-Length');
      return { kind: 'complete', headerBytes: i + 2, contentLength, charset };
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return broken(`'${printable(line)}' is not a header line (Name: value)`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (contentLength !== undefined) return broken('the header has a second Content-Length');
      if (!/^\d{1,10}$/.test(value)) return broken(`Content-Length '${printable(value)}' is not a byte count`);
      const length = Number(value);
      if (length > MAX_BODY_BYTES)
        return broken(`Content-Length ${length} is over the ${MAX_BODY_BYTES}-byte limit of one message`);
      contentLength = length;
    } else if (name === 'content-type') {
      charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(value)?.[1]?.toLowerCase();
    }
    lineStart = i + 2;
    i++;
  }
  if (bytes.length >= MAX_HEADER_BYTES) return broken(`no end of the header within ${MAX_HEADER_BYTES} bytes`);
  return { kind: 'incomplete' };
}

const broken = (reason: string): HeaderScan => ({ kind: 'broken', reason });
const hex = (byte: number): string => byte.toString(16).padStart(2, '0');
const ascii = (bytes: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, from + 200)));
/** At most 60 characters of a header, for a message. */
const printable = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}...` : text);
