import { argumentUse } from './argument-use.js';
import { comparisonMeantAsAssignment } from './comparison-statement.js';
import { FINISHED, runNested, type Nested } from '../syntax/nested-calls.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from './binder.js';
import { declareImplicitResult, typeImplicitResult } from './implicit-result.js';
import { implicitBasicType, implicitType, literalType } from './literal-types.js';
import { UNKNOWN, type LangType, type Typed } from './language-types.js';
import { isValue, newScope, type LanguageSymbol, type Occurrence, type Scope, type Span } from './symbol.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/** Node types that are expressions in the built-in grammars (see base-grammar.ts). */
export const EXPRESSION_NODES: ReadonlySet<string> = new Set([
  BuiltinNode.Identifier,
  BuiltinNode.Number,
  BuiltinNode.String,
  BuiltinNode.Boolean,
  BuiltinNode.Nil,
  BuiltinNode.ParenExpr,
  BuiltinNode.CallExpr,
  BuiltinNode.IndexExpr,
  BuiltinNode.MemberExpr,
  BuiltinNode.BinaryExpr,
  BuiltinNode.UnaryExpr,
  BuiltinNode.ListExpr,
  BuiltinNode.SetLiteral,
  // An argument of a call, typed as its value (see TypeChecker); a node of its own, so what
  // does not know it (C generation) stops at it instead of dropping its width.
  BuiltinNode.FormattedArg,
]);
/** The node types `node` (and `expr`) have a case for; any other has its children visited in its scope. */
const NODE_CASES: ReadonlySet<string> = new Set([
  BuiltinNode.ProgramHeader,
  BuiltinNode.ConstDecl,
  BuiltinNode.VarDecl,
  BuiltinNode.TypeDecl,
  BuiltinNode.FunctionDecl,
  BuiltinNode.ProcedureDecl,
  BuiltinNode.ClassDecl,
  BuiltinNode.ImportStatement,
  BuiltinNode.DimItem,
  BuiltinNode.Assignment,
  BuiltinNode.ExpressionStatement,
  BuiltinNode.ForStatement,
  BuiltinNode.WithStatement,
  BuiltinNode.CommandStatement,
  BuiltinNode.JumpStatement,
  BuiltinNode.LineLabel,
  BuiltinNode.Comment,
  BuiltinNode.String,
  BuiltinNode.Number,
  BuiltinNode.Boolean,
  BuiltinNode.Nil,
  BuiltinNode.Identifier,
  BuiltinNode.CallExpr,
  BuiltinNode.MemberExpr,
  BuiltinNode.Error,
]);
/**
 * How deep `childrenFrom` walks with plain recursion before it leaves a subtree to the
 * nested-call driver: well inside any thread's stack (see syntax/nested-calls.ts).
 */
const PLAIN_LEVELS = 200;
const TYPE_NODES: ReadonlySet<string> = new Set([
  BuiltinNode.TypeName,
  BuiltinNode.ArrayType,
  BuiltinNode.SetType,
  BuiltinNode.SubrangeType,
  BuiltinNode.EnumType,
  BuiltinNode.RecordType,
  BuiltinNode.ProtocolType,
]);

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
  /** Routines declared by a FORWARD heading whose body has not come yet. */
  private readonly forwardHeadings = new Set<LanguageSymbol>();

  constructor(
    private readonly b: Binder,
    private readonly tree: SyntaxNode,
  ) {
    this.style = b.spec.syntax.blockStyle;
    if (this.style === 'keywords') {
      b.predeclareTypes();
      b.predeclareSystemRoutines();
    }
    // INPUT X and READ X assign X.
    this.inputCommands = new Set(
      [...b.spec.functions.values()].filter((f) => f.key === 'input' || f.key === 'read').map((f) => b.fold(f.name)),
    );
  }

  bind(): void {
    runNested(this.children(this.tree, this.b.program));
    if (this.style === 'lines') this.b.declareOnFirstUse(implicitBasicType);
  }

  private children(node: SyntaxNode, scope: Scope): Nested<void> {
    return this.childrenFrom(node, 0, scope);
  }

  /**
   * The children of `node` from `start`, in `scope`. At once, with plain recursion, when no
   * node in them needs a case of its own (an expression of names and operators, mostly); a
   * generator and its stacks each would be a good part of the pass's cost.
   */
  private childrenFrom(node: SyntaxNode, start: number, scope: Scope): Nested<void> {
    if (!this.needsCases(node, start, 0)) {
      this.plainChildren(node, start, scope);
      return FINISHED;
    }
    return this.childrenNested(node, start, scope);
  }

  /**
   * Whether a node among the children of `node` from `start`, or below them through nodes
   * visited in the same scope, has a case of its own; true too past PLAIN_LEVELS, so the
   * plain walk stays that shallow.
   */
  private needsCases(node: SyntaxNode, start: number, level: number): boolean {
    if (level >= PLAIN_LEVELS) return true;
    const { children } = node;
    for (let i = start; i < children.length; i++) {
      const child = children[i] as SyntaxNode;
      if (child.children.length === 0) continue;
      if (NODE_CASES.has(child.type) || this.needsCases(child, 0, level + 1)) return true;
    }
    return false;
  }

  /** `childrenNested` for children `needsCases` found no case in. */
  private plainChildren(node: SyntaxNode, start: number, scope: Scope): void {
    const { children } = node;
    for (let i = start; i < children.length; i++) {
      const child = children[i] as SyntaxNode;
      if (child.children.length === 0) this.leaf(child, scope);
      else this.plainChildren(child, 0, scope);
    }
  }

  private *childrenNested(node: SyntaxNode, start: number, scope: Scope): Nested<void> {
    // Nodes whose children `node` visits in the same scope (most expressions, blocks,
    // statement lists) are walked here in document order, without a call each.
    const nodes: SyntaxNode[] = [node];
    const next: number[] = [start];
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const parent = nodes[top] as SyntaxNode;
      const i = next[top] as number;
      const child = parent.children[i];
      if (!child) {
        nodes.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      if (child.children.length === 0) this.leaf(child, scope);
      else if (NODE_CASES.has(child.type)) {
        // A call done at once is not yielded: a resume per node would cost more than it.
        const call = this.node(child, scope);
        if (call !== FINISHED) yield call;
      } else {
        nodes.push(child);
        next.push(0);
      }
    }
  }

  /** What `node` does with a node without children, done at once: most nodes are leaves. */
  private leaf(n: SyntaxNode, scope: Scope): void {
    if (n.type === BuiltinNode.Identifier) this.b.use(scope, n, 'read');
    else if (n.type === BuiltinNode.LineLabel || n.type === BuiltinNode.BlockEndLabel) this.label(n);
  }

  private label(n: SyntaxNode): void {
    this.b.declare(this.b.program, {
      kind: 'label',
      nameSpan: n,
      namespace: 'labels',
      detail: `line ${this.b.nameOf(n)}`,
    });
  }

  /**
   * The pass for one node. A dispatcher, not a generator itself, so a node costs the one
   * generator of the case that handles it; cases done at once return FINISHED.
   */
  private node(n: SyntaxNode, scope: Scope): Nested<void> {
    switch (n.type) {
      case BuiltinNode.ProgramHeader:
        this.programHeader(n);
        return FINISHED;
      case BuiltinNode.ConstDecl:
        return this.constDecl(n, scope);
      case BuiltinNode.VarDecl:
        return this.varDecl(n, scope, 'variable');
      case BuiltinNode.TypeDecl:
        return this.typeDecl(n, scope);
      case BuiltinNode.FunctionDecl:
        return this.routine(n, scope, 'function');
      case BuiltinNode.ProcedureDecl:
        return this.routine(n, scope, 'procedure');
      case BuiltinNode.ClassDecl:
        return this.classDecl(n, scope);
      case BuiltinNode.ImportStatement:
        this.importStatement(n, scope);
        return FINISHED;
      case BuiltinNode.DimItem:
        return this.dimItem(n, scope);
      case BuiltinNode.Assignment:
        return this.assignment(n, scope);
      case BuiltinNode.Error:
        this.b.recovered.push({ from: n.from, to: n.to });
        return this.childrenFrom(n, 0, scope);
      case BuiltinNode.ExpressionStatement: {
        const e = n.children[0];
        if (e && comparisonMeantAsAssignment(e, this.b.text, this.b.spec.syntax.assignmentOperator))
          return this.assignment(e, scope);
        // The one expression directly: no walker of its own for the statement around it.
        if (e && n.children.length === 1)
          return e.children.length === 0 ? (this.leaf(e, scope), FINISHED) : this.node(e, scope);
        return this.childrenFrom(n, 0, scope);
      }
      case BuiltinNode.ForStatement:
        return this.forStatement(n, scope);
      case BuiltinNode.WithStatement:
        return this.withStatement(n, scope);
      case BuiltinNode.CommandStatement:
        return this.command(n, scope);
      case BuiltinNode.JumpStatement:
        this.jump(n, scope);
        return FINISHED;
      case BuiltinNode.LineLabel:
      case BuiltinNode.BlockEndLabel:
        this.label(n);
        return FINISHED;
      case BuiltinNode.Comment:
      case BuiltinNode.String:
      case BuiltinNode.Number:
      case BuiltinNode.Boolean:
      case BuiltinNode.Nil:
        return FINISHED;
      default:
        if (EXPRESSION_NODES.has(n.type)) return this.expr(n, scope);
        return this.childrenFrom(n, 0, scope);
    }
  }

  private expr(n: SyntaxNode, scope: Scope): Nested<void> {
    switch (n.type) {
      case BuiltinNode.Identifier:
        this.b.use(scope, n, 'read');
        return FINISHED;
      case BuiltinNode.CallExpr:
        return this.call(n, scope);
      case BuiltinNode.MemberExpr:
        return this.member(n, scope);
      default:
        return this.childrenFrom(n, 0, scope);
    }
  }

  private *call(n: SyntaxNode, scope: Scope): Nested<void> {
    const callee = n.children[0];
    if (callee?.type === BuiltinNode.Identifier) this.b.use(scope, callee, 'call');
    else if (callee) yield this.node(callee, scope);
    // A built-in routine is known when its call is bound: a program's own one of that name
    // would be declared above it (Pascal declares before use).
    const routine =
      this.style === 'keywords' && callee?.type === BuiltinNode.Identifier
        ? this.b.lookup(scope, this.b.fold(this.b.nameOf(callee)))
        : undefined;
    const args = n.children[1];
    if (routine?.builtin && args?.type === BuiltinNode.ArgList) yield this.builtinArguments(args, scope, routine);
    else yield this.childrenFrom(n, 1, scope);
  }

  /** The arguments of a built-in routine: those it stores into (Inc's, ReadLn's) are writes. */
  private *builtinArguments(args: SyntaxNode, scope: Scope, routine: LanguageSymbol): Nested<void> {
    let i = 0;
    for (const a of args.children) {
      const use = EXPRESSION_NODES.has(a.type) ? argumentUse(routine, i++) : 'read';
      if (use === 'read') yield this.node(a, scope);
      else if (a.type === BuiltinNode.Identifier) this.b.use(scope, a, 'write', { readsToo: use === 'update' });
      else if (a.type === BuiltinNode.IndexExpr || a.type === BuiltinNode.MemberExpr) yield this.target(a, scope);
      // Not a variable: the type check says so; its names are read.
      else yield this.node(a, scope);
    }
  }

  private *member(n: SyntaxNode, scope: Scope): Nested<void> {
    const base = n.children[0];
    const member = n.children[1];
    if (base) yield this.node(base, scope);
    if (member?.type === BuiltinNode.Identifier) this.b.use(scope, member, 'read', { namespace: 'members' });
  }

  private programHeader(n: SyntaxNode): void {
    const name = n.children[0];
    if (name?.type !== BuiltinNode.Identifier) return;
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
    if (name?.type !== BuiltinNode.Identifier) return void (yield this.children(n, scope));
    const typeNode = rest.find((c) => TYPE_NODES.has(c.type));
    const declared = typeNode ? ((yield this.typeFrom(typeNode, scope)) as LangType) : undefined;
    const value = rest.find((c) => EXPRESSION_NODES.has(c.type));
    this.b.declare(scope, {
      kind: 'constant',
      nameSpan: name,
      span: n,
      type: declared ?? (value ? literalType(value, this.b.text, this.style === 'keywords') : UNKNOWN),
      detail: squash(this.b.nameOf(n)),
    });
    if (value) yield this.node(value, scope);
  }

  private *varDecl(n: SyntaxNode, scope: Scope, kind: 'variable' | 'field', modifiers: Modifiers = {}): Nested<void> {
    if (this.style === 'braces') return void (yield this.braceVarDecl(n, scope));
    const names = n.children.filter((c) => c.type === BuiltinNode.Identifier);
    const typeNode = n.children.find((c) => TYPE_NODES.has(c.type));
    // Names first, in document order; the type is read after them.
    const symbols = names.map((name) => this.b.declare(scope, { kind, nameSpan: name, span: n, ...modifiers }));
    const type = typeNode ? ((yield this.typeFrom(typeNode, scope)) as LangType) : UNKNOWN;
    const typeText = typeNode ? squash(this.b.nameOf(typeNode)) : '';
    for (const s of symbols) {
      s.type = type;
      s.detail = `${s.name}: ${typeText}`;
    }
  }

  /** `var x = e`, `let x`, `const x = e`: the keyword says which. */
  private *braceVarDecl(n: SyntaxNode, scope: Scope): Nested<void> {
    const name = n.children[0];
    const value = n.children[1];
    if (name?.type !== BuiltinNode.Identifier) return void (yield this.children(n, scope));
    const constant = this.startsWith(n, 'const');
    this.b.declare(scope, {
      kind: constant ? 'constant' : 'variable',
      nameSpan: name,
      span: n,
      detail: squash(this.b.nameOf(n)),
      type: constant && value ? literalType(value, this.b.text, false) : UNKNOWN,
    });
    if (value) yield this.node(value, scope);
  }

  private *typeDecl(n: SyntaxNode, scope: Scope): Nested<void> {
    const name = n.children[0];
    const typeNode = n.children[1];
    if (name?.type !== BuiltinNode.Identifier) return void (yield this.children(n, scope));
    const symbol = this.b.declare(scope, { kind: 'type', nameSpan: name, span: n, detail: squash(this.b.nameOf(n)) });
    const type =
      typeNode && TYPE_NODES.has(typeNode.type)
        ? ((yield this.typeFrom(typeNode, scope, symbol)) as LangType)
        : UNKNOWN;
    // A record or protocol declared here names itself (typeFrom set it first, for members
    // that refer back); one named here is an alias and keeps its identity.
    if (type.kind === 'record' || type.kind === 'protocol') {
      if (type.symbol !== symbol) symbol.type = type;
    } else if (type.kind === 'enum' && typeNode?.type === BuiltinNode.EnumType) symbol.type = type;
    else
      symbol.type =
        type.kind === 'unknown'
          ? type
          : type.kind === 'primitive'
            ? { ...type, display: symbol.name, spelled: type.spelled ?? type.display }
            : { ...type, display: symbol.name };
  }

  /** Reads a type expression, recording the type names it mentions. */
  private *typeFrom(n: SyntaxNode, scope: Scope, owner?: LanguageSymbol): Nested<LangType> {
    switch (n.type) {
      case BuiltinNode.TypeName: {
        const name = n.children[0];
        if (!name) return UNKNOWN;
        const occurrence = this.b.use(scope, name, 'read');
        const found = this.b.lookup(scope, occurrence.key);
        return found && (found.kind === 'type' || found.kind === 'builtin-type') ? found.type : UNKNOWN;
      }
      case BuiltinNode.ArrayType: {
        let element: LangType = UNKNOWN;
        // The element type comes last; a type name before it is an index (`ARRAY [Color] OF`).
        const elementNode = n.children.findLast((c) => TYPE_NODES.has(c.type));
        const ranges: SyntaxNode[] = [];
        const indexTypes = new Map<SyntaxNode, LangType>();
        for (const c of n.children) {
          if (c.type === BuiltinNode.IndexRange) {
            ranges.push(c);
            yield this.children(c, scope);
          } else if (c === elementNode) element = (yield this.typeFrom(c, scope)) as LangType;
          else if (TYPE_NODES.has(c.type)) {
            ranges.push(c);
            indexTypes.set(c, (yield this.typeFrom(c, scope)) as LangType);
          }
        }
        if (ranges.length === 0) return { kind: 'array', element, display: squash(this.b.nameOf(n)) };
        // One array per dimension, the last dimension innermost, each shown as Pascal would write it.
        const elementText = elementNode ? squash(this.b.nameOf(elementNode)) : '';
        let type = element;
        for (let k = ranges.length - 1; k >= 0; k--) {
          const dimensions = ranges.slice(k).map((r) => squash(this.b.nameOf(r)));
          const [low, high] = ranges[k]?.children ?? [];
          type = {
            kind: 'array',
            element: type,
            index: indexTypes.get(ranges[k] as SyntaxNode) ?? this.boundType(ranges[k] as SyntaxNode, scope),
            display: k === 0 ? squash(this.b.nameOf(n)) : `ARRAY [${dimensions.join(', ')}] OF ${elementText}`,
            ...(low && high && { bounds: { low, high } }),
          };
        }
        return type;
      }
      case BuiltinNode.EnumType: {
        // Its values are constants of the scope the type is declared in, as Pascal has them.
        const values: LanguageSymbol[] = [];
        const type: LangType = { kind: 'enum', values, display: owner?.name ?? squash(this.b.nameOf(n)) };
        for (const c of n.children)
          if (c.type === BuiltinNode.Identifier)
            values.push(
              this.b.declare(scope, {
                kind: 'constant',
                nameSpan: c,
                type,
                detail: `${this.b.nameOf(c)}: ${type.display}`,
              }),
            );
        return type;
      }
      case BuiltinNode.SetType: {
        // The first child is the word SET (the checker checks it); the element type follows.
        const elementNode = n.children.slice(1).find((c) => TYPE_NODES.has(c.type));
        const element = elementNode ? ((yield this.typeFrom(elementNode, scope)) as LangType) : UNKNOWN;
        return { kind: 'set', element, display: squash(this.b.nameOf(n)) };
      }
      case BuiltinNode.SubrangeType: {
        // A subrange is its host type (INTEGER for 0..9), as Pascal mixes the two freely.
        yield this.children(n, scope);
        const host = this.boundType(n, scope);
        return host.kind === 'primitive' ? { ...host, display: squash(this.b.nameOf(n)) } : host;
      }
      case BuiltinNode.RecordType:
      case BuiltinNode.ProtocolType: {
        const fields = newScope('record', scope, owner);
        const bases: Occurrence[] = [];
        const kind = n.type === BuiltinNode.RecordType ? 'record' : 'protocol';
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
          if (c.type === BuiltinNode.Readonly) modifiers = { ...modifiers, readonly: true };
          else if (c.type === BuiltinNode.Optional) modifiers = { ...modifiers, optional: true };
          else if (c.type === BuiltinNode.VarDecl) yield this.varDecl(c, fields, 'field', modifiers);
          else if (c.type === BuiltinNode.MethodDecl) yield this.method(c, fields, modifiers);
          else if (c.type === BuiltinNode.ImplementsClause || c.type === BuiltinNode.ExtendsClause) {
            for (const t of c.children)
              if (t.type === BuiltinNode.TypeName && t.children[0])
                bases.push(this.b.use(scope, t.children[0], 'read'));
          }
          if (c.type === BuiltinNode.VarDecl || c.type === BuiltinNode.MethodDecl) modifiers = {};
        }
        return type;
      }
      default:
        return UNKNOWN;
    }
  }

  /**
   * The type of a range's bounds, from its low bound: a literal, or a constant declared
   * before it (as Pascal requires); UNKNOWN when that tells nothing.
   */
  private boundType(range: SyntaxNode, scope: Scope): LangType {
    const low = range.children[0];
    if (!low) return UNKNOWN;
    if (low.type !== BuiltinNode.Identifier) return literalType(low, this.b.text, true);
    // The bound's name is recorded by the walk over the range; here it is only looked up.
    const found = this.b.lookup(scope, this.b.fold(this.b.nameOf(low)));
    return found?.kind === 'constant' ? found.type : UNKNOWN;
  }

  /** A method heading in a record or protocol: a routine without a body, its parameters in a scope of their own. */
  private *method(n: SyntaxNode, members: Scope, modifiers: Modifiers): Nested<void> {
    const [name, ...rest] = n.children;
    if (name?.type !== BuiltinNode.Identifier) return;
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
      if (c.type === BuiltinNode.ParamList)
        for (const p of c.children)
          if (p.type === BuiltinNode.Param) params.push(...((yield this.param(p, signature)) as LanguageSymbol[]));
    }
    if (typeNode) symbol.type = (yield this.typeFrom(typeNode, members.parent ?? members)) as LangType;
  }

  private *routine(n: SyntaxNode, scope: Scope, kind: 'function' | 'procedure'): Nested<void> {
    const [name, ...rest] = n.children;
    if (name?.type !== BuiltinNode.Identifier) return void (yield this.children(n, scope));
    const forwarded = this.forwardedBefore(scope, name, kind);
    const params: LanguageSymbol[] = [];
    const symbol = forwarded ?? this.b.declare(scope, { kind, nameSpan: name, span: n, params });
    if (forwarded) this.b.declareAgain(scope, name, forwarded);
    const body = newScope('routine', scope, symbol);
    symbol.body = body;
    const result = kind === 'function' && this.style === 'keywords' ? declareImplicitResult(this.b, body) : undefined;
    let signatureEnd = name.to;
    // Parameters and the result type come before the body; what follows is the body.
    let inHeader = true;
    let paramList = false;
    for (const c of rest) {
      if (inHeader && c.type === BuiltinNode.ParamList) {
        paramList = true;
        for (const p of c.children)
          if (p.type === BuiltinNode.Param) params.push(...((yield this.param(p, body)) as LanguageSymbol[]));
        signatureEnd = c.to;
      } else if (inHeader && TYPE_NODES.has(c.type)) {
        const type = (yield this.typeFrom(c, scope)) as LangType;
        if (!forwarded) symbol.type = type;
        if (result) typeImplicitResult(result, symbol.type);
        signatureEnd = c.to;
      } else if (c.type === BuiltinNode.ForwardDirective) {
        // Its word is the checker's to judge; it names nothing.
        this.forwardHeadings.add(symbol);
      } else {
        if (inHeader && forwarded && !paramList)
          for (const p of forwarded.params ?? []) body.symbols.set(this.b.fold(p.name), p);
        inHeader = false;
        yield this.node(c, body);
      }
    }
    if (!forwarded) symbol.detail = squash(this.b.text.slice(n.from, signatureEnd));
  }

  /**
   * The routine a FORWARD heading in `scope` declared and no body has completed yet, when `n`
   * is its body: one symbol for both, the heading's parameters and type. The body may repeat
   * the parameters (they are then its own, and the checker compares them) or leave them out.
   */
  private forwardedBefore(scope: Scope, name: SyntaxNode, kind: 'function' | 'procedure'): LanguageSymbol | undefined {
    const earlier = scope.symbols.get(this.b.fold(this.b.nameOf(name)));
    if (!earlier || earlier.kind !== kind || !this.forwardHeadings.has(earlier)) return undefined;
    this.forwardHeadings.delete(earlier);
    return earlier;
  }

  /**
   * `class Name(Bases):` declares Name, which a call constructs (a type: calling one is never
   * a finding in a dynamically typed layout); its methods and class variables are declared in
   * a scope of its own. The bases are read where the class stands.
   */
  private *classDecl(n: SyntaxNode, scope: Scope): Nested<void> {
    const name = n.children[0];
    const body = n.children.find((c) => c.type === BuiltinNode.Body);
    // A class whose name is missing still keeps its members to itself.
    const symbol =
      name?.type === BuiltinNode.Identifier
        ? this.b.declare(scope, {
            kind: 'type',
            nameSpan: name,
            span: n,
            detail: squash(this.b.text.slice(n.from, body?.from ?? n.to)),
          })
        : undefined;
    const members = newScope('record', scope, symbol);
    if (symbol) symbol.body = members;
    for (const c of n.children) {
      if (c !== name || !symbol) yield c === body ? this.node(c, members) : this.node(c, scope);
    }
  }

  /**
   * Each ImportName binds one name: its alias, else the first part of its path (`import a.b`
   * binds `a`, as Python does). Module paths are not checked: what a module has is not known.
   * Importing a name again rebinds it, which Python allows.
   */
  private importStatement(n: SyntaxNode, scope: Scope): void {
    for (const item of n.children) {
      if (item.type !== BuiltinNode.ImportName) continue;
      const [path, alias] = item.children;
      const bound = alias?.type === BuiltinNode.Identifier ? alias : path?.children[0];
      if (bound?.type !== BuiltinNode.Identifier) continue;
      if (scope.symbols.has(this.b.fold(this.b.nameOf(bound)))) this.b.use(scope, bound, 'write');
      else this.b.declare(scope, { kind: 'constant', nameSpan: bound, span: item, detail: squash(this.lineOf(item)) });
    }
  }

  private *param(p: SyntaxNode, body: Scope): Nested<LanguageSymbol[]> {
    const names = p.children.filter((c) => c.type === BuiltinNode.Identifier);
    const typeNode = p.children.find((c) => TYPE_NODES.has(c.type));
    const byReference = names[0] !== undefined && this.b.text.slice(p.from, names[0].from).trim() !== '';
    const symbols = names.map((name) =>
      this.b.declare(body, { kind: 'parameter', nameSpan: name, span: p, byReference }),
    );
    const type = typeNode ? ((yield this.typeFrom(typeNode, body)) as LangType) : UNKNOWN;
    const typeText = typeNode ? `: ${squash(this.b.nameOf(typeNode))}` : '';
    for (const s of symbols) {
      s.type = type;
      s.detail = `${byReference ? 'VAR ' : ''}${s.name}${typeText}`;
    }
    return symbols;
  }

  private *dimItem(n: SyntaxNode, scope: Scope): Nested<void> {
    const name = n.children[0];
    const dims = n.children[1];
    if (name?.type !== BuiltinNode.Identifier) return void (yield this.children(n, scope));
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
    if (dims) yield this.node(dims, scope);
  }

  /** A dispatcher: a store into a whole variable, the usual target, needs no call of its own. */
  private assignment(n: SyntaxNode, scope: Scope): Nested<void> {
    const target = n.children[0];
    if (target?.type !== BuiltinNode.Identifier) return this.assignmentNested(n, target, scope);
    this.write(scope, target, false);
    return this.childrenFrom(n, 1, scope);
  }

  private *assignmentNested(n: SyntaxNode, target: SyntaxNode | undefined, scope: Scope): Nested<void> {
    if (target) yield this.target(target, scope);
    yield this.childrenFrom(n, 1, scope);
  }

  /** The place an assignment stores into: a whole variable, or part of one (`a[i]`, `p.x`, BASIC's `A(I)`). */
  private *target(t: SyntaxNode, scope: Scope): Nested<void> {
    if (t.type === BuiltinNode.Identifier) return this.write(scope, t, false);
    const base = t.children[0];
    const partial =
      t.type === BuiltinNode.IndexExpr ||
      t.type === BuiltinNode.MemberExpr ||
      (t.type === BuiltinNode.CallExpr && this.style === 'lines');
    if (!partial || !base) return void (yield this.node(t, scope));
    if (base.type === BuiltinNode.Identifier) this.write(scope, base, true);
    else yield this.target(base, scope);
    for (let i = 1; i < t.children.length; i++) {
      const r = t.children[i] as SyntaxNode;
      if (t.type === BuiltinNode.MemberExpr && r.type === BuiltinNode.Identifier)
        this.b.use(scope, r, 'write', { namespace: 'members' });
      else yield this.node(r, scope);
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
          // A class's variables are read as members (`self.count`, `Counter.count`), which are not resolved.
          kind: home.kind === 'record' ? 'field' : 'variable',
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
    if (control?.type !== BuiltinNode.Identifier) return void (yield this.children(n, scope));
    // Python's `for i, j in pairs:` binds every name before the iterable, which stands just
    // before the body; BASIC's and Pascal's FOR has one control variable.
    const body = n.children.findIndex((c) => c.type === BuiltinNode.Body);
    const targets = this.b.spec.syntax.blockStyle === 'indentation' && body > 1 ? body - 1 : 1;
    // The loop reads its control variable to test and step it.
    for (let i = 0; i < targets; i++) this.write(scope, n.children[i] as SyntaxNode, true);
    yield this.childrenFrom(n, targets, scope);
  }

  /**
   * `WITH a, b DO s`: each record opens a scope of its fields inside the one before, so in
   * `s` a field name is the field (b's hiding a's, a's hiding the names around), and `b` is
   * read with a's fields in view, as Pascal reads `WITH a, inner DO`.
   */
  private *withStatement(n: SyntaxNode, scope: Scope): Nested<void> {
    let inner = scope;
    for (const c of n.children) {
      if (c.children.length === 0) this.leaf(c, inner);
      else yield this.node(c, inner);
      if (!EXPRESSION_NODES.has(c.type)) continue;
      const t = this.placeType(c, inner);
      if (t.kind !== 'record') continue;
      const fields = newScope('record', inner, t.symbol);
      for (const [key, field] of t.fields) if (isFieldSymbol(field)) fields.symbols.set(key, field);
      inner = fields;
    }
  }

  /**
   * The type of a variable or a part of one (`r`, `a[i].inner`) from the declarations made
   * so far, which in Pascal come before every statement that uses them.
   */
  private placeType(n: SyntaxNode, scope: Scope): LangType {
    const parts: SyntaxNode[] = [];
    let base: SyntaxNode | undefined = n;
    while (
      base &&
      (base.type === BuiltinNode.MemberExpr ||
        base.type === BuiltinNode.IndexExpr ||
        base.type === BuiltinNode.ParenExpr)
    ) {
      parts.push(base);
      base = base.children[0];
    }
    if (base?.type !== BuiltinNode.Identifier) return UNKNOWN;
    const symbol = this.b.lookup(scope, this.b.fold(this.b.nameOf(base)));
    let t = symbol && isValue(symbol) ? symbol.type : UNKNOWN;
    for (let k = parts.length - 1; k >= 0; k--) {
      const part = parts[k] as SyntaxNode;
      if (part.type === BuiltinNode.MemberExpr) {
        const member = part.children[1];
        t =
          t.kind === 'record' && member ? (t.fields.get(this.b.fold(this.b.nameOf(member)))?.type ?? UNKNOWN) : UNKNOWN;
      } else if (part.type === BuiltinNode.IndexExpr)
        for (let i = 1; i < part.children.length; i++) t = t.kind === 'array' ? t.element : UNKNOWN;
    }
    return t;
  }

  private *command(n: SyntaxNode, scope: Scope): Nested<void> {
    const name = n.children[0];
    if (name?.type !== BuiltinNode.CommandName) return void (yield this.children(n, scope));
    this.b.use(scope, name, 'call');
    const assigns = this.inputCommands.has(this.b.fold(this.b.nameOf(name)));
    for (let i = 1; i < n.children.length; i++) {
      const a = n.children[i] as SyntaxNode;
      if (assigns && a.type === BuiltinNode.Identifier) this.write(scope, a, false);
      else yield this.node(a, scope);
    }
  }

  private jump(n: SyntaxNode, scope: Scope): void {
    for (const target of n.children) {
      if (target.type === BuiltinNode.Identifier || target.type === BuiltinNode.Number)
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

/** A record's fields are its field symbols (see RecordLike). */
function isFieldSymbol(field: Typed): field is LanguageSymbol {
  return 'kind' in field && 'scope' in field;
}

/** Declarations as one line for hovers: runs of whitespace, line breaks included, become one space. */
export function squash(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
