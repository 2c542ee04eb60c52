import type { SyntaxNode } from '../syntax-tree.js';

/**
 * The nested CallExpr, IndexExpr and MemberExpr of a flat chain `atom suffix suffix ...`,
 * folded left in a loop: `a.b(c)[d]` is IndexExpr(CallExpr(MemberExpr(a, b), ArgList), d),
 * the children a grammar with left recursion gives. An error node Lezer's recovery left in
 * the chain is kept as a child of the access it follows, so it is still reported.
 */
export function resolveSuffixChain(chain: SyntaxNode, indexSuffix: string, memberSuffix: string): SyntaxNode {
  const [atom, ...suffixes] = chain.children;
  if (!atom) return { ...chain, type: 'CallExpr' };
  let base = atom;
  for (const suffix of suffixes) {
    const span = { from: base.from, to: suffix.to };
    if (suffix.type === 'ArgList') base = { type: 'CallExpr', ...span, children: [base, suffix] };
    else if (suffix.type === indexSuffix) base = { type: 'IndexExpr', ...span, children: [base, ...suffix.children] };
    else if (suffix.type === memberSuffix) base = { type: 'MemberExpr', ...span, children: [base, ...suffix.children] };
    else base = { ...base, to: Math.max(base.to, suffix.to), children: [...base.children, suffix] };
  }
  return base;
}
