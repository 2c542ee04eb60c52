import type { Tree } from '@lezer/common';
import type { SyntaxNode } from '../syntax-tree.js';
import {
  INDEX_SUFFIX,
  MEMBER_SUFFIX,
  OPERATOR_CHAIN,
  OPERATOR_GROUP,
  SUFFIX_CHAIN,
  type OperatorGroup,
} from './base-grammar.js';
import { resolveOperatorChain } from './operator-chain.js';
import { resolveSuffixChain } from './suffix-chain.js';

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
 * appended. A flat chain of binary operators becomes nested BinaryExprs by the operators'
 * precedences (`groups`, see base-grammar.ts), a chain of suffixes nested calls, indexes
 * and member accesses. Iterative, so a deeply nested expression
 * cannot exhaust the call stack.
 */
export function toSyntaxTree(tree: Tree, length: number, groups: readonly OperatorGroup[]): SyntaxNode {
  const root: Building = { type: 'Program', from: 0, to: length, children: NO_CHILDREN };
  const stack: Building[] = [root];
  const cursor = tree.cursor();
  const attach = (node: Building): void => {
    const parent = stack[stack.length - 1] as Building;
    if (parent.children === NO_CHILDREN) parent.children = [node];
    else parent.children.push(node);
  };
  // A node's children are complete: a chain is replaced, in its parent, by the tree it stands for.
  const close = (): void => {
    const node = stack.pop() as Building;
    if (node.type !== OPERATOR_CHAIN && node.type !== SUFFIX_CHAIN) return;
    const parent = stack[stack.length - 1] as Building;
    parent.children[parent.children.length - 1] =
      node.type === OPERATOR_CHAIN
        ? resolveOperatorChain(node, groups, OPERATOR_GROUP)
        : resolveSuffixChain(node, INDEX_SUFFIX, MEMBER_SUFFIX);
  };
  const finish = (): SyntaxNode => {
    while (stack.length > 1) close();
    return root;
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
      if (stack.length === 1 || !cursor.parent()) return finish();
      close();
    }
  }
}
