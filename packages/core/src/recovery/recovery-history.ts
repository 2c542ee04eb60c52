import type { PcError } from '../errors/pc-error.js';
import { RingBuffer } from '../util/ring-buffer.js';
import type { CallOutcome } from './operation-stats.js';

export interface FailureSummary {
  readonly code: string;
  readonly category: string;
  readonly message: string;
}

/** One call during which something failed: what failed, what the plan did, how it ended. */
export interface RecoveryRecord {
  readonly seq: number;
  /** When the call ended (ISO 8601). */
  readonly at: string;
  readonly operation: string;
  readonly key?: string;
  readonly attempts: number;
  readonly durationMs: number;
  /** Failures met along the way, oldest first. */
  readonly failures: readonly FailureSummary[];
  /** What the plan did about them. */
  readonly actions: ReadonlyArray<'retry' | 'fallback' | 'degrade'>;
  readonly outcome: Exclude<CallOutcome, 'success' | 'cancelled'>;
  /** The error that escaped, or that the fallback or degraded path answered for. */
  readonly error?: { readonly code: string; readonly message: string; readonly runbook: string };
}

export function summarizeFailure(error: PcError): FailureSummary {
  return { code: error.code, category: error.category, message: error.message };
}

/** The last N recoveries, for `parsercraft doctor`, the health request and tests. */
export class RecoveryHistory {
  readonly #records: RingBuffer<RecoveryRecord>;
  #seq = 0;

  constructor(capacity = 200) {
    this.#records = new RingBuffer(capacity);
  }

  add(record: Omit<RecoveryRecord, 'seq'>): RecoveryRecord {
    const full = { ...record, seq: ++this.#seq };
    this.#records.push(full);
    return full;
  }

  /** The newest `limit` records, oldest first. */
  recent(limit?: number): RecoveryRecord[] {
    return this.#records.recent(limit);
  }
}
