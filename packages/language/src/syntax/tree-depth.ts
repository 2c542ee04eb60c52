import type { SyntaxNode } from './syntax-tree.js';

/** Nesting the recursive passes (binding, type checks, protocol checks, C generation) are sure to handle on any thread's stack. */
export const MAX_NESTING = 400;

/**
 * The first node nested deeper than `limit`, found without recursion (so a tree too deep
 * for the recursive passes is measured safely), or undefined when none is.
 */
export function nodeDeeperThan(root: SyntaxNode, limit: number): { node: SyntaxNode; depth: number } | undefined {
  // Two parallel stacks rather than one of pairs: this runs on every analysis, over every node.
  const nodes: SyntaxNode[] = [root];
  const depths: number[] = [0];
  for (let node = nodes.pop(); node; node = nodes.pop()) {
    const depth = depths.pop() as number;
    if (depth > limit) return { node, depth };
    for (const child of node.children) {
      nodes.push(child);
      depths.push(depth + 1);
    }
  }
  return undefined;
}
