import { createHash } from 'node:crypto';
import { LSPErrorCodes, ResponseError, type Diagnostic } from 'vscode-languageserver/node';
import type { IndexView } from '../index/index-view.js';

type Wanted = 'diagnostics' | 'view';

interface Waiter {
  readonly wanted: Wanted;
  readonly version: number;
  readonly resolve: (state: AnalysedState) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

/** Where a document's analysis stands, as the main thread keeps it. */
export interface AnalysedState {
  /** The version the diagnostics are of (analysed successfully or not). */
  readonly version: number;
  /** Every diagnostic of `version`, as published (when analysis failed, the failure). */
  readonly diagnostics: readonly Diagnostic[];
  /** A digest of `diagnostics`: the pull result id, equal exactly when the findings are. */
  readonly resultId: string;
  /** The index of the last good analysis: of `version`, or older while it is built or when it failed. */
  readonly view: IndexView | undefined;
  /** No index will come for versions up to this one, and why (too large, a config, analysis failed). */
  readonly noView: { readonly version: number; readonly error: unknown } | undefined;
}

/** A wait ran out before the analysis it waited for. */
export class WaitTimedOut extends Error {}

/**
 * The analysis of each open document, in two steps: its diagnostics (published first, so
 * they reach the editor as soon as they exist) and then its index. Requests wait, each for
 * a bounded time, for the diagnostics or index of the version they are about; an edit that
 * makes the awaited version stale answers them ContentModified (LSP 3.17).
 */
export class DocumentStates {
  private readonly states = new Map<string, AnalysedState>();
  private readonly waiters = new Map<string, Waiter[]>();

  get(uri: string): AnalysedState | undefined {
    return this.states.get(uri);
  }

  /**
   * Resolves once the diagnostics (or, for 'view', the index) of `version` or a later one
   * are there; rejects at once when no index will come for it, with WaitTimedOut after
   * `timeoutMs`.
   */
  when(uri: string, version: number, wanted: Wanted, timeoutMs: number): Promise<AnalysedState> {
    const state = this.states.get(uri);
    if (state && reached(state, version, wanted)) return Promise.resolve(state);
    if (wanted === 'view' && state?.noView && state.noView.version >= version)
      return Promise.reject(state.noView.error);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(uri) ?? [];
      const timer = setTimeout(() => {
        this.settle(uri, (w) => (w === waiter ? () => reject(new WaitTimedOut()) : undefined));
      }, timeoutMs);
      const waiter: Waiter = { wanted, version, resolve, reject, timer };
      list.push(waiter);
      this.waiters.set(uri, list);
    });
  }

  /**
   * The diagnostics of a version; the index stays the last good one until setView. Says
   * whether this changed the findings of a version already reported (a re-analysis of the
   * same text: pull clients should be told to pull again).
   */
  setDiagnostics(uri: string, version: number, diagnostics: readonly Diagnostic[]): { revised: boolean } {
    const before = this.states.get(uri);
    const resultId = digest(diagnostics);
    this.update(uri, { version, diagnostics, resultId, view: before?.view, noView: before?.noView });
    return { revised: before !== undefined && before.version === version && before.resultId !== resultId };
  }

  setView(uri: string, view: IndexView): void {
    const state = this.states.get(uri);
    if (!state) return;
    const noView = state.noView && state.noView.version > view.version ? state.noView : undefined;
    this.update(uri, { ...state, view, noView });
  }

  /** No index will come for `version`: whoever waits for one, or asks later, hears why. */
  viewFailed(uri: string, version: number, error: unknown): void {
    const state = this.states.get(uri);
    if (state) this.states.set(uri, { ...state, noView: { version, error } });
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
      if (act) {
        clearTimeout(w.timer);
        act();
      } else keep.push(w);
    }
    if (keep.length) this.waiters.set(uri, keep);
    else this.waiters.delete(uri);
  }
}

function reached(state: AnalysedState, version: number, wanted: Wanted): boolean {
  return wanted === 'diagnostics' ? state.version >= version : (state.view?.version ?? -1) >= version;
}

function digest(diagnostics: readonly Diagnostic[]): string {
  return createHash('sha256').update(JSON.stringify(diagnostics)).digest('base64url').slice(0, 22);
}
