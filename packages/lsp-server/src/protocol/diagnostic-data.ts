import type { Fix } from '@parsercraft/language';

/** What the server stores in a published diagnostic's `data`, so its fixes come back with it. */
export interface DiagnosticData {
  readonly fixes?: readonly Fix[];
  /** The server's revision of the text the fixes were made for (see document-store.ts). */
  readonly revision?: number;
  /**
   * Each fix's edits as [from, to) offsets in that text: the client sends diagnostics back
   * with the ranges it moved while the user typed, so a fix is found again in the current
   * text through the edits since, never applied where its text no longer is.
   */
  readonly spans?: readonly (readonly (readonly [number, number])[])[];
  /** The server's seal over the above (see fix-seal.ts): data it did not make offers no fix. */
  readonly seal?: string;
}
