import { gzipSync } from 'node:zlib';

/** One entry of a hand-made tarball; anything a real or hostile archive can hold. */
export interface TarEntry {
  readonly path: string;
  readonly type?: 'file' | 'dir' | 'symlink' | 'link' | 'fifo' | 'chardev' | 'pax' | 'global-pax' | 'long-path';
  /** The body; for `pax` and `global-pax` entries, built from `records` when absent. */
  readonly content?: string | Buffer;
  readonly linkpath?: string;
  /** Overrides the size written in the header (a lying header). */
  readonly size?: number;
  /** The key=value records of a pax header. */
  readonly records?: Readonly<Record<string, string>>;
}

/** How the archive ends: extra bytes after the end-of-archive blocks (tar writers pad to a record size). */
export interface TarOptions {
  readonly trailing?: Buffer;
}

const TYPE_FLAGS = {
  file: '0',
  link: '1',
  symlink: '2',
  chardev: '3',
  dir: '5',
  fifo: '6',
  pax: 'x',
  'global-pax': 'g',
  'long-path': 'L',
} as const;

/** Types whose body is written after the header. */
const HAS_BODY = new Set(['file', 'pax', 'global-pax', 'long-path']);

/**
 * Writes a gzipped ustar archive byte by byte, so tests can build the archives no honest
 * tool makes: `..` paths, absolute paths, links out of the package, device entries, pax
 * headers that change sizes, bytes after the end.
 */
export function tarball(entries: readonly TarEntry[], options: TarOptions = {}): Buffer {
  return gzipSync(tarBytes(entries, options));
}

/** The same archive, not gzipped: for mutating the tar itself before compressing it. */
export function tarBytes(entries: readonly TarEntry[], options: TarOptions = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const body = Buffer.from(entry.content ?? (entry.records ? paxBody(entry.records) : ''));
    blocks.push(header(entry, type, body.length));
    if (HAS_BODY.has(type) && body.length > 0) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  if (options.trailing) blocks.push(options.trailing);
  return Buffer.concat(blocks);
}

function header(entry: TarEntry, type: keyof typeof TYPE_FLAGS, bodyLength: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number): void => {
    block.write(text.slice(0, length), offset, length, 'utf8');
  };
  const octal = (n: number, offset: number, length: number): void =>
    put(`${n.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  let name = entry.path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  put(name, 0, 100);
  octal(type === 'dir' ? 0o755 : 0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(entry.size ?? (HAS_BODY.has(type) ? bodyLength : 0), 124, 12);
  octal(0, 136, 12);
  block.fill(' ', 148, 156);
  put(TYPE_FLAGS[type], 156, 1);
  put(entry.linkpath ?? '', 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** Pax records: each `<length> key=value\n`, the length counting itself. */
function paxBody(records: Readonly<Record<string, string>>): string {
  return Object.entries(records)
    .map(([key, value]) => {
      const rest = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(rest) + 1;
      while (String(length).length + Buffer.byteLength(rest) !== length) length++;
      return `${length}${rest}`;
    })
    .join('');
}

/** An ordinary package tarball: `package/` plus the given files and a package.json. */
export function packageTarball(name: string, version: string, files: Readonly<Record<string, string>> = {}): Buffer {
  return tarball([
    { path: 'package/package.json', content: JSON.stringify({ name, version }) },
    ...Object.entries(files).map(([path, content]) => ({ path: `package/${path}`, content })),
  ]);
}

/** Deterministic bytes that look like nothing in particular (xorshift32). */
export function noise(length: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
