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

/** Depth-first, parents before children; `visit` returns false to skip a node's children. */
export function walkTree(
  node: SyntaxNode,
  visit: (node: SyntaxNode, parent: SyntaxNode | undefined) => boolean | void,
  parent?: SyntaxNode,
): void {
  if (visit(node, parent) === false) return;
  for (const child of node.children) walkTree(child, visit, node);
}
