import { classify } from '../errors/classify.js';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';

/** The PcError a cancelled signal stands for: its reason when classifiable, else PC_CANCELLED. */
export function abortError(signal: AbortSignal, what: string): PcError {
  const reason: unknown = signal.reason;
  if (reason !== undefined) {
    const classified = classify(reason);
    if (classified.code !== C.PC_UNKNOWN.code) return classified;
  }
  return new PcError(C.PC_CANCELLED, `${what} was cancelled`, { cause: reason });
}

/**
 * A promise that rejects when `signal` aborts, and a dispose that removes the listener.
 * For racing work that may ignore its signal.
 */
export function rejectOnAbort(signal: AbortSignal, what: string): { promise: Promise<never>; dispose: () => void } {
  let dispose: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    if (signal.aborted) {
      reject(abortError(signal, what));
      return;
    }
    const onAbort = (): void => reject(abortError(signal, what));
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  // The race may already be settled when the abort comes; nobody awaits this promise then.
  promise.catch(() => undefined);
  return { promise, dispose };
}

/** Aborts `inner` when `outer` aborts; returns the function that undoes the link. */
export function forwardAbort(outer: AbortSignal, inner: AbortController): () => void {
  if (outer.aborted) {
    inner.abort(outer.reason);
    return () => undefined;
  }
  const onAbort = (): void => inner.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return () => outer.removeEventListener('abort', onAbort);
}
