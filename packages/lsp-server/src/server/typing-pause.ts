/**
 * Waits for a pause in a document's edits. While the user types, a version's index is
 * built only if no edit follows its diagnostics for a moment (it would hold up the next
 * version's analysis in the worker). The wait ends at once when the document is edited:
 * the version it waited for is dead, and the document's next analysis must not queue
 * behind a timer.
 */
export class TypingPause {
  private readonly waiting = new Map<string, Set<(edited: boolean) => void>>();

  /** Resolves true if `uri` was edited within `ms`, false if the pause came. */
  wait(uri: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(uri) ?? new Set();
      this.waiting.set(uri, waiters);
      const done = (edited: boolean): void => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(uri) === waiters) this.waiting.delete(uri);
        resolve(edited);
      };
      const timer = setTimeout(() => done(false), ms);
      waiters.add(done);
    });
  }

  /** `uri` changed (or closed): every wait on it ends. */
  edited(uri: string): void {
    for (const done of [...(this.waiting.get(uri) ?? [])]) done(true);
  }

  /** Ends every wait (shutdown). */
  dispose(): void {
    for (const uri of [...this.waiting.keys()]) this.edited(uri);
  }
}
