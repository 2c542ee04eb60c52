/**
 * Turns a stream of status changes into events without flapping storms. The first change
 * after a quiet period is emitted at once; further changes within `intervalMs` collapse
 * into one trailing event carrying the latest status, and none at all if the status came
 * back to what was last emitted.
 */
export class ChangeDebouncer<S> {
  readonly #states = new Map<
    string,
    { emitted: S; current: S; lastEmitAt: number; timer: NodeJS.Timeout | undefined }
  >();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: () => number,
    private readonly emit: (key: string, from: S, to: S) => void,
  ) {}

  /** Declares the status a key starts at, which is never itself an event. */
  start(key: string, status: S): void {
    if (!this.#states.has(key))
      this.#states.set(key, { emitted: status, current: status, lastEmitAt: -Infinity, timer: undefined });
  }

  update(key: string, status: S): void {
    const state = this.#states.get(key);
    if (!state) {
      this.start(key, status);
      return;
    }
    state.current = status;
    if (state.timer !== undefined) return;
    const wait = state.lastEmitAt + this.intervalMs - this.clock();
    if (wait <= 0) {
      this.#flush(key);
      return;
    }
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.#flush(key);
    }, wait);
    state.timer.unref();
  }

  forget(key: string): void {
    const state = this.#states.get(key);
    if (state?.timer !== undefined) clearTimeout(state.timer);
    this.#states.delete(key);
  }

  dispose(): void {
    for (const key of [...this.#states.keys()]) this.forget(key);
  }

  #flush(key: string): void {
    const state = this.#states.get(key);
    if (!state || state.current === state.emitted) return;
    const from = state.emitted;
    state.emitted = state.current;
    state.lastEmitAt = this.clock();
    this.emit(key, from, state.current);
  }
}
