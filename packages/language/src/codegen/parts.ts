import type { SyntaxNode } from '../syntax/syntax-tree.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/**
 * A node's parts without its comments: a comment may sit between any two (`IF c THEN { why }
 * x := 1`), and the writer reads parts by position.
 */
export function kids(n: SyntaxNode): readonly SyntaxNode[] {
  return n.children.some((c) => c.type === BuiltinNode.Comment)
    ? n.children.filter((c) => c.type !== BuiltinNode.Comment)
    : n.children;
}
