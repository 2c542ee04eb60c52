import { memberOf, type LangType, type RecordLike } from '../semantics/language-types.js';
import type { LanguageSymbol } from '../semantics/symbol.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/** A READONLY member that a store into a place would write. */
export interface ReadonlyWrite {
  /** The member's name where the place spells it. */
  readonly at: SyntaxNode;
  readonly member: LanguageSymbol;
  /** The record or protocol type the member is reached through. */
  readonly through: RecordLike<'record' | 'protocol'>;
}

/**
 * The READONLY member that storing into `place` would write, if any: `s.name` where the
 * type of `s` declares or inherits `name` READONLY, and `c.pos.x` or `c.items[1]` where
 * `pos` or `items` is READONLY in the record type of `c`, since a record holds its fields by
 * value and writing a part of a field writes the field. A protocol-typed value is not
 * written by a store into one of its members, so the walk stops there. Walks down one child
 * per step, so it ends at the place's root.
 */
export function readonlyWrite(
  place: SyntaxNode,
  typeOf: (n: SyntaxNode) => LangType,
  keyOf: (n: SyntaxNode) => string,
): ReadonlyWrite | undefined {
  for (let n: SyntaxNode | undefined = place; n;) {
    if (n.type === BuiltinNode.IndexExpr) {
      n = n.children[0];
      continue;
    }
    if (n.type !== BuiltinNode.MemberExpr) return undefined;
    const [base, name] = n.children;
    if (!base || !name) return undefined;
    const t = typeOf(base);
    if (t.kind !== 'record' && t.kind !== 'protocol') return undefined;
    const found = memberOf(t, keyOf(name));
    if (found && isMember(found) && found.readonly) return { at: name, member: found, through: t };
    if (t.kind === 'protocol') return undefined;
    n = base;
  }
  return undefined;
}

function isMember(t: object): t is LanguageSymbol {
  return 'kind' in t && 'name' in t;
}
