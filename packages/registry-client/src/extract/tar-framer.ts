import { Header, Pax } from 'tar';

/** Why the framer stopped an archive: not tar at all, or metadata past any honest size. */
export class TarFramingError extends Error {
  constructor(
    readonly kind: 'bad' | 'too-large',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TarFramingError';
  }
}

/**
 * The largest pax or GNU long-name body let through. node-tar's own limit: it silently
 * skips bigger ones, which would make it and this framer disagree about the next entry.
 */
const MAX_META_BYTES = 2 ** 20;

/** Entry types whose body describes the next entry instead of being written. */
const META_TYPES = new Set([
  'ExtendedHeader',
  'OldExtendedHeader',
  'GlobalExtendedHeader',
  'NextFileHasLongPath',
  'OldGnuLongPath',
  'NextFileHasLongLinkpath',
]);

const BLOCK = 512;

/**
 * Walks the tar blocks of an inflated stream and hands on only the archive: everything up to
 * and including the two zero blocks that end it. node-tar has no option to stop there: it
 * keeps buffering whatever follows the end, concatenating it again on every chunk, so 255 KB
 * of trailing bytes cost minutes. Trailing bytes are ignored, as npm ignores them (tar
 * writers pad archives to a record size, so bytes after the end are normal).
 *
 * Sizes are read with node-tar's own Header and Pax so both agree on where each entry ends,
 * and every header is checked here first: node-tar only ever sees blocks this framer read as
 * valid headers. A metadata entry is handed on as one chunk, so node-tar decodes its text in
 * one piece whatever the chunking, and both passes over an archive read it the same way.
 */
export class TarFramer {
  private readonly held: Buffer[] = [];
  private heldBytes = 0;
  /** Bytes to collect before the held ones mean something: a header, or a whole metadata entry. */
  private wanted = BLOCK;
  private metaType: string | undefined;
  private metaSize = 0;
  /** Body and padding of an ordinary entry still to pass through untouched. */
  private bodyLeft = 0;
  private ex: Pax | undefined;
  private gex: Pax | undefined;
  private sawZeroBlock = false;
  private headers = 0;
  private offset = 0;
  private ended = false;

  /** True once the end-of-archive blocks were seen; everything pushed after is dropped. */
  get done(): boolean {
    return this.ended;
  }

  /** The part of `chunk` that belongs to the archive, cut where node-tar should see it. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - at);
        out.push(chunk.subarray(at, at + n));
        this.bodyLeft -= n;
        at += n;
        this.offset += n;
        continue;
      }
      const n = Math.min(this.wanted - this.heldBytes, chunk.length - at);
      this.held.push(chunk.subarray(at, at + n));
      this.heldBytes += n;
      at += n;
      if (this.heldBytes < this.wanted) break;
      const whole = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
      this.held.length = 0;
      this.heldBytes = 0;
      this.wanted = BLOCK;
      if (this.metaType === undefined) this.header(whole, out);
      else this.meta(whole, out);
      this.offset += whole.length;
    }
    return out;
  }

  /** Called when the input ends: an archive cut inside an entry is not one. */
  finish(): void {
    if (this.ended) return;
    if (this.bodyLeft > 0 || this.heldBytes > 0 || this.metaType !== undefined)
      throw new TarFramingError('bad', `the archive is cut off inside an entry, ${this.offset} bytes in`);
    if (this.headers === 0) throw new TarFramingError('bad', 'the stream holds no tar entries');
  }

  private header(block: Buffer, out: Buffer[]): void {
    let header: Header;
    try {
      header = new Header(block, 0, this.ex, this.gex);
    } catch (error) {
      throw new TarFramingError('bad', `the block at byte ${this.offset} is not a tar header: ${String(error)}`);
    }
    if (header.nullBlock) {
      out.push(block);
      // One zero block can be padding; two in a row end the archive (node-tar's rule too).
      if (this.sawZeroBlock) this.ended = true;
      this.sawZeroBlock = true;
      return;
    }
    this.sawZeroBlock = false;
    const problem = headerProblem(header, this.headers === 0 ? block : undefined);
    if (problem) throw new TarFramingError('bad', `the header at byte ${this.offset} ${problem}`);
    this.headers++;
    const size = header.size ?? 0;
    const padded = BLOCK * Math.ceil(size / BLOCK);
    if (META_TYPES.has(header.type)) {
      if (size > MAX_META_BYTES)
        throw new TarFramingError(
          'too-large',
          `a ${header.type} header of ${size} bytes at byte ${this.offset} is over the ${MAX_META_BYTES}-byte limit`,
        );
      if (size === 0) {
        out.push(block);
        return;
      }
      this.metaType = header.type;
      this.metaSize = size;
      this.held.push(block);
      this.heldBytes = BLOCK;
      this.wanted = BLOCK + padded;
      return;
    }
    // node-tar forgets the pending extended header after any ordinary entry; so does this.
    this.ex = undefined;
    out.push(block);
    this.bodyLeft = padded;
  }

  private meta(entry: Buffer, out: Buffer[]): void {
    const type = this.metaType;
    this.metaType = undefined;
    out.push(entry);
    const text = entry.subarray(BLOCK, BLOCK + this.metaSize).toString();
    // Only pax headers change sizes; GNU long names change paths, which node-tar reads itself.
    if (type === 'ExtendedHeader' || type === 'OldExtendedHeader') this.ex = Pax.parse(text, this.ex, false);
    else if (type === 'GlobalExtendedHeader') this.gex = Pax.parse(text, this.gex, true);
  }
}

/** Why node-tar (strict) would reject this header, or a size it could not frame; else undefined. */
function headerProblem(header: Header, first: Buffer | undefined): string | undefined {
  if (!header.cksumValid) return 'has a wrong checksum';
  if (!header.path) return 'has no path';
  const link = /^(Symbolic)?Link$/.test(header.type);
  if (link && !header.linkpath) return 'is a link without a target';
  if (!link && !/^(Global)?ExtendedHeader$/.test(header.type) && header.linkpath)
    return 'has a link target but is not a link';
  const size: unknown = header.size ?? 0;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    return `has a size that is not a byte count (${String(size)})`;
  // node-tar sniffs the first bytes it is given for gzip or zstd magic and would inflate again.
  if (first && ((first[0] === 0x1f && first[1] === 0x8b) || first.readUInt32BE(0) === 0x28b52ffd))
    return 'starts with compression magic bytes';
  return undefined;
}
