import { appendFileSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Event } from 'cockatiel';
import { classify } from '../errors/classify.js';
import type { PcError } from '../errors/pc-error.js';
import { redact } from '../redaction/redact.js';
import { RingBuffer } from '../util/ring-buffer.js';
import { SafeEventEmitter } from '../util/safe-event-emitter.js';

/** Something an operator may later need to account for: an install, a cache eviction, a reset. */
export interface AuditEvent {
  /** What was done, dotted: 'install', 'cache.evict', 'breaker.reset'. */
  readonly action: string;
  /** What it was done to: a package, a path, a registry origin. */
  readonly resource: string;
  readonly status: 'success' | 'failure' | 'skipped';
  readonly durationMs?: number;
  /** The PcError code when status is 'failure'. */
  readonly errorCode?: string;
  /** Who asked: 'cli', 'lsp', 'doctor --fix'. */
  readonly actor?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends AuditEvent {
  readonly at: string;
  readonly pid: number;
  readonly seq: number;
}

export interface AuditLogOptions {
  /** JSON-lines file. Without one, events are only kept in memory. */
  readonly file?: string;
  /** Rotate when the file would exceed this. Default 5 MiB. */
  readonly maxBytes?: number;
  /** Rotated files kept (file.1 is the newest). Default 3. */
  readonly maxFiles?: number;
  /** Events recent() keeps in memory. Default 500. */
  readonly ringSize?: number;
}

/**
 * Audit events as JSON lines in a size-capped, rotated file, plus an in-memory ring.
 * Each event is one append of one line (O_APPEND), so lines from several processes do not
 * interleave. Writing never throws into the audited operation: a failed write is counted,
 * kept in memory and reported through onWriteError.
 */
export class AuditLog {
  readonly file: string | undefined;
  readonly maxBytes: number;
  readonly maxFiles: number;
  readonly #ring: RingBuffer<AuditRecord>;
  readonly #writeErrors = new SafeEventEmitter<PcError>();
  #seq = 0;
  #failedWrites = 0;

  /** Fires when an event could not be written to the file. */
  readonly onWriteError: Event<PcError> = this.#writeErrors.event;

  constructor(options: AuditLogOptions = {}) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 3;
    this.#ring = new RingBuffer(options.ringSize ?? 500);
    if (this.file) {
      try {
        mkdirSync(dirname(this.file), { recursive: true });
      } catch (error) {
        throw classify(error); // A folder we may not create: say so with a code, at start-up.
      }
    }
  }

  get failedWrites(): number {
    return this.#failedWrites;
  }

  record(event: AuditEvent): AuditRecord {
    const record: AuditRecord = {
      ...(redact(event) as AuditEvent),
      at: new Date().toISOString(),
      pid: process.pid,
      seq: ++this.#seq,
    };
    this.#ring.push(record);
    if (this.file) this.#append(this.file, `${JSON.stringify(record)}\n`);
    return record;
  }

  /** The newest `limit` events of this process, oldest first. */
  recent(limit?: number): AuditRecord[] {
    return this.#ring.recent(limit);
  }

  #append(file: string, line: string): void {
    try {
      if (sizeOf(file) + Buffer.byteLength(line) > this.maxBytes) this.#rotate(file);
      appendFileSync(file, line, { mode: 0o600 });
    } catch (error) {
      this.#failedWrites++;
      this.#writeErrors.emit(classify(error));
    }
  }

  #rotate(file: string): void {
    for (let i = this.maxFiles - 1; i >= 1; i--) renameIfExists(`${file}.${i}`, `${file}.${i + 1}`);
    if (this.maxFiles >= 1) renameIfExists(file, `${file}.1`);
  }
}

/**
 * Reads an audit file and its rotated predecessors, oldest first. A torn last line (a
 * crash mid-write) or any other unparsable line is counted, not fatal.
 */
export function readAuditFile(file: string, maxFiles = 3): { records: AuditRecord[]; corruptLines: number } {
  const records: AuditRecord[] = [];
  let corruptLines = 0;
  const paths = [...Array.from({ length: maxFiles }, (_, i) => `${file}.${maxFiles - i}`), file];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw classify(error);
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line) as AuditRecord);
      } catch {
        corruptLines++;
      }
    }
  }
  return { records, corruptLines };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
