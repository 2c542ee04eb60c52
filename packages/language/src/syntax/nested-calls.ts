/**
 * Recursion without the call stack. A pass over a syntax tree follows the tree's nesting,
 * which a program controls: 100,000 operands in one expression make a tree 100,000 deep.
 * Such a pass is written as generators: where it would call itself it writes
 * `yield* nested(this.pass(child))` instead, and `runNested` drives the generators from an
 * explicit stack, so the native stack stays a few frames deep whatever the tree's depth.
 * Every tree pass of this package either walks with explicit stacks or runs here.
 */

/** A step of a pass that may call itself: it yields the calls it makes and returns its result. */
export type Nested<T> = Generator<Nested<unknown>, T, unknown>;

/**
 * One nested call, its result typed: the generator yields `call` to the driver, which runs it
 * to completion and resumes this one with its result. One frame deep, so `yield*` into it
 * never chains (a chain of `yield*` would put one native frame per level back on the stack).
 */
export function* nested<T>(call: Nested<T>): Nested<T> {
  return (yield call) as T;
}

/** Runs a pass written with `nested` to its result, throwing what it throws. */
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
      calls.push(step.value);
      value = undefined;
    }
  }
}
