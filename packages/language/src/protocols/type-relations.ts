import { squash } from '../semantics/bind-builtin-tree.js';
import type { Binder } from '../semantics/binder.js';
import { UNKNOWN, type LangType, type RecordLike } from '../semantics/language-types.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { MemberShape } from './type-shapes.js';

/** The type a type expression names, looked up through the binder once binding is complete. */
export function resolveType(b: Binder, node: SyntaxNode): LangType {
  switch (node.type) {
    case 'TypeName': {
      const id = node.children[0];
      const symbol = id && b.occurrenceStarting(id.from)?.symbol;
      return symbol && (symbol.kind === 'type' || symbol.kind === 'builtin-type') ? symbol.type : UNKNOWN;
    }
    case 'ArrayType': {
      const element = node.children.findLast((c) => c.type !== 'IndexRange');
      return { kind: 'array', element: element ? resolveType(b, element) : UNKNOWN, display: squash(b.nameOf(node)) };
    }
    default: return UNKNOWN;
  }
}

/**
 * The same type: primitives by kind (INTEGER and LongInt are one), arrays by element, records
 * and protocols by declaration. An unknown type matches anything: the checker never guesses.
 */
export function sameType(a: LangType, b: LangType): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'primitive' && b.kind === 'primitive') return a.name === b.name;
  if (a.kind === 'array' && b.kind === 'array') return sameType(a.element, b.element);
  return a === b;
}

/**
 * Declared subtyping: a type is a subtype of itself, and a record or protocol of every
 * protocol it IMPLEMENTS or EXTENDS, transitively. Structure alone does not make a subtype
 * here; it is checked where a value flows into a protocol-typed name.
 */
export function isSubtype(a: LangType, b: LangType): boolean {
  if (sameType(a, b)) return true;
  return b.kind === 'protocol' && (a.kind === 'record' || a.kind === 'protocol') && declares(a, b, new Set());
}

function declares(a: RecordLike<'record' | 'protocol'>, p: LangType, seen: Set<LangType>): boolean {
  seen.add(a);
  for (const base of a.bases) {
    const t = base.symbol?.type;
    if (t === p) return true;
    if (t?.kind === 'protocol' && !seen.has(t) && declares(t, p, seen)) return true;
  }
  return false;
}

/** A type as written, for messages; `nothing` for a procedure's missing result. */
export function typeText(b: Binder, node: SyntaxNode | undefined): string {
  return node ? squash(b.nameOf(node)) : 'nothing';
}

/** `area(): REAL`, `scale(VAR REAL)`, `name: STRING`: a member as messages show it. */
export function memberText(b: Binder, m: MemberShape): string {
  if (m.kind === 'property') return `${m.name}: ${typeText(b, m.type)}`;
  const params = m.params.map((p) => `${p.byReference ? 'VAR ' : ''}${typeText(b, p.type)}`).join(', ');
  return `${m.name}(${params})${m.type ? `: ${typeText(b, m.type)}` : ''}`;
}
