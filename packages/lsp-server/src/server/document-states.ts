import { LSPErrorCodes, ResponseError, type Diagnostic } from 'vscode-languageserver/node';
import type { IndexView } from '../index/index-view.js';

interface Waiter {
  readonly version: number;
  readonly resolve: (state: AnalysedState) => void;
  readonly reject: (error: unknown) => void;
}

/** Where a document's analysis stands, as the main thread keeps it. */
export interface AnalysedState {
  /** The version last analysed (successfully or not). */
  readonly version: number;
  /** The index of the last good analysis: of `version`, or older when that one failed. */
  readonly view: IndexView | undefined;
  /** Every diagnostic of `version`, as published (when analysis failed, the failure). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The last good analysis of each open document, and requests waiting for the analysis of a
 * particular version. Hover and completion read whatever is here, however old; rename,
 * formatting and pull diagnostics wait for their version, and get ContentModified (LSP
 * 3.17) when an edit makes that version stale before it is analysed.
 */
export class DocumentStates {
  private readonly states = new Map<string, AnalysedState>();
  private readonly waiters = new Map<string, Waiter[]>();

  get(uri: string): AnalysedState | undefined {
    return this.states.get(uri);
  }

  /** Resolves with the analysis of `version` (or a later one) once it is there. */
  when(uri: string, version: number): Promise<AnalysedState> {
    const state = this.states.get(uri);
    if (state && state.version >= version) return Promise.resolve(state);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(uri) ?? [];
      list.push({ version, resolve, reject });
      this.waiters.set(uri, list);
    });
  }

  set(uri: string, state: AnalysedState): void {
    this.states.set(uri, state);
    this.settle(uri, (w) => (w.version <= state.version ? () => w.resolve(state) : undefined));
  }

  /** The document moved to `version`: whoever waits for an older one waits in vain. */
  changed(uri: string, version: number): void {
    this.settle(uri, (w) => (w.version < version ? () => w.reject(new ResponseError(LSPErrorCodes.ContentModified, 'The document changed before it was analysed.')) : undefined));
  }

  delete(uri: string): void {
    this.states.delete(uri);
    this.changed(uri, Number.MAX_SAFE_INTEGER);
  }

  private settle(uri: string, decide: (w: Waiter) => (() => void) | undefined): void {
    const list = this.waiters.get(uri);
    if (!list) return;
    const keep: Waiter[] = [];
    for (const w of list) {
      const act = decide(w);
      if (act) act();
      else keep.push(w);
    }
    if (keep.length) this.waiters.set(uri, keep);
    else this.waiters.delete(uri);
  }
}
