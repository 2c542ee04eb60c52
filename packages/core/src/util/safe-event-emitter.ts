import type { Event, IDisposable } from 'cockatiel';
import { CoreErrorCodes as C } from '../errors/core-codes.js';

/**
 * cockatiel's event shape (`event(listener) -> disposable`), but a listener that throws
 * cannot break the code that emitted the event or starve the other listeners: the
 * failure becomes a process warning on stderr.
 */
export class SafeEventEmitter<T> {
  #listeners: Array<(value: T) => void> = [];

  readonly event: Event<T> = (listener: (value: T) => void): IDisposable => {
    this.#listeners = [...this.#listeners, listener];
    return {
      dispose: () => {
        this.#listeners = this.#listeners.filter((l) => l !== listener);
      },
    };
  };

  get size(): number {
    return this.#listeners.length;
  }

  emit(value: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(value);
      } catch (error) {
        process.emitWarning(
          `A ParserCraft event listener threw: ${String(error)} (see ${C.PC_LISTENER_FAILED.runbook})`,
          {
            code: C.PC_LISTENER_FAILED.code,
          },
        );
      }
    }
  }
}
