/**
 * The syntax tree every grammar source produces, so that symbols, the language server and
 * code generation never care whether a built-in grammar or a config's PEG grammar parsed
 * the text. Offsets are UTF-16 code units into the source.
 */
export interface SyntaxNode {
  /** Node type: a built-in grammar's node name, or a PEG grammar's rule or token name. */
  readonly type: string;
  readonly from: number;
  readonly to: number;
  readonly children: readonly SyntaxNode[];
}

export function nodeText(source: string, node: SyntaxNode): string {
  return source.slice(node.from, node.to);
}

/**
 * Depth-first, parents before children; `visit` returns false to skip a node's children.
 * Walks with an explicit stack, so a tree of any depth is walked on any thread's stack.
 */
export function walkTree(
  root: SyntaxNode,
  visit: (node: SyntaxNode, parent: SyntaxNode | undefined) => boolean | void,
  parent?: SyntaxNode,
): void {
  if (visit(root, parent) === false) return;
  // Each level's node and the index of its next child to visit.
  const nodes: SyntaxNode[] = [root];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top] as SyntaxNode;
    const index = next[top] as number;
    if (index >= node.children.length) {
      nodes.pop();
      next.pop();
      continue;
    }
    next[top] = index + 1;
    const child = node.children[index] as SyntaxNode;
    if (visit(child, node) === false) continue;
    nodes.push(child);
    next.push(0);
  }
}
