import { LSPErrorCodes, ResponseError, type Diagnostic } from 'vscode-languageserver/node';
import type { IndexView } from '../index/index-view.js';

type Wanted = 'diagnostics' | 'view';

interface Waiter {
  readonly wanted: Wanted;
  readonly version: number;
  readonly resolve: (state: AnalysedState) => void;
  readonly reject: (error: unknown) => void;
}

/** Where a document's analysis stands, as the main thread keeps it. */
export interface AnalysedState {
  /** The version the diagnostics are of (analysed successfully or not). */
  readonly version: number;
  /** Every diagnostic of `version`, as published (when analysis failed, the failure). */
  readonly diagnostics: readonly Diagnostic[];
  /** The index of the last good analysis: of `version`, or older while it is built or when it failed. */
  readonly view: IndexView | undefined;
}

/**
 * The analysis of each open document, in two steps: its diagnostics (published first, so
 * they reach the editor as soon as they exist) and then its index. Hover and completion read
 * the last good index, however old; pull diagnostics wait for their version's diagnostics,
 * rename and semantic tokens for its index. An edit that makes the awaited version stale
 * answers them ContentModified (LSP 3.17).
 */
export class DocumentStates {
  private readonly states = new Map<string, AnalysedState>();
  private readonly waiters = new Map<string, Waiter[]>();

  get(uri: string): AnalysedState | undefined {
    return this.states.get(uri);
  }

  /** Resolves once the diagnostics (or, for 'view', the index) of `version` or a later one are there. */
  when(uri: string, version: number, wanted: Wanted = 'diagnostics'): Promise<AnalysedState> {
    const state = this.states.get(uri);
    if (state && reached(state, version, wanted)) return Promise.resolve(state);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(uri) ?? [];
      list.push({ wanted, version, resolve, reject });
      this.waiters.set(uri, list);
    });
  }

  /** The diagnostics of a new version; the index stays the last good one until setView. */
  setDiagnostics(uri: string, version: number, diagnostics: readonly Diagnostic[]): void {
    this.update(uri, { version, diagnostics, view: this.states.get(uri)?.view });
  }

  setView(uri: string, view: IndexView): void {
    const state = this.states.get(uri);
    if (!state) return;
    this.update(uri, { ...state, view });
  }

  /** No index will come for `version` (its analysis failed): whoever waits for one hears why. */
  viewFailed(uri: string, version: number, error: unknown): void {
    this.settle(uri, (w) => (w.wanted === 'view' && w.version <= version ? () => w.reject(error) : undefined));
  }

  /** The document moved to `version`: whoever waits for an older one waits in vain. */
  changed(uri: string, version: number): void {
    this.settle(uri, (w) =>
      w.version < version
        ? () =>
            w.reject(new ResponseError(LSPErrorCodes.ContentModified, 'The document changed before it was analysed.'))
        : undefined,
    );
  }

  delete(uri: string): void {
    this.states.delete(uri);
    this.changed(uri, Number.MAX_SAFE_INTEGER);
  }

  private update(uri: string, state: AnalysedState): void {
    this.states.set(uri, state);
    this.settle(uri, (w) => (reached(state, w.version, w.wanted) ? () => w.resolve(state) : undefined));
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

function reached(state: AnalysedState, version: number, wanted: Wanted): boolean {
  return wanted === 'diagnostics' ? state.version >= version : (state.view?.version ?? -1) >= version;
}
