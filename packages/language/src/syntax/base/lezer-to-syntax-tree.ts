import type { Tree } from '@lezer/common';
import type { SyntaxNode } from '../syntax-tree.js';
import type { OperatorGroup } from './base-grammar.js';
import { resolveOperatorChain } from './operator-chain.js';
import { resolveSuffixChain } from './suffix-chain.js';
import { BuiltinNode, OPERATOR_GROUP_PREFIX } from './builtin-nodes.js';

interface Building {
  readonly type: string;
  readonly from: number;
  readonly to: number;
  children: readonly SyntaxNode[];
}

/** Shared by every leaf: most nodes are leaves, and an array each is most of the garbage. */
const NO_CHILDREN: SyntaxNode[] = [];
Object.freeze(NO_CHILDREN);

/**
 * Copies the named nodes of a Lezer tree into plain SyntaxNodes (Lezer's error node `⚠`
 * included), clamped to the source length: line layouts parse the text with a line break
 * appended. A flat chain of binary operators becomes nested BinaryExprs by the operators'
 * precedences (`groups`, see base-grammar.ts), a chain of suffixes nested calls, indexes
 * and member accesses. `toOriginal` maps the offsets of a repaired text back. Iterative, so a deeply nested expression
 * cannot exhaust the call stack.
 */
export function toSyntaxTree(
  tree: Tree,
  length: number,
  groups: readonly OperatorGroup[],
  toOriginal?: (offset: number) => number,
): SyntaxNode {
  const root: Building = { type: BuiltinNode.Program, from: 0, to: length, children: NO_CHILDREN };
  // The open nodes, and where each one's children start in `pending`: children are gathered
  // there and copied out once, exactly sized, when their parent closes. (Pushing to each
  // node's own array grows it to 17 slots at its second child; the tree lives as long as
  // its analysis, and every collection copies or marks that slack.)
  const open: Building[] = [root];
  const starts: number[] = [0];
  const pending: SyntaxNode[] = [];
  const close = (): void => {
    const node = open.pop() as Building;
    const start = starts.pop() as number;
    if (pending.length > start) {
      node.children = pending.slice(start);
      pending.length = start;
    }
    if (node.type === BuiltinNode.OperatorChain)
      pending[pending.length - 1] = resolveOperatorChain(node, groups, OPERATOR_GROUP_PREFIX);
    else if (node.type === BuiltinNode.SuffixChain)
      pending[pending.length - 1] = resolveSuffixChain(node, BuiltinNode.IndexSuffix, BuiltinNode.MemberSuffix);
  };
  const finish = (): SyntaxNode => {
    while (open.length > 1) close();
    if (pending.length > 0) root.children = pending.slice();
    return root;
  };
  const c = tree.cursor();
  if (!c.firstChild()) return root;
  for (;;) {
    // A repaired text's tree (see error-repair.ts) gets the original text's offsets.
    const from = toOriginal ? toOriginal(c.from) : c.from;
    const to = toOriginal ? toOriginal(c.to) : c.to;
    const node: Building = {
      type: c.type.name,
      from: from < length ? from : length,
      to: to < length ? to : length,
      children: NO_CHILDREN,
    };
    pending.push(node);
    if (c.firstChild()) {
      open.push(node);
      starts.push(pending.length);
      continue;
    }
    while (!c.nextSibling()) {
      if (open.length === 1 || !c.parent()) return finish();
      close();
    }
  }
}
