import type { SyntaxNode } from '../syntax-tree.js';
import type { OperatorGroup } from './base-grammar.js';
import { BuiltinNode } from './builtin-nodes.js';

interface PendingOperator {
  readonly group: OperatorGroup;
  readonly node: SyntaxNode;
  /** A non-associative operator chained to another of its group (`a < b < c`): a syntax error. */
  readonly misplaced: boolean;
}

/**
 * The BinaryExpr tree of a flat chain `operand op operand op ...`, by the operators'
 * precedences and associativities (operator-precedence parsing with two explicit stacks, so
 * linear in the chain and never recursive). `groupPrefix<i>` nodes are the operators of
 * `groups[i]`. A BinaryExpr has its two operands as children, as a grammar with precedences
 * gives it; a misplaced non-associative operator becomes an error node `⚠` between them.
 * A chain that Lezer's error recovery left irregular becomes one BinaryExpr of every
 * operand and error node in it, so nothing in it goes unvisited.
 */
export function resolveOperatorChain(
  chain: SyntaxNode,
  groups: readonly OperatorGroup[],
  groupPrefix: string,
): SyntaxNode {
  const table = groupTable(groups, groupPrefix);
  const items = chain.children;
  // Most chains are one operator between two operands: no stacks or closures needed.
  if (items.length === 3) {
    const [left, op, right] = items as [SyntaxNode, SyntaxNode, SyntaxNode];
    if (
      table.has(op.type) &&
      !table.has(left.type) &&
      !table.has(right.type) &&
      left.type !== BuiltinNode.Error &&
      right.type !== BuiltinNode.Error
    )
      return { type: BuiltinNode.BinaryExpr, from: left.from, to: right.to, children: [left, right] };
  }
  const groupOf = (node: SyntaxNode): OperatorGroup | undefined => table.get(node.type);
  const operands: SyntaxNode[] = [];
  const operators: PendingOperator[] = [];
  const reduce = (): void => {
    const op = operators.pop() as PendingOperator;
    const right = operands.pop() as SyntaxNode;
    const left = operands.pop() as SyntaxNode;
    const children = op.misplaced
      ? [left, { type: BuiltinNode.Error, from: op.node.from, to: op.node.to, children: [] }, right]
      : [left, right];
    operands.push({ type: BuiltinNode.BinaryExpr, from: left.from, to: right.to, children });
  };
  let expectOperand = true;
  for (const item of items) {
    const group = groupOf(item);
    if (expectOperand === (group !== undefined) || item.type === BuiltinNode.Error) return irregular(chain, groupOf);
    expectOperand = !expectOperand;
    if (!group) {
      operands.push(item);
      continue;
    }
    let misplaced = false;
    for (let top = operators.at(-1); top; top = operators.at(-1)) {
      const tighter =
        top.group.precedence > group.precedence ||
        (top.group.precedence === group.precedence && group.associativity !== 'right');
      if (!tighter) break;
      if (top.group === group && group.associativity === 'none') misplaced = true;
      reduce();
    }
    operators.push({ group, node: item, misplaced });
  }
  if (expectOperand) return irregular(chain, groupOf);
  while (operators.length > 0) reduce();
  return operands[0] ?? irregular(chain, groupOf);
}

// Each parser's groups by their node type, made once: a chain is resolved per expression parsed.
const groupTables = new WeakMap<readonly OperatorGroup[], { prefix: string; table: Map<string, OperatorGroup> }>();

function groupTable(groups: readonly OperatorGroup[], prefix: string): ReadonlyMap<string, OperatorGroup> {
  const known = groupTables.get(groups);
  if (known?.prefix === prefix) return known.table;
  const table = new Map(groups.map((group, i) => [`${prefix}${i}`, group]));
  groupTables.set(groups, { prefix, table });
  return table;
}

function irregular(chain: SyntaxNode, groupOf: (node: SyntaxNode) => OperatorGroup | undefined): SyntaxNode {
  return {
    type: BuiltinNode.BinaryExpr,
    from: chain.from,
    to: chain.to,
    children: chain.children.filter((c) => groupOf(c) === undefined),
  };
}
