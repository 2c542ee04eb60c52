import { nested, runNested, type Nested } from '../syntax/nested-calls.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from './binder.js';
import { implicitBasicType, implicitType, literalType } from './literal-types.js';
import { UNKNOWN, type LangType } from './language-types.js';
import { newScope, type LanguageSymbol, type Occurrence, type Scope, type Span } from './symbol.js';

/** Node types that are expressions in the built-in grammars (see base-grammar.ts). */
export const EXPRESSION_NODES: ReadonlySet<string> = new Set([
  'Identifier',
  'Number',
  'String',
  'Boolean',
  'Nil',
  'ParenExpr',
  'CallExpr',
  'IndexExpr',
  'MemberExpr',
  'BinaryExpr',
  'UnaryExpr',
]);
const TYPE_NODES: ReadonlySet<string> = new Set(['TypeName', 'ArrayType', 'RecordType', 'ProtocolType']);

/**
 * Declares and records every name in a tree of a built-in grammar. The layouts differ in how
 * names come to exist: Pascal declares everything in CONST/TYPE/VAR sections and parameter
 * lists; Python and C-like layouts declare a variable by assigning it; BASIC has one scope
 * where assigning, DIM, FOR and INPUT create variables and line numbers are labels.
 */
export function bindBuiltinTree(binder: Binder, tree: SyntaxNode): void {
  new BuiltinTreeBinder(binder, tree).bind();
}

interface Modifiers {
  readonly readonly?: boolean;
  readonly optional?: boolean;
}

class BuiltinTreeBinder {
  private readonly style;
  private readonly inputCommands: ReadonlySet<string>;

  constructor(
    private readonly b: Binder,
    private readonly tree: SyntaxNode,
  ) {
    this.style = b.spec.syntax.blockStyle;
    if (this.style === 'keywords') b.predeclareTypes();
    // INPUT X and READ X assign X.
    this.inputCommands = new Set(
      [...b.spec.functions.values()].filter((f) => f.key === 'input' || f.key === 'read').map((f) => b.fold(f.name)),
    );
  }

  bind(): void {
    runNested(this.children(this.tree, this.b.program));
    if (this.style === 'lines') this.b.declareOnFirstUse(implicitBasicType);
  }

  private *children(node: SyntaxNode, scope: Scope): Nested<void> {
    yield* nested(this.childrenFrom(node, 0, scope));
  }

  private *childrenFrom(node: SyntaxNode, start: number, scope: Scope): Nested<void> {
    const { children } = node;
    for (let i = start; i < children.length; i++) yield* nested(this.node(children[i] as SyntaxNode, scope));
  }

  private *node(n: SyntaxNode, scope: Scope): Nested<void> {
    switch (n.type) {
      case 'ProgramHeader':
        return this.programHeader(n);
      case 'ConstDecl':
        return yield* nested(this.constDecl(n, scope));
      case 'VarDecl':
        return yield* nested(this.varDecl(n, scope, 'variable'));
      case 'TypeDecl':
        return yield* nested(this.typeDecl(n, scope));
      case 'FunctionDecl':
        return yield* nested(this.routine(n, scope, 'function'));
      case 'ProcedureDecl':
        return yield* nested(this.routine(n, scope, 'procedure'));
      case 'DimItem':
        return yield* nested(this.dimItem(n, scope));
      case 'Assignment':
        return yield* nested(this.assignment(n, scope));
      case 'ForStatement':
        return yield* nested(this.forStatement(n, scope));
      case 'CommandStatement':
        return yield* nested(this.command(n, scope));
      case 'JumpStatement':
        return this.jump(n, scope);
      case 'LineLabel':
        return void this.b.declare(this.b.program, {
          kind: 'label',
          nameSpan: n,
          namespace: 'labels',
          detail: `line ${this.b.nameOf(n)}`,
        });
      case 'Comment':
      case 'String':
      case 'Number':
      case 'Boolean':
      case 'Nil':
        return;
      default:
        if (EXPRESSION_NODES.has(n.type)) return yield* nested(this.expr(n, scope));
        return yield* nested(this.children(n, scope));
    }
  }

  private *expr(n: SyntaxNode, scope: Scope): Nested<void> {
    switch (n.type) {
      case 'Identifier':
        return void this.b.use(scope, n, 'read');
      case 'CallExpr': {
        const callee = n.children[0];
        if (callee?.type === 'Identifier') this.b.use(scope, callee, 'call');
        else if (callee) yield* nested(this.node(callee, scope));
        yield* nested(this.childrenFrom(n, 1, scope));
        return;
      }
      case 'MemberExpr': {
        const [base, member] = n.children;
        if (base) yield* nested(this.node(base, scope));
        if (member?.type === 'Identifier') this.b.use(scope, member, 'read', { namespace: 'members' });
        return;
      }
      default:
        return yield* nested(this.children(n, scope));
    }
  }

  private programHeader(n: SyntaxNode): void {
    const [name] = n.children;
    if (name?.type !== 'Identifier') return;
    // The program's outline entry spans the file, so its declarations nest inside it.
    this.b.declare(this.b.program, {
      kind: 'program',
      nameSpan: name,
      span: { from: this.tree.from, to: this.tree.to },
      detail: squash(this.b.nameOf(n)),
    });
  }

  private *constDecl(n: SyntaxNode, scope: Scope): Nested<void> {
    const [name, ...rest] = n.children;
    if (name?.type !== 'Identifier') return yield* nested(this.children(n, scope));
    const typeNode = rest.find((c) => TYPE_NODES.has(c.type));
    const declared = typeNode ? yield* nested(this.typeFrom(typeNode, scope)) : undefined;
    const value = rest.find((c) => EXPRESSION_NODES.has(c.type));
    this.b.declare(scope, {
      kind: 'constant',
      nameSpan: name,
      span: n,
      type: declared ?? (value ? literalType(value, this.b.text, this.style === 'keywords') : UNKNOWN),
      detail: squash(this.b.nameOf(n)),
    });
    if (value) yield* nested(this.node(value, scope));
  }

  private *varDecl(n: SyntaxNode, scope: Scope, kind: 'variable' | 'field', modifiers: Modifiers = {}): Nested<void> {
    if (this.style === 'braces') return yield* nested(this.braceVarDecl(n, scope));
    const names = n.children.filter((c) => c.type === 'Identifier');
    const typeNode = n.children.find((c) => TYPE_NODES.has(c.type));
    // Names first, in document order; the type is read after them.
    const symbols = names.map((name) => this.b.declare(scope, { kind, nameSpan: name, span: n, ...modifiers }));
    const type = typeNode ? yield* nested(this.typeFrom(typeNode, scope)) : UNKNOWN;
    const typeText = typeNode ? squash(this.b.nameOf(typeNode)) : '';
    for (const s of symbols) {
      s.type = type;
      s.detail = `${s.name}: ${typeText}`;
    }
  }

  /** `var x = e`, `let x`, `const x = e`: the keyword says which. */
  private *braceVarDecl(n: SyntaxNode, scope: Scope): Nested<void> {
    const [name, value] = n.children;
    if (name?.type !== 'Identifier') return yield* nested(this.children(n, scope));
    const constant = this.startsWith(n, 'const');
    this.b.declare(scope, {
      kind: constant ? 'constant' : 'variable',
      nameSpan: name,
      span: n,
      detail: squash(this.b.nameOf(n)),
      type: constant && value ? literalType(value, this.b.text, false) : UNKNOWN,
    });
    if (value) yield* nested(this.node(value, scope));
  }

  private *typeDecl(n: SyntaxNode, scope: Scope): Nested<void> {
    const [name, typeNode] = n.children;
    if (name?.type !== 'Identifier') return yield* nested(this.children(n, scope));
    const symbol = this.b.declare(scope, { kind: 'type', nameSpan: name, span: n, detail: squash(this.b.nameOf(n)) });
    const type =
      typeNode && TYPE_NODES.has(typeNode.type) ? yield* nested(this.typeFrom(typeNode, scope, symbol)) : UNKNOWN;
    // A record or protocol declared here names itself (typeFrom set it first, for members
    // that refer back); one named here is an alias and keeps its identity.
    if (type.kind === 'record' || type.kind === 'protocol') {
      if (type.symbol !== symbol) symbol.type = type;
    } else symbol.type = type.kind === 'unknown' ? type : { ...type, display: symbol.name };
  }

  /** Reads a type expression, recording the type names it mentions. */
  private *typeFrom(n: SyntaxNode, scope: Scope, owner?: LanguageSymbol): Nested<LangType> {
    switch (n.type) {
      case 'TypeName': {
        const [name] = n.children;
        if (!name) return UNKNOWN;
        const occurrence = this.b.use(scope, name, 'read');
        const found = this.b.lookup(scope, occurrence.key);
        return found && (found.kind === 'type' || found.kind === 'builtin-type') ? found.type : UNKNOWN;
      }
      case 'ArrayType': {
        let element: LangType = UNKNOWN;
        for (const c of n.children) {
          if (c.type === 'IndexRange') yield* nested(this.children(c, scope));
          else if (TYPE_NODES.has(c.type)) element = yield* nested(this.typeFrom(c, scope));
        }
        return { kind: 'array', element, display: squash(this.b.nameOf(n)) };
      }
      case 'RecordType':
      case 'ProtocolType': {
        const fields = newScope('record', scope, owner);
        const bases: Occurrence[] = [];
        const kind = n.type === 'RecordType' ? 'record' : 'protocol';
        const type: LangType = {
          kind,
          fields: fields.symbols,
          display: owner?.name ?? (kind === 'record' ? 'RECORD' : 'PROTOCOL'),
          bases,
          ...(owner && { symbol: owner }),
        };
        if (owner) {
          owner.body = fields;
          owner.type = type;
        }
        // READONLY and OPTIONAL apply to the member they precede.
        let modifiers: Modifiers = {};
        for (const c of n.children) {
          if (c.type === 'Readonly') modifiers = { ...modifiers, readonly: true };
          else if (c.type === 'Optional') modifiers = { ...modifiers, optional: true };
          else if (c.type === 'VarDecl') yield* nested(this.varDecl(c, fields, 'field', modifiers));
          else if (c.type === 'MethodDecl') yield* nested(this.method(c, fields, modifiers));
          else if (c.type === 'ImplementsClause' || c.type === 'ExtendsClause') {
            for (const t of c.children)
              if (t.type === 'TypeName' && t.children[0]) bases.push(this.b.use(scope, t.children[0], 'read'));
          }
          if (c.type === 'VarDecl' || c.type === 'MethodDecl') modifiers = {};
        }
        return type;
      }
      default:
        return UNKNOWN;
    }
  }

  /** A method heading in a record or protocol: a routine without a body, its parameters in a scope of their own. */
  private *method(n: SyntaxNode, members: Scope, modifiers: Modifiers): Nested<void> {
    const [name, ...rest] = n.children;
    if (name?.type !== 'Identifier') return;
    const params: LanguageSymbol[] = [];
    const typeNode = rest.find((c) => TYPE_NODES.has(c.type));
    const symbol = this.b.declare(members, {
      kind: typeNode ? 'function' : 'procedure',
      nameSpan: name,
      span: n,
      params,
      detail: squash(this.b.nameOf(n)),
      ...modifiers,
    });
    const signature = newScope('routine', members.parent, symbol);
    symbol.body = signature;
    for (const c of rest) {
      if (c.type === 'ParamList')
        for (const p of c.children) if (p.type === 'Param') params.push(...(yield* nested(this.param(p, signature))));
    }
    if (typeNode) symbol.type = yield* nested(this.typeFrom(typeNode, members.parent ?? members));
  }

  private *routine(n: SyntaxNode, scope: Scope, kind: 'function' | 'procedure'): Nested<void> {
    const [name, ...rest] = n.children;
    if (name?.type !== 'Identifier') return yield* nested(this.children(n, scope));
    const params: LanguageSymbol[] = [];
    const symbol = this.b.declare(scope, { kind, nameSpan: name, span: n, params });
    const body = newScope('routine', scope, symbol);
    symbol.body = body;
    let signatureEnd = name.to;
    // Parameters and the result type come before the body; what follows is the body.
    let inHeader = true;
    for (const c of rest) {
      if (inHeader && c.type === 'ParamList') {
        for (const p of c.children) if (p.type === 'Param') params.push(...(yield* nested(this.param(p, body))));
        signatureEnd = c.to;
      } else if (inHeader && TYPE_NODES.has(c.type)) {
        symbol.type = yield* nested(this.typeFrom(c, scope));
        signatureEnd = c.to;
      } else {
        inHeader = false;
        yield* nested(this.node(c, body));
      }
    }
    symbol.detail = squash(this.b.text.slice(n.from, signatureEnd));
  }

  private *param(p: SyntaxNode, body: Scope): Nested<LanguageSymbol[]> {
    const names = p.children.filter((c) => c.type === 'Identifier');
    const typeNode = p.children.find((c) => TYPE_NODES.has(c.type));
    const byReference = names[0] !== undefined && this.b.text.slice(p.from, names[0].from).trim() !== '';
    const symbols = names.map((name) =>
      this.b.declare(body, { kind: 'parameter', nameSpan: name, span: p, byReference }),
    );
    const type = typeNode ? yield* nested(this.typeFrom(typeNode, body)) : UNKNOWN;
    const typeText = typeNode ? `: ${squash(this.b.nameOf(typeNode))}` : '';
    for (const s of symbols) {
      s.type = type;
      s.detail = `${byReference ? 'VAR ' : ''}${s.name}${typeText}`;
    }
    return symbols;
  }

  private *dimItem(n: SyntaxNode, scope: Scope): Nested<void> {
    const [name, dims] = n.children;
    if (name?.type !== 'Identifier') return yield* nested(this.children(n, scope));
    const element = implicitBasicType(this.b.nameOf(name));
    const type: LangType = dims
      ? { kind: 'array', element, display: `array of ${element.kind === 'unknown' ? 'values' : element.display}` }
      : element;
    this.b.declare(this.b.program, {
      kind: 'variable',
      nameSpan: name,
      span: n,
      type,
      detail: `DIM ${squash(this.b.nameOf(n))}`,
    });
    if (dims) yield* nested(this.node(dims, scope));
  }

  private *assignment(n: SyntaxNode, scope: Scope): Nested<void> {
    const target = n.children[0];
    if (target) yield* nested(this.target(target, scope));
    yield* nested(this.childrenFrom(n, 1, scope));
  }

  /** The place an assignment stores into: a whole variable, or part of one (`a[i]`, `p.x`, BASIC's `A(I)`). */
  private *target(t: SyntaxNode, scope: Scope): Nested<void> {
    if (t.type === 'Identifier') return this.write(scope, t, false);
    const base = t.children[0];
    const partial =
      t.type === 'IndexExpr' || t.type === 'MemberExpr' || (t.type === 'CallExpr' && this.style === 'lines');
    if (!partial || !base) return yield* nested(this.node(t, scope));
    if (base.type === 'Identifier') this.write(scope, base, true);
    else yield* nested(this.target(base, scope));
    for (let i = 1; i < t.children.length; i++) {
      const r = t.children[i] as SyntaxNode;
      if (t.type === 'MemberExpr' && r.type === 'Identifier') this.b.use(scope, r, 'write', { namespace: 'members' });
      else yield* nested(this.node(r, scope));
    }
  }

  /**
   * A store into a whole variable, or into part of one (`readsToo`). Where assigning declares
   * (every layout but Pascal's), the first store to an unknown name declares it: in the
   * current routine for Python, in the innermost scope that has it for C-like layouts, and in
   * the one program scope for BASIC.
   */
  private write(scope: Scope, id: SyntaxNode, readsToo: boolean): void {
    if (this.style !== 'keywords') {
      const key = this.b.fold(this.b.nameOf(id));
      const home = this.style === 'lines' ? this.b.program : scope;
      const known = this.style === 'indentation' ? home.symbols.get(key) : this.b.lookup(home, key);
      if (!known) {
        this.b.declare(home, {
          kind: 'variable',
          nameSpan: id,
          explicit: false,
          type: implicitType(this.b.nameOf(id), this.style === 'lines' ? 'lines' : 'other'),
          detail: squash(this.lineOf(id)),
        });
        return;
      }
    }
    this.b.use(scope, id, 'write', { readsToo });
  }

  private *forStatement(n: SyntaxNode, scope: Scope): Nested<void> {
    const control = n.children[0];
    if (control?.type !== 'Identifier') return yield* nested(this.children(n, scope));
    // The loop reads its control variable to test and step it.
    this.write(scope, control, true);
    yield* nested(this.childrenFrom(n, 1, scope));
  }

  private *command(n: SyntaxNode, scope: Scope): Nested<void> {
    const name = n.children[0];
    if (name?.type !== 'CommandName') return yield* nested(this.children(n, scope));
    this.b.use(scope, name, 'call');
    const assigns = this.inputCommands.has(this.b.fold(this.b.nameOf(name)));
    for (let i = 1; i < n.children.length; i++) {
      const a = n.children[i] as SyntaxNode;
      if (assigns && a.type === 'Identifier') this.write(scope, a, false);
      else yield* nested(this.node(a, scope));
    }
  }

  private jump(n: SyntaxNode, scope: Scope): void {
    for (const target of n.children) {
      if (target.type === 'Identifier' || target.type === 'Number')
        this.b.use(scope, target, 'read', { namespace: 'labels' });
    }
  }

  private startsWith(n: SyntaxNode, concept: string): boolean {
    const spelling = this.b.spec.keywords.get(concept)?.custom;
    if (!spelling) return false;
    return this.b.fold(this.b.text.slice(n.from, n.from + spelling.length)) === this.b.fold(spelling);
  }

  private lineOf(span: Span): string {
    const start = this.b.text.lastIndexOf('\n', span.from - 1) + 1;
    const end = this.b.text.indexOf('\n', span.to);
    return this.b.text.slice(start, end === -1 ? undefined : end);
  }
}

/** Declarations as one line for hovers: runs of whitespace, line breaks included, become one space. */
export function squash(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
