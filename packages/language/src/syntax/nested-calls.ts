/**
 * Recursion without the call stack. A pass over a syntax tree follows the tree's nesting,
 * which a program controls: 100,000 operands in one expression make a tree 100,000 deep.
 * Such a pass is written as generators: where it would call itself, it yields the call,
 * `const t = (yield this.typeOf(child)) as LangType` (or `yield this.visit(child)` for a
 * call without a result), and `runNested` runs that call to completion from an explicit
 * stack and resumes the caller with its result. The native stack stays a few frames deep
 * whatever the tree's depth. (`yield*` into the callee would not do: a chain of `yield*`
 * puts one native frame per level back on the stack at every resume.) Every tree pass of
 * this package walks with explicit stacks or runs here.
 *
 * The cast at each call site is the price of the protocol: a generator's `yield` has one
 * result type for every call it makes.
 */

/** A step of a pass that may call itself: it yields the calls it makes and returns its result. */
export type Nested<T> = Generator<Nested<unknown>, T, unknown>;

/**
 * A call that has nothing left to do, for a pass's dispatcher to return when it did a node's
 * work at once (most nodes are leaves, and a generator each would be most of a pass's cost).
 * The driver resumes the caller at once when it is yielded.
 */
export const FINISHED: Nested<void> = (function* finished(): Nested<void> {})();

/** A call whose result is known already, for a dispatcher that must return a call. */
// eslint-disable-next-line require-yield -- a call whose result is known has nothing to yield
export function* answer<T>(value: T): Nested<T> {
  return value;
}

/** Runs a pass written as nested calls to its result, throwing what it throws. */
export function runNested<T>(root: Nested<T>): T {
  const calls: Nested<unknown>[] = [root];
  let value: unknown = undefined;
  let failure: { readonly error: unknown } | undefined;
  for (;;) {
    const top = calls[calls.length - 1] as Nested<unknown>;
    let step: IteratorResult<Nested<unknown>, unknown>;
    try {
      step = failure ? top.throw(failure.error) : top.next(value);
      failure = undefined;
    } catch (error) {
      calls.pop();
      if (calls.length === 0) throw error;
      failure = { error };
      continue;
    }
    if (step.done) {
      calls.pop();
      if (calls.length === 0) return step.value as T;
      value = step.value;
    } else {
      value = undefined;
      if (step.value !== FINISHED) calls.push(step.value);
    }
  }
}
