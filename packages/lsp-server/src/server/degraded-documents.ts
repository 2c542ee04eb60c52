import type { HealthComponent, PcError } from '@parsercraft/core';
import { ServerCodes } from '../errors/server-codes.js';

/** Retries of a degraded document back off from the analysis breaker's half-open time to five minutes. */
const FIRST_RETRY_MS = 10_000;
const LAST_RETRY_MS = 300_000;

export interface DegradedDocument {
  readonly uri: string;
  readonly code: string;
  readonly reason: string;
  readonly since: string;
}

/**
 * The documents served syntax-only because their full analysis failed, each in its own
 * failure domain (its own breakers; see document-analyzer.ts). Health's analysis
 * component carries the count and the first few reasons; each document is retried,
 * backing off, until its full analysis succeeds.
 */
export class DegradedDocuments {
  private readonly documents = new Map<string, DegradedDocument & { failures: number }>();

  constructor(private readonly component: HealthComponent | undefined) {}

  /** Records a degraded outcome; returns when to try the document's full analysis again. */
  degraded(uri: string, error: PcError): number {
    const known = this.documents.get(uri);
    const failures = (known?.failures ?? 0) + 1;
    this.documents.set(uri, {
      uri,
      code: error.code,
      reason: error.message,
      since: known?.since ?? new Date().toISOString(),
      failures,
    });
    this.report();
    return Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
  }

  /** Full analysis succeeded, or the document was closed. */
  recovered(uri: string): void {
    if (this.documents.delete(uri)) this.report();
  }

  list(): DegradedDocument[] {
    return [...this.documents.values()].map(({ uri, code, reason, since }) => ({ uri, code, reason, since }));
  }

  get size(): number {
    return this.documents.size;
  }

  private report(): void {
    if (!this.component) return;
    if (this.documents.size === 0) return this.component.clearMark('documents');
    const all = [...this.documents.values()];
    const named = all
      .slice(0, 3)
      .map((d) => `${d.uri} (${d.code})`)
      .join(', ');
    const more = all.length > 3 ? ` and ${all.length - 3} more` : '';
    const count = all.length === 1 ? '1 document is' : `${all.length} documents are`;
    this.component.mark('documents', 'degraded', `${count} checked for syntax only: ${named}${more}`, {
      code: ServerCodes.PC_SERVER_ANALYSIS_DEGRADED.code,
      runbook: ServerCodes.PC_SERVER_ANALYSIS_DEGRADED.runbook,
    });
  }
}
