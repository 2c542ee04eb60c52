import type { SyntaxNode } from '../syntax/syntax-tree.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/**
 * The equality operator of a statement that only compares a variable with a value
 * (`count = 0;` in Pascal, `x == 1` in Python), when the author most likely meant to assign:
 * its offset and spelling. The binder then binds it as the assignment it was meant to be, so
 * the one finding about it is the checker's `comparison-as-statement`, not names it would
 * have declared.
 */
export function comparisonMeantAsAssignment(
  expression: SyntaxNode,
  text: string,
  assignmentOperator: string,
): { readonly from: number; readonly operator: string } | undefined {
  const [left, right] = expression.children;
  if (expression.type !== BuiltinNode.BinaryExpr || !left || !right || expression.children.length !== 2)
    return undefined;
  if (
    left.type !== BuiltinNode.Identifier &&
    left.type !== BuiltinNode.IndexExpr &&
    left.type !== BuiltinNode.MemberExpr
  )
    return undefined;
  const between = text.slice(left.to, right.from);
  const operator = between.trim();
  if ((operator !== '=' && operator !== '==') || operator === assignmentOperator) return undefined;
  return { from: left.to + between.indexOf(operator), operator };
}
