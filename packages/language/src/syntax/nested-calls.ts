/**
 * Recursion without the call stack. A pass over a syntax tree follows the tree's nesting,
 * which a program controls: 100,000 operands in one expression make a tree 100,000 deep.
 * Such a pass is written as generators: where it would call itself, it yields the call,
 * `const t = (yield this.typeOf(child)) as LangType` (or `yield this.visit(child)` for a
 * call without a result), and `runNested` runs that call to completion and resumes the
 * caller with its result: the first
 * DIRECT_LEVELS levels by plain recursion of the driver (fastest, and what ordinary programs
 * use), deeper ones from an explicit stack, so native recursion never goes past
 * DIRECT_LEVELS whatever the tree's depth. (`yield*` into the callee would not do: a chain of
 * `yield*` puts one native frame per level back on the stack at every resume.) Every tree
 * pass of this package walks with explicit stacks or bounded recursion, or runs here.
 *
 * A generator per call is most of what a pass costs, so passes do at once what needs no
 * nested call (leaves, operators between leaves, most statements) and return FINISHED, and
 * do not yield a FINISHED call.
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

/**
 * Levels of nested calls run on the native stack before the explicit stack takes over. Each
 * level is one frame of `runDirect` (the caller's generator is suspended meanwhile, so it
 * holds no frame), a few hundred bytes at most: 400 levels fit well inside a 1 MB worker
 * stack (test/deep-programs-worker.test.ts), and ordinary programs never get past them.
 */
const DIRECT_LEVELS = 400;

/** Runs a pass written as nested calls to its result, throwing what it throws. */
export function runNested<T>(root: Nested<T>): T {
  return runDirect(root, 0) as T;
}

/**
 * Runs `call` with plain recursion for each call it yields: the fastest way, with no stack
 * of calls to keep. Past DIRECT_LEVELS the call goes to `runStacked`, whose depth costs heap.
 */
function runDirect(call: Nested<unknown>, level: number): unknown {
  let step = call.next();
  for (;;) {
    if (step.done) return step.value;
    const inner = step.value;
    if (inner === FINISHED) {
      step = call.next();
      continue;
    }
    let result: unknown;
    try {
      result = level < DIRECT_LEVELS ? runDirect(inner, level + 1) : runStacked(inner);
    } catch (error) {
      // The caller sees what its callee threw, at the yield that made the call.
      step = call.throw(error);
      continue;
    }
    step = call.next(result);
  }
}

/** Runs `root` and the calls it makes from an explicit stack: any depth on a few native frames. */
function runStacked(root: Nested<unknown>): unknown {
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
      if (calls.length === 0) return step.value;
      value = step.value;
    } else {
      value = undefined;
      if (step.value !== FINISHED) calls.push(step.value);
    }
  }
}
