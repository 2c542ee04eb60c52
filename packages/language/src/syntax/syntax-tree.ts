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
 * Recurses for the first levels, where nearly every tree ends (it is the fastest walk), and
 * goes on with an explicit stack below them, so a tree of any depth is walked on any
 * thread's stack: native recursion never goes deeper than RECURSIVE_LEVELS.
 */
export function walkTree(
  root: SyntaxNode,
  visit: (node: SyntaxNode, parent: SyntaxNode | undefined) => boolean | void,
  parent?: SyntaxNode,
): void {
  walkLevels(root, visit, parent, 0);
}

const RECURSIVE_LEVELS = 200;

function walkLevels(
  node: SyntaxNode,
  visit: (node: SyntaxNode, parent: SyntaxNode | undefined) => boolean | void,
  parent: SyntaxNode | undefined,
  level: number,
): void {
  if (visit(node, parent) === false) return;
  if (level >= RECURSIVE_LEVELS) return walkBelow(node, visit);
  // Indexed: a for-of here allocates an iterator per node, a good part of a walk's garbage.
  const { children } = node;
  for (let i = 0; i < children.length; i++) walkLevels(children[i] as SyntaxNode, visit, node, level + 1);
}

/** The descendants of `root`, which has been visited, with an explicit stack. */
function walkBelow(
  root: SyntaxNode,
  visit: (node: SyntaxNode, parent: SyntaxNode | undefined) => boolean | void,
): void {
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
