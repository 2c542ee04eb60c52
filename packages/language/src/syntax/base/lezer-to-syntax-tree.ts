import type { Tree } from '@lezer/common';
import type { SyntaxNode } from '../syntax-tree.js';

interface Building {
  readonly type: string;
  readonly from: number;
  to: number;
  readonly children: SyntaxNode[];
}

/**
 * Copies the named nodes of a Lezer tree into plain SyntaxNodes (Lezer's error node `⚠`
 * included), clamped to the source length: line layouts parse the text with a line break
 * appended.
 */
export function toSyntaxTree(tree: Tree, length: number): SyntaxNode {
  const stack: Building[] = [{ type: 'Program', from: 0, to: length, children: [] }];
  const cursor = tree.cursor();
  const clamp = (n: number): number => Math.min(n, length);
  for (;;) {
    const { name, from, to } = cursor;
    const isRoot = cursor.type.isTop;
    if (!isRoot) stack.push({ type: name, from: clamp(from), to: clamp(to), children: [] });
    if (cursor.firstChild()) continue;
    for (;;) {
      if (!isRootBuilding(stack)) {
        const done = stack.pop() as Building;
        (stack[stack.length - 1] as Building).children.push(done);
      }
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return stack[0] as SyntaxNode;
    }
  }
}

function isRootBuilding(stack: Building[]): boolean {
  return stack.length === 1;
}
