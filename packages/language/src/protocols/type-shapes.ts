import type { Binder } from '../semantics/binder.js';
import type { LanguageSymbol, Span } from '../semantics/symbol.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';

/** A parameter of a method heading: its type node (resolved when compared) and whether it is VAR. */
export interface ParamShape {
  readonly name: string;
  readonly type: SyntaxNode | undefined;
  readonly byReference: boolean;
}

/** One member of a record or protocol, as declared, with its modifiers. */
export interface MemberShape {
  readonly name: string;
  readonly kind: 'method' | 'property';
  readonly nameSpan: Span;
  /** The declaring type. */
  readonly owner: TypeShape;
  readonly readonly: boolean;
  readonly optional: boolean;
  /** Methods: parameters in order. */
  readonly params: readonly ParamShape[];
  /** A property's type, a function's result type; undefined for a procedure. */
  readonly type: SyntaxNode | undefined;
}

/** A base named after IMPLEMENTS or EXTENDS: the type name and what it resolved to. */
export interface BaseRef {
  readonly name: SyntaxNode;
  readonly symbol: LanguageSymbol | undefined;
}

/** A record or protocol declaration, read off the tree: what conformance is judged on. */
export interface TypeShape {
  readonly kind: 'record' | 'protocol';
  readonly symbol: LanguageSymbol;
  readonly nameSpan: Span;
  /** The IMPLEMENTS or EXTENDS clause, when there is one. */
  readonly clause: SyntaxNode | undefined;
  readonly bases: readonly BaseRef[];
  /** Own members by folded name, first declaration wins (duplicates are the binder's to report). */
  readonly members: ReadonlyMap<string, MemberShape>;
}

/**
 * Reads every named record and protocol type of a Pascal-layout tree. Types are kept as
 * syntax and resolved through the binder's occurrences when compared, so members may name
 * types declared after them, and a protocol may name itself.
 */
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
  const members = new Map<string, MemberShape>();
  const bases: BaseRef[] = [];
  const clause = body.children.find((c) => c.type === 'ImplementsClause' || c.type === 'ExtendsClause');
  const shape: TypeShape = { kind: body.type === 'RecordType' ? 'record' : 'protocol', symbol, nameSpan: name, clause, bases, members };
  let readonly = false;
  let optional = false;
  const add = (m: Omit<MemberShape, 'owner' | 'readonly' | 'optional'>): void => {
    const key = b.fold(m.name);
    if (!members.has(key)) members.set(key, { ...m, owner: shape, readonly, optional });
  };
  for (const c of body.children) {
    switch (c.type) {
      case 'Readonly': readonly = true; continue;
      case 'Optional': optional = true; continue;
      case 'ImplementsClause': case 'ExtendsClause':
        for (const t of c.children) {
          const id = t.children[0];
          if (t.type === 'TypeName' && id) bases.push({ name: t, symbol: b.occurrenceStarting(id.from)?.symbol });
        }
        continue;
      case 'VarDecl': {
        const type = c.children.find((x) => x.type !== 'Identifier');
        for (const id of c.children) if (id.type === 'Identifier') add({ name: b.nameOf(id), kind: 'property', nameSpan: id, params: [], type });
        break;
      }
      case 'MethodDecl': {
        const [id, ...rest] = c.children;
        if (id?.type !== 'Identifier') break;
        const list = rest.find((x) => x.type === 'ParamList');
        add({ name: b.nameOf(id), kind: 'method', nameSpan: id, params: list ? readParams(b, list) : [], type: rest.find((x) => x.type !== 'ParamList') });
        break;
      }
      default: continue;
    }
    // Modifiers apply to the member they precede.
    readonly = false;
    optional = false;
  }
  return shape;
}

function readParams(b: Binder, list: SyntaxNode): ParamShape[] {
  const params: ParamShape[] = [];
  for (const p of list.children) {
    if (p.type !== 'Param') continue;
    const names = p.children.filter((c) => c.type === 'Identifier');
    const type = p.children.find((c) => c.type !== 'Identifier');
    const byReference = names[0] !== undefined && b.text.slice(p.from, names[0].from).trim() !== '';
    for (const n of names) params.push({ name: b.nameOf(n), type, byReference });
  }
  return params;
}
