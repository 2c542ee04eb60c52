import type { Binder } from '../semantics/binder.js';
import type { LanguageSymbol, Span } from '../semantics/symbol.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';

/** A base named after IMPLEMENTS or EXTENDS: the type name and what it resolved to. */
export interface BaseRef {
  readonly name: SyntaxNode;
  readonly symbol: LanguageSymbol | undefined;
}

/**
 * A record or protocol declaration: what conformance is judged on. Its members are the
 * symbols the binder declared in the type's scope (`symbol.body`), with their types and
 * READONLY/OPTIONAL marks, so checks read them without walking the tree again.
 */
export interface TypeShape {
  readonly kind: 'record' | 'protocol';
  readonly symbol: LanguageSymbol;
  readonly nameSpan: Span;
  /** The IMPLEMENTS or EXTENDS clause, when there is one. */
  readonly clause: SyntaxNode | undefined;
  readonly bases: readonly BaseRef[];
}

/** Reads every named record and protocol type of a Pascal-layout tree. */
export function readTypeShapes(b: Binder, tree: SyntaxNode): Map<LanguageSymbol, TypeShape> {
  const shapes = new Map<LanguageSymbol, TypeShape>();
  const visit = (n: SyntaxNode): void => {
    if (n.type === 'TypeDecl') {
      const [name, body] = n.children;
      const symbol = name && b.occurrenceStarting(name.from)?.symbol;
      if (name && symbol && body && (body.type === 'RecordType' || body.type === 'ProtocolType')) shapes.set(symbol, readShape(b, symbol, name, body));
      return;
    }
    // Types are declared in TYPE sections, at the top and inside routines; statements declare none.
    if (n.type === 'Block') return;
    for (const c of n.children) visit(c);
  };
  visit(tree);
  return shapes;
}

function readShape(b: Binder, symbol: LanguageSymbol, name: SyntaxNode, body: SyntaxNode): TypeShape {
  const bases: BaseRef[] = [];
  const clause = body.children.find((c) => c.type === 'ImplementsClause' || c.type === 'ExtendsClause');
  if (clause) {
    for (const t of clause.children) {
      const id = t.children[0];
      if (t.type === 'TypeName' && id) bases.push({ name: t, symbol: b.occurrenceStarting(id.from)?.symbol });
    }
  }
  return { kind: body.type === 'RecordType' ? 'record' : 'protocol', symbol, nameSpan: name, clause, bases };
}
