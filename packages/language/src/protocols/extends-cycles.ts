import type { Span } from '../semantics/symbol.js';

export interface Edge<T> {
  readonly shape: T;
  /** Where the edge is written: the base's name after EXTENDS. */
  readonly at: Span;
}

/** One EXTENDS that closes a cycle: from `from` through `path` back to `from`. */
export interface Cycle<T> {
  readonly from: T;
  readonly at: Span;
  /** The protocols of the cycle, starting with `from`. */
  readonly path: readonly T[];
}

/**
 * Every edge that lies on a cycle of the EXTENDS graph, found with Tarjan's strongly
 * connected components (linear in protocols and edges), each with one path that shows the
 * cycle. Every protocol on a cycle gets its own finding at its own EXTENDS, so the user sees
 * the cycle from whichever declaration they are looking at.
 */
export function findCycles<T>(nodes: readonly T[], edges: (node: T) => readonly Edge<T>[]): Cycle<T>[] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const component = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  let counter = 0;
  let components = 0;
  // Iterative, so a long chain of EXTENDS cannot overflow the call stack.
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: T; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1] as { node: T; next: number };
      const out = edges(frame.node);
      if (frame.next < out.length) {
        const w = (out[frame.next++] as Edge<T>).shape;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        let w: T;
        do {
          w = stack.pop() as T;
          onStack.delete(w);
          component.set(w, components);
        } while (w !== frame.node);
        components++;
      }
    }
  }
  const cycles: Cycle<T>[] = [];
  for (const from of nodes) {
    for (const edge of edges(from)) {
      if (component.get(edge.shape) !== component.get(from)) continue;
      cycles.push({ from, at: edge.at, path: [from, ...pathWithin(edge.shape, from, component, edges)] });
      // One finding per protocol is enough to show the cycle.
      break;
    }
  }
  return cycles;
}

/** The shortest path from `start` to just before `goal` inside one component (breadth first). */
function pathWithin<T>(
  start: T,
  goal: T,
  component: ReadonlyMap<T, number>,
  edges: (node: T) => readonly Edge<T>[],
): T[] {
  if (start === goal) return [];
  const previous = new Map<T, T | undefined>([[start, undefined]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as T;
    for (const { shape } of edges(node)) {
      if (previous.has(shape) || component.get(shape) !== component.get(start)) continue;
      previous.set(shape, node);
      if (shape === goal) {
        const path: T[] = [];
        for (let n: T | undefined = node; n !== undefined; n = previous.get(n)) path.unshift(n);
        return path;
      }
      queue.push(shape);
    }
  }
  return [start];
}
