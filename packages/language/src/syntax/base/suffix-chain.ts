import type { SyntaxNode } from '../syntax-tree.js';
import { BuiltinNode } from './builtin-nodes.js';

/**
 * The nested CallExpr, IndexExpr and MemberExpr of a flat chain `atom suffix suffix ...`,
 * folded left in a loop: `a.b(c)[d]` is IndexExpr(CallExpr(MemberExpr(a, b), ArgList), d),
 * the children a grammar with left recursion gives. An error node Lezer's recovery left in
 * the chain is kept as a child of the access it follows, so it is still reported.
 */
export function resolveSuffixChain(chain: SyntaxNode, indexSuffix: string, memberSuffix: string): SyntaxNode {
  const items = chain.children;
  const atom = items[0];
  if (!atom) return { type: BuiltinNode.CallExpr, from: chain.from, to: chain.to, children: items };
  // Built with literals, not spreads: a chain is resolved for every call and access parsed.
  let base = atom;
  for (let i = 1; i < items.length; i++) {
    const suffix = items[i] as SyntaxNode;
    const from = base.from;
    const to = suffix.to;
    if (suffix.type === BuiltinNode.ArgList) base = { type: BuiltinNode.CallExpr, from, to, children: [base, suffix] };
    else if (suffix.type === indexSuffix)
      base = { type: BuiltinNode.IndexExpr, from, to, children: withFirst(base, suffix.children) };
    else if (suffix.type === memberSuffix)
      base = { type: BuiltinNode.MemberExpr, from, to, children: withFirst(base, suffix.children) };
    else base = { type: base.type, from: base.from, to: Math.max(base.to, to), children: [...base.children, suffix] };
  }
  return base;
}

function withFirst(first: SyntaxNode, rest: readonly SyntaxNode[]): SyntaxNode[] {
  const out = [first];
  for (const node of rest) out.push(node);
  return out;
}
