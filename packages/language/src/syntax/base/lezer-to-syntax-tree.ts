import type { Tree } from '@lezer/common';
import type { SyntaxNode } from '../syntax-tree.js';

interface Building {
  readonly type: string;
  readonly from: number;
  readonly to: number;
  children: SyntaxNode[];
}

/** Shared by every leaf: most nodes are leaves, and an array each is most of the garbage. */
const NO_CHILDREN: SyntaxNode[] = [];
Object.freeze(NO_CHILDREN);

/**
 * Copies the named nodes of a Lezer tree into plain SyntaxNodes (Lezer's error node `⚠`
 * included), clamped to the source length: line layouts parse the text with a line break
 * appended. Iterative, so a deeply nested expression cannot exhaust the call stack.
 */
export function toSyntaxTree(tree: Tree, length: number): SyntaxNode {
  const root: Building = { type: 'Program', from: 0, to: length, children: NO_CHILDREN };
  const stack: Building[] = [root];
  const cursor = tree.cursor();
  const attach = (node: Building): void => {
    const parent = stack[stack.length - 1] as Building;
    if (parent.children === NO_CHILDREN) parent.children = [node];
    else parent.children.push(node);
  };
  if (!cursor.firstChild()) return root;
  for (;;) {
    const from = cursor.from;
    const to = cursor.to;
    const node: Building = {
      type: cursor.type.name,
      from: from < length ? from : length,
      to: to < length ? to : length,
      children: NO_CHILDREN,
    };
    attach(node);
    if (cursor.firstChild()) {
      stack.push(node);
      continue;
    }
    while (!cursor.nextSibling()) {
      if (stack.length === 1 || !cursor.parent()) return root;
      stack.pop();
    }
  }
}
