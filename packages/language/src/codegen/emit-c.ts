import { runNested, type Nested } from '../syntax/nested-calls.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from '../semantics/binder.js';
import { EXPRESSION_NODES } from '../semantics/bind-builtin-tree.js';
import type { TypeChecker } from '../semantics/check-types.js';
import { CHAR, type ArrayType, type EnumType, type LangType, type Primitive } from '../semantics/language-types.js';
import { isRoutine, type LanguageSymbol, type Span } from '../semantics/symbol.js';
import { CNames } from './c-names.js';
import { capturedVariables, resultOf } from './captures.js';
import { kids } from './parts.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';
import { runtimePrelude, type RuntimePart } from './c-runtime.js';
import { C_FLOAT_TYPE, declaredKind, FloatKinds, WRITE_FORMAT, type FloatKind } from './float-kinds.js';

/** The constructs of a program the C generator does not translate, all of them. */
export class Declined extends Error {
  constructor(readonly all: readonly Unsupported[]) {
    super(all.map((u) => u.message).join('; '));
  }
}

/** A construct the C generator does not translate; reported at its place, and no C is produced. */
export class Unsupported extends Error {
  constructor(
    readonly span: Span,
    message: string,
  ) {
    super(message);
  }
}

const TYPE_NODES: ReadonlySet<string> = new Set([BuiltinNode.TypeName, BuiltinNode.ArrayType, BuiltinNode.RecordType]);

/**
 * Writes C99 for a Pascal-layout program, from its tree, never from its tokens: every
 * binary expression is parenthesized as the tree nests it, each variable is declared once
 * where Pascal declares it, and names go through CNames. Anything outside the subset throws
 * Unsupported at its node.
 */
export class CEmitter {
  private readonly names = new CNames();
  private readonly out: string[] = [];
  private indent = 0;
  /** The function whose result an assignment to its name sets, and the C variable holding it. */
  private result: { symbol: LanguageSymbol; name: string } | undefined;

  constructor(
    private readonly b: Binder,
    private readonly types: TypeChecker,
    private readonly signal: AbortSignal | undefined,
  ) {}

  program(tree: SyntaxNode): string {
    return runNested(this.programNested(tree));
  }

  private *programNested(tree: SyntaxNode): Nested<string> {
    this.captures = capturedVariables(this.b, tree);
    const main: SyntaxNode[] = [];
    for (const n of kids(tree)) {
      this.hoistAt = this.out.length;
      try {
        yield this.declaration(n, main);
      } catch (error) {
        this.decline(error);
      }
    }
    this.hoistAt = this.out.length;
    this.line('');
    this.line('int main(void) {');
    this.indent++;
    for (const used of this.fileScope) this.line(`(void)${used};`);
    for (const init of this.globalInits) this.line(init);
    for (const block of main) yield this.statements(block);
    this.line('return 0;');
    this.indent--;
    this.line('}');
    if (this.declined.length > 0) throw new Declined(this.declined);
    const prelude = [...INCLUDES, '', ...runtimePrelude(this.runtime)];
    return `${[...prelude, ...this.out].join('\n')}\n`;
  }

  /** Every construct left out, so that one run names them all. */
  private readonly declined: Unsupported[] = [];

  private decline(error: unknown): void {
    if (!(error instanceof Unsupported)) throw error;
    this.declined.push(error);
  }

  /** A declaration at program level; the main block is kept in `main` for after them all. */
  private *declaration(n: SyntaxNode, main: SyntaxNode[]): Nested<void> {
    switch (n.type) {
      case BuiltinNode.ProgramHeader:
      case BuiltinNode.Comment:
        break;
      // Array typedefs and enumerations a declaration needs go just before it (hoistAt), after
      // the record types declared before it in the same section.
      case BuiltinNode.ConstSection:
        for (const c of kids(n)) if (c.type === BuiltinNode.ConstDecl) yield this.constant(this.hoistHere(c));
        break;
      case BuiltinNode.VarSection:
        for (const v of kids(n)) if (v.type === BuiltinNode.VarDecl) yield this.variables(this.hoistHere(v), 'static ');
        break;
      case BuiltinNode.TypeSection:
        for (const t of kids(n)) if (t.type === BuiltinNode.TypeDecl) yield this.typeDecl(this.hoistHere(t));
        break;
      case BuiltinNode.FunctionDecl:
      case BuiltinNode.ProcedureDecl:
        yield this.routine(n);
        break;
      case BuiltinNode.Block:
        main.push(n);
        break;
      default:
        throw new Unsupported(n, `${this.construct(n)} is outside the subset the C generator translates`);
    }
  }

  /** The run-time functions the program calls, put in front of it. */
  private readonly runtime = new Set<RuntimePart>();
  /** The REAL constants' kinds, from their values (`CONST Half = 0.5` is a Single). */
  private readonly constantKinds = new Map<LanguageSymbol, FloatKind>();
  private readonly floats = new FloatKinds({
    text: this.b.text,
    isReal: (n) => prim(this.types.typeOf(n)) === 'real',
    symbolAt: (n) => this.b.occurrenceStarting(n.from)?.symbol,
    constantKind: (symbol) => this.constantKinds.get(symbol),
    typeOf: (n) => this.types.typeOf(n),
    unsupported: (at, message) => new Unsupported(at, message),
  });

  /** A number as C, with the suffix of the type Free Pascal gives it. */
  private number(n: SyntaxNode): string {
    const text = this.b.text.slice(n.from, n.to);
    // An INTEGER literal is 64-bit, as Free Pascal folds integer constants (C's int would overflow).
    if (/^\d+$/.test(text)) return `${text}L`;
    const kind = this.floats.of(n);
    if (kind) this.computesFloats = true;
    return kind === 'single' ? `${text}f` : kind === 'extended' ? `${text}L` : text;
  }

  private line(text: string): void {
    this.signal?.throwIfAborted();
    this.out.push(text === '' ? '' : `${'    '.repeat(this.indent)}${text}`);
  }

  private symbol(n: SyntaxNode): LanguageSymbol {
    const symbol = this.b.occurrenceStarting(n.from)?.symbol;
    if (!symbol) throw new Unsupported(n, `'${this.b.nameOf(n)}' is not declared`);
    return symbol;
  }

  private *constant(n: SyntaxNode): Nested<void> {
    const [name] = kids(n);
    const value = kids(n).find((c, i) => i > 0 && EXPRESSION_NODES.has(c.type));
    if (!name || !value) throw new Unsupported(n, 'a constant needs a name and a value');
    const symbol = this.symbol(name);
    const t = symbol.type;
    const c = this.names.of(symbol);
    // Integer constants are enumerators, so they can size arrays at file scope.
    const kind = this.floats.of(value);
    if (kind) this.constantKinds.set(symbol, kind);
    if (prim(t) !== 'integer') this.fileScope.push(c);
    // An integer constant is a macro: it can size a file-scope array, as neither a C const nor
    // an enumerator of a long value can, and two of them compare without -Wenum-compare.
    if (prim(t) === 'integer')
      this.line(`#define ${c} (${this.exprNow(value) ?? ((yield this.expr(value)) as string)})`);
    else if (kind)
      this.line(
        `static const ${C_FLOAT_TYPE[kind]} ${c} = ${this.exprNow(value) ?? ((yield this.expr(value)) as string)};`,
      );
    else if (prim(t) === 'string')
      this.line(`static const char *const ${c} = ${this.exprNow(value) ?? ((yield this.expr(value)) as string)};`);
    else
      this.line(
        `static const ${this.cType(t, n)} ${c} = ${this.exprNow(value) ?? ((yield this.expr(value)) as string)};`,
      );
  }

  /** A record type becomes a struct typedef; other type declarations are aliases, resolved where used. */
  private *typeDecl(n: SyntaxNode): Nested<void> {
    const [name, body] = kids(n);
    if (!name || body?.type !== BuiltinNode.RecordType) return;
    const members = kids(body).filter((c) => c.type !== BuiltinNode.VarDecl);
    if (members.length)
      throw new Unsupported(members[0] ?? body, 'records with IMPLEMENTS, READONLY or methods are outside the subset');
    const symbol = this.symbol(name);
    this.line(`typedef struct {`);
    this.indent++;
    for (const v of kids(body)) yield this.variables(v, '', true);
    this.indent--;
    this.line(`} ${this.names.of(symbol)};`);
  }

  private *variables(n: SyntaxNode, storage: string, fields = false): Nested<void> {
    const typeNode = kids(n).find((c) => TYPE_NODES.has(c.type));
    for (const id of kids(n)) {
      if (id.type !== BuiltinNode.Identifier) continue;
      const symbol = this.symbol(id);
      // A STRING starts empty in Pascal; a C pointer left NULL would crash the first Write or Length.
      const empty = !fields && prim(symbol.type) === 'string' ? ' = ""' : '';
      this.line(`${storage}${(yield this.declarator(symbol, typeNode ?? n)) as string}${empty};`);
      // So do the STRINGs inside a record or an array: set at the start of main for a global,
      // where it is declared for a local.
      const inits = fields || empty ? [] : stringInits(this.names.of(symbol), symbol.type, (f) => this.names.of(f), 0);
      if (storage === 'static ') {
        this.globalInits.push(...inits);
        this.fileScope.push(this.names.of(symbol));
      } else for (const init of inits) this.line(init);
    }
  }

  /** `long x`; an array's C type is a struct (see `arrayType`). */
  // eslint-disable-next-line require-yield -- kept a call for the callers that yield it
  private *declarator(symbol: LanguageSymbol, typeNode: SyntaxNode): Nested<string> {
    return `${this.cType(symbol.type, typeNode)} ${this.names.of(symbol)}`;
  }

  /**
   * An array type as C: a struct around the C array, so arrays are assigned, passed by value
   * and returned as Pascal does (whole copies). One typedef per element type and bounds, put
   * before the top-level declaration that first needs it.
   */
  private arrayType(t: ArrayType, at: Span): string {
    const bounds = this.arrayBounds(t);
    if (!bounds) throw new Unsupported(at, 'arrays without declared bounds (open arrays) are outside the subset');
    const [low, high] = bounds;
    const element = this.cType(t.element, at);
    const key = `${element} [${low}..${high}]`;
    const known = this.arrayTypes.get(key);
    if (known) return known;
    const name = this.names.fresh(`pc_array${this.arrayTypes.size + 1}`);
    this.arrayTypes.set(key, name);
    this.out.splice(this.hoistAt, 0, `typedef struct { ${element} a[(${high}) - (${low}) + 1]; } ${name};`);
    this.hoistAt++;
    return name;
  }

  /**
   * An array's bounds as C: its range, or its index type's first and last values
   * (`ARRAY [Color] OF T`, `ARRAY [CHAR] OF T`); undefined for an open array.
   */
  private arrayBounds(t: ArrayType): readonly [string, string] | undefined {
    if (t.bounds) return [this.bound(t.bounds.low), this.bound(t.bounds.high)];
    const index = t.index;
    if (index?.kind === 'enum') {
      this.enumType(index);
      return ['0L', `${index.values.length - 1}L`];
    }
    if (index && prim(index) === 'char') return ['0L', '255L'];
    if (index && prim(index) === 'boolean') return ['0L', '1L'];
    return undefined;
  }

  /** An array bound: a number or a constant, as Pascal requires (C sizes arrays with it). */
  private bound(n: SyntaxNode): string {
    const [operand] = n.type === BuiltinNode.UnaryExpr ? kids(n) : [];
    if (operand?.type === BuiltinNode.Number)
      return `(${this.b.text.slice(n.from, operand.from).trim()}${this.number(operand)})`;
    if (n.type === BuiltinNode.String && n.to - n.from === 3)
      return `${this.ordinal(n, cString(this.b.text.slice(n.from + 1, n.to - 1), true))}`;
    const c = this.exprNow(n);
    if (c === undefined)
      throw new Unsupported(n, 'an array bound must be a number, a constant or one operator between them');
    return c;
  }

  /**
   * An enumeration's values as numbered macros, and its names for Write, put before the
   * top-level declaration that first needs them (as array typedefs are).
   */
  private enumType(t: EnumType): string {
    const known = this.enumNames.get(t.values);
    if (known) return known;
    const table = this.names.fresh(`pc_enum${this.enumNames.size + 1}`);
    this.enumNames.set(t.values, table);
    const lines = [
      ...t.values.map((v, i) => `#define ${this.names.of(v)} (${i}L)`),
      `static const char *const ${table}[] = {${t.values.map((v) => cString(v.name, false)).join(', ')}};`,
    ];
    this.out.splice(this.hoistAt, 0, ...lines);
    this.hoistAt += lines.length;
    this.fileScope.push(table);
    return table;
  }

  /** By enumeration (its values), the C table of its names. */
  private readonly enumNames = new Map<readonly LanguageSymbol[], string>();

  /** `n`, with what it needs hoisted to go before what is written next. */
  private hoistHere<T>(n: T): T {
    this.hoistAt = this.out.length;
    return n;
  }

  /** The C array types by element type and bounds. */
  private readonly arrayTypes = new Map<string, string>();
  /** Where in `out` the top-level declaration being written starts: array typedefs go there. */
  private hoistAt = 0;

  /** What main sets before anything else: the STRINGs inside global records and arrays. */
  private readonly globalInits: string[] = [];
  /** Whether the program stores a CHAR into a STRING, so the prelude defines pc_char_string. */

  private cType(t: LangType, at: Span): string {
    if (t.kind === 'record' && t.symbol) return this.names.of(t.symbol);
    if (t.kind === 'array') return this.arrayType(t, at);
    if (t.kind === 'set') return this.use('sets', 'pc_set');
    if (t.kind === 'enum') {
      this.enumType(t);
      return 'long';
    }
    switch (prim(t)) {
      case 'integer':
        if (integerStore(t) === undefined)
          throw new Unsupported(
            at,
            `the integer type ${t.kind === 'primitive' ? t.display : ''} is outside the subset (QWord, and subranges with bounds that are not numbers or beyond 32 bits)`,
          );
        return 'long';
      case 'real': {
        const kind = declaredKind(t);
        if (kind === 'unsupported' || !kind)
          throw new Unsupported(
            at,
            `${t.kind === 'primitive' ? t.display : 'this'} values are outside the subset (Single, REAL, Double and Extended are translated)`,
          );
        return C_FLOAT_TYPE[kind];
      }
      case 'boolean':
        return 'int';
      // Unsigned, so Chr(200) > 'a' as in Free Pascal (C's char is signed on x86-64).
      case 'char':
        return 'unsigned char';
      case 'string':
        return 'const char *';
      case undefined:
        throw new Unsupported(
          at,
          `the type ${t.kind === 'unknown' ? 'here' : t.display} is outside the subset the C generator translates`,
        );
    }
  }

  /**
   * A routine as a C function at file scope. Its local constants and types go to file scope
   * first, then its nested routines, each lifted with pointers to the enclosing variables it
   * uses (captures.ts); a prototype goes first when it has nested routines, which may call it.
   */
  private *routine(n: SyntaxNode): Nested<void> {
    this.hoistAt = this.out.length;
    const [name] = kids(n);
    if (!name) throw new Unsupported(n, 'a routine needs a name');
    const symbol = this.symbol(name);
    const c = this.names.of(symbol);
    const captured = this.captures.get(symbol) ?? [];
    const own = this.parameters(n) ?? symbol.params ?? [];
    const params = [
      ...own.map(
        // A VAR parameter is a pointer to the caller's variable; uses dereference it.
        (p) => `${this.cType(p.type, p.span ?? n)} ${p.byReference ? '*' : ''}${this.names.of(p)}`,
      ),
      ...captured.map((v) => `${this.cType(v.type, v.nameSpan ?? n)} *${this.names.of(v)}`),
    ];
    const returns = symbol.kind === 'function' ? this.cType(symbol.type, n) : 'void';
    const head = `static ${returns} ${c}(${params.length ? params.join(', ') : 'void'})`;
    // A FORWARD heading is a prototype; the body, later, is the function.
    if (kids(n).some((c) => c.type === BuiltinNode.ForwardDirective)) {
      this.line('');
      this.line(`${head};`);
      return;
    }
    const nested = kids(n).filter(
      (part) => part.type === BuiltinNode.FunctionDecl || part.type === BuiltinNode.ProcedureDecl,
    );
    if (nested.length > 0) {
      this.line('');
      this.line(`${head};`);
    }
    for (const part of kids(n)) {
      if (part.type === BuiltinNode.ConstSection)
        for (const k of kids(part)) if (k.type === BuiltinNode.ConstDecl) yield this.constant(this.hoistHere(k));
      if (part.type === BuiltinNode.TypeSection)
        for (const t of kids(part)) if (t.type === BuiltinNode.TypeDecl) yield this.typeDecl(this.hoistHere(t));
    }
    for (const part of nested) yield this.routine(part);
    this.hoistAt = this.out.length;
    this.fileScope.push(c);
    this.line('');
    this.line(`${head} {`);
    this.indent++;
    const outer = { result: this.result, captured: this.captured, inRoutine: this.inRoutine };
    this.captured = new Set(captured);
    this.inRoutine = true;
    if (symbol.kind === 'function') {
      // Delphi mode's implicit Result and an assignment to the function's name set one variable.
      const implicit = resultOf(symbol);
      const resultName = implicit ? this.names.of(implicit) : this.names.fresh(`${c}_result`);
      this.result = { symbol, name: resultName };
      const t = symbol.type;
      this.line(`${this.cType(t, n)} ${resultName} = ${t.kind === 'record' || t.kind === 'array' ? '{0}' : '0'};`);
      for (const init of stringInits(resultName, t, (f) => this.names.of(f), 0)) this.line(init);
    } else this.result = undefined;
    const locals: string[] = [];
    for (const part of kids(n)) {
      if (part.type !== BuiltinNode.VarSection) continue;
      for (const v of kids(part)) {
        if (v.type !== BuiltinNode.VarDecl) continue;
        yield this.variables(v, '');
        for (const id of kids(v)) if (id.type === BuiltinNode.Identifier) locals.push(this.names.of(this.symbol(id)));
      }
    }
    // Pascal does not ask that every parameter and local be used; -Wextra would.
    for (const used of [...own.map((p) => this.names.of(p)), ...captured.map((v) => this.names.of(v)), ...locals])
      this.line(`(void)${used};`);
    const body = kids(n).find((c) => c.type === BuiltinNode.Block);
    if (body) yield this.statements(body);
    if (this.result) this.line(`return ${this.result.name};`);
    this.result = outer.result;
    this.captured = outer.captured;
    this.inRoutine = outer.inRoutine;
    this.indent--;
    this.line('}');
  }

  /**
   * The parameters a routine's own heading declares, in order; undefined when it has none
   * written (the body of a FORWARD routine may leave them out: then they are the heading's).
   */
  private parameters(n: SyntaxNode): LanguageSymbol[] | undefined {
    const list = kids(n).find((c) => c.type === BuiltinNode.ParamList);
    if (!list) return undefined;
    const out: LanguageSymbol[] = [];
    for (const param of kids(list))
      for (const id of kids(param)) if (id.type === BuiltinNode.Identifier) out.push(this.symbol(id));
    return out;
  }

  /** The enclosing routines' variables the routine being written reaches through pointers. */
  private captured = new Set<LanguageSymbol>();
  /** By routine, the enclosing variables it is handed (captures.ts). */
  private captures = new Map<LanguageSymbol, LanguageSymbol[]>();
  /** File-scope variables, constants and functions, each used once in main so C does not warn. */
  private readonly fileScope: string[] = [];

  private *statements(block: SyntaxNode): Nested<void> {
    // Most statements are assignments written at once, without a call each.
    for (const s of kids(block)) {
      try {
        if (!this.assignmentNow(s)) yield this.statement(s);
        this.checkFloats();
      } catch (error) {
        this.decline(error);
      }
    }
  }

  private *statement(n: SyntaxNode): Nested<void> {
    switch (n.type) {
      case BuiltinNode.Comment:
        return;
      case BuiltinNode.Block:
        this.line('{');
        this.indent++;
        yield this.statements(n);
        this.indent--;
        this.line('}');
        return;
      case BuiltinNode.Assignment:
        return void (yield this.assignment(n));
      case BuiltinNode.ExpressionStatement:
        return void (yield this.call(kids(n)[0] ?? n));
      case BuiltinNode.IfStatement:
        return void (yield this.ifStatement(n));
      case BuiltinNode.WhileStatement: {
        const [cond, body] = kids(n);
        this.line(`while (${(yield this.condition(cond, n)) as string}) {`);
        yield this.loopBody(body);
        this.line('}');
        return;
      }
      case BuiltinNode.RepeatStatement: {
        const cond = kids(n)[kids(n).length - 1];
        this.line('do {');
        this.indent++;
        this.loops++;
        try {
          for (const s of kids(n).slice(0, -1)) {
            yield this.statement(s);
            this.checkFloats();
          }
        } finally {
          this.loops--;
        }
        this.indent--;
        this.line(`} while (!(${(yield this.condition(cond, n)) as string}));`);
        return;
      }
      case BuiltinNode.ForStatement:
        return void (yield this.forStatement(n));
      case BuiltinNode.CaseStatement:
        return void (yield this.caseStatement(n));
      case BuiltinNode.JumpStatement:
        return this.jump(n);
      case BuiltinNode.WithStatement:
        return void (yield this.withStatement(n));
      default:
        throw new Unsupported(n, `${this.construct(n)} is outside the subset the C generator translates`);
    }
  }

  /**
   * WITH r DO: the record is found once, as Pascal evaluates it once, and held by a pointer
   * the field names inside go through (`withField`).
   */
  private *withStatement(n: SyntaxNode): Nested<void> {
    const parts = kids(n);
    const records = parts.filter((c) => EXPRESSION_NODES.has(c.type));
    const body = parts.find((c) => !EXPRESSION_NODES.has(c.type));
    this.line('{');
    this.indent++;
    const depth = this.withs.length;
    try {
      for (const r of records) {
        const t = this.types.typeOf(r);
        if (t.kind !== 'record')
          throw new Unsupported(r, `WITH of ${describeType(t)} is outside the subset (records are)`);
        const pointer = this.names.fresh('pc_with');
        this.line(`${this.cType(t, r)} *${pointer} = &${(yield this.place(r)) as string};`);
        this.line(`(void)${pointer};`);
        this.withs.push({ fields: new Set([...t.fields.values()]), pointer });
      }
      if (body) yield this.statement(body);
    } finally {
      this.withs.length = depth;
    }
    this.indent--;
    this.line('}');
  }

  /** The WITH statements around the statement being written, innermost last. */
  private readonly withs: { readonly fields: ReadonlySet<unknown>; readonly pointer: string }[] = [];

  /** A field named alone, inside a WITH of its record. */
  private withField(field: LanguageSymbol): string {
    for (let i = this.withs.length - 1; i >= 0; i--) {
      const w = this.withs[i];
      if (w?.fields.has(field)) return `${w.pointer}->${this.names.of(field)}`;
    }
    throw new Unsupported(
      field.nameSpan ?? { from: 0, to: 0 },
      `'${field.name}' is a field outside a WITH of its record`,
    );
  }

  /** How many loops the statement being written is in. */
  private loops = 0;

  /** A loop's body, counted in `loops`. */
  private *loopBody(body: SyntaxNode | undefined): Nested<void> {
    this.loops++;
    try {
      yield this.nested(body);
    } finally {
      this.loops--;
    }
  }

  /** BREAK and CONTINUE: the loops they leave or go on with are C loops too (CASE is no switch). */
  private jump(n: SyntaxNode): void {
    const word = this.b.fold(this.b.text.slice(n.from, n.to).trim());
    const is = (key: string): boolean => {
      const spelled = this.b.spec.keywords.get(key)?.custom;
      return spelled !== undefined && word === this.b.fold(spelled);
    };
    if (this.loops === 0) throw new Unsupported(n, `${this.construct(n)} outside a loop is outside the subset`);
    if (is('break')) this.line('break;');
    else if (is('continue')) this.line('continue;');
    else throw new Unsupported(n, `${this.construct(n)} is outside the subset the C generator translates`);
  }

  /** A construct in the author's words: the text it starts with (`'USES Crt'`), not a node name. */
  private construct(n: SyntaxNode): string {
    const words = this.b.text
      .slice(n.from, Math.min(n.to, n.from + 40))
      .split(/\s+/)
      .slice(0, 2)
      .join(' ');
    return `'${words.replace(/[;.]$/, '')}'`;
  }

  private *nested(body: SyntaxNode | undefined): Nested<void> {
    this.indent++;
    if (body) yield this.statement(body);
    this.checkFloats();
    this.indent--;
  }

  private *condition(cond: SyntaxNode | undefined, at: Span): Nested<string> {
    if (!cond || !EXPRESSION_NODES.has(cond.type)) throw new Unsupported(at, 'a condition is missing');
    const before = this.computesFloats;
    this.computesFloats = false;
    const c = this.exprNow(cond) ?? ((yield this.expr(cond)) as string);
    // A condition that computes with floats is checked before the branch it chooses runs.
    const checked = this.computesFloats ? this.use('floatChecked', `pc_float_checked(${c})`) : c;
    this.computesFloats = before;
    return checked;
  }

  /**
   * Whether the statement being written computes with floats since the last check. Free
   * Pascal unmasks the invalid, zero-divide and overflow exceptions and stops with run-time
   * error 207, 208 or 205; C computes NaN or Inf, so the translation tests the flags after
   * each such statement (and before each Write of a float and each condition).
   */
  private computesFloats = false;

  private checkFloats(): void {
    if (!this.computesFloats) return;
    this.computesFloats = false;
    this.line(this.use('floatErrors', 'pc_check_floats();'));
  }

  /**
   * Writes an assignment of a value `exprNow` writes to a whole variable at once, as
   * `assignment` would; false, having written nothing, for any other statement.
   */
  private assignmentNow(n: SyntaxNode): boolean {
    if (n.type !== BuiltinNode.Assignment) return false;
    const [target, value] = kids(n);
    if (target?.type !== BuiltinNode.Identifier || !value || !writtenAtOnce(value)) return false;
    const symbol = this.symbol(target);
    if (this.result && symbol === this.result.symbol) {
      const t = this.result.symbol.type;
      this.line(`${this.result.name} = ${this.storedC(t, value, this.exprNow(value) as string)};`);
      return true;
    }
    const place = this.variable(this.targetOf(symbol));
    const t = this.types.typeOf(target);
    this.line(`${place} = ${this.storedC(t, value, this.exprNow(value) as string)};`);
    return true;
  }

  private *assignment(n: SyntaxNode): Nested<void> {
    const [target, value] = kids(n);
    if (!target || !value) throw new Unsupported(n, 'an assignment needs a target and a value');
    if (target.type === BuiltinNode.Identifier && this.result && this.symbol(target) === this.result.symbol) {
      this.line(`${this.result.name} = ${(yield this.stored(this.result.symbol.type, value)) as string};`);
      return;
    }
    const [text, at] = target.type === BuiltinNode.IndexExpr ? kids(target) : [];
    if (text && at && prim(this.types.typeOf(text)) === 'string') {
      // Strings are immutable in C here: `s[i] := c` stores a changed copy.
      const s = (yield this.place(text)) as string;
      this.runtime.add('setChar');
      this.line(
        `${s} = pc_set_char(${s}, ${this.exprNow(at) ?? ((yield this.expr(at)) as string)}, ${this.exprNow(value) ?? ((yield this.expr(value)) as string)});`,
      );
      return;
    }
    this.line(
      `${(yield this.place(target)) as string} = ${(yield this.stored(this.types.typeOf(target), value)) as string};`,
    );
  }

  /**
   * A value as stored into a place of type `t`. Free Pascal computes integer expressions in
   * 64 bits but an INTEGER holds 32, so a store wraps as it does there (the conversion to
   * int32_t is modulo 2^32 in every C compiler this targets; C leaves it to the implementation).
   */
  private *stored(t: LangType, value: SyntaxNode): Nested<string> {
    return this.storedC(t, value, this.exprNow(value) ?? ((yield this.expr(value)) as string));
  }

  /** `stored` of a value written already as `c`. */
  private storedC(t: LangType, value: SyntaxNode, c: string): string {
    const vt = this.types.typeOf(value);
    // Free Pascal assigns arrays of one declared type only; C structs of other bounds do not convert.
    if (t.kind === 'array' && vt.kind === 'array' && this.cType(t, value) !== this.cType(vt, value))
      throw new Unsupported(
        value,
        'assigning or passing an array to one of other bounds or element type is outside the subset',
      );
    // A CHAR stored into a STRING is the one-character string (`s := c`, `s := 'B'`).
    if (prim(t) === 'string' && prim(this.types.typeOf(value)) === 'char') {
      this.runtime.add('charString');
      return `pc_char_string(${c})`;
    }
    // A literal, or a variable of the same type, needs no wrapping (most stores are these).
    if (
      integerStore(t) === undefined ||
      value.type === BuiltinNode.Number ||
      (value.type === BuiltinNode.Identifier && integerStore(this.types.typeOf(value)) === integerStore(t))
    )
      return c;
    return wrapped(t, c);
  }

  /** What an assignment to `symbol` stores into: an enclosing function's name is its result. */
  private targetOf(symbol: LanguageSymbol): LanguageSymbol {
    if (symbol.kind !== 'function') return symbol;
    const result = resultOf(symbol);
    if (!result)
      throw new Unsupported(
        symbol.nameSpan ?? { from: 0, to: 0 },
        `assigning '${symbol.name}' here is outside the subset`,
      );
    return result;
  }

  private *place(n: SyntaxNode): Nested<string> {
    if (n.type === BuiltinNode.Identifier) return this.variable(this.targetOf(this.symbol(n)));
    if (n.type === BuiltinNode.IndexExpr) return (yield this.index(n)) as string;
    if (n.type === BuiltinNode.MemberExpr) return (yield this.member(n)) as string;
    throw new Unsupported(n, `assigning to ${n.type} is outside the subset`);
  }

  /** A variable, constant or parameter by its C name; a VAR parameter through its pointer. */
  private variable(symbol: LanguageSymbol): string {
    // An enumeration's value is a macro its type defines.
    if (symbol.kind === 'constant' && symbol.type.kind === 'enum') this.enumType(symbol.type);
    if (prim(symbol.type) === 'real') this.computesFloats = true;
    if (symbol.kind === 'field') return this.withField(symbol);
    return symbol.byReference || this.captured.has(symbol) ? `(*${this.names.of(symbol)})` : this.names.of(symbol);
  }

  /** The enclosing variables a call hands a nested routine: the address, or the pointer held. */
  private capturedArgs(routine: LanguageSymbol): string[] {
    return (this.captures.get(routine) ?? []).map((v) => {
      const c = this.names.of(v);
      return v.byReference || this.captured.has(v) ? c : `&${c}`;
    });
  }

  /** A call without arguments, as Pascal writes it by naming the routine. */
  private bareCall(routine: LanguageSymbol): string {
    return `${this.names.of(routine)}(${this.capturedArgs(routine).join(', ')})`;
  }

  private *member(n: SyntaxNode): Nested<string> {
    const [base, field] = kids(n);
    const symbol = field && this.b.occurrenceStarting(field.from)?.symbol;
    if (!base || !symbol || symbol.kind !== 'field') throw new Unsupported(n, 'only fields of records are translated');
    return `${this.exprNow(base) ?? ((yield this.expr(base)) as string)}.${this.names.of(symbol)}`;
  }

  /** Arguments in C: VAR parameters get the address of the place, value parameters the value as stored. */
  private *args(routine: LanguageSymbol, args: readonly SyntaxNode[]): Nested<string> {
    const out: string[] = [];
    for (const [i, a] of args.entries()) {
      const param = routine.params?.[i];
      if (!param) out.push(this.exprNow(a) ?? ((yield this.expr(a)) as string));
      else if (param.byReference) {
        const [text] = a.type === BuiltinNode.IndexExpr ? kids(a) : [];
        if (text && prim(this.types.typeOf(text)) === 'string')
          throw new Unsupported(
            a,
            'a character of a STRING as a VAR argument is outside the subset (strings are immutable here)',
          );
        out.push(`&${(yield this.place(a)) as string}`);
      } else out.push((yield this.stored(param.type, a)) as string);
    }
    return [...out, ...this.capturedArgs(routine)].join(', ');
  }

  private *ifStatement(n: SyntaxNode): Nested<void> {
    const elifs = kids(n).filter((c) => c.type === BuiltinNode.ElifClause);
    const [cond, then, otherwise] = kids(n).filter((c) => c.type !== BuiltinNode.ElifClause);
    this.line(`if (${(yield this.condition(cond, n)) as string}) {`);
    yield this.nested(then);
    for (const elif of elifs) {
      const [elifCond, elifThen] = kids(elif);
      this.line(`} else if (${(yield this.condition(elifCond, elif)) as string}) {`);
      yield this.nested(elifThen);
    }
    if (otherwise) {
      this.line('} else {');
      yield this.nested(otherwise);
    }
    this.line('}');
  }

  /**
   * FOR as Free Pascal runs it: the start, then the limit, evaluated once each, in that
   * order; no iteration leaves the variable as it was; after the last one it holds the
   * limit (never limit + 1). CONTINUE goes to the step, which ends the loop at the limit.
   */
  private *forStatement(n: SyntaxNode): Nested<void> {
    const [control, from, to, body] = kids(n);
    if (!control || !from || !to) throw new Unsupported(n, 'a FOR loop needs a variable and two bounds');
    const downto = this.b.spec.keywords.get('downto')?.custom;
    const between = this.b.text.slice(from.to, to.from);
    const down = downto !== undefined && this.b.fold(between).includes(this.b.fold(downto));
    const v = (yield this.place(control)) as string;
    const start = this.names.fresh('pc_start');
    const limit = this.names.fresh('pc_limit');
    const more = this.names.fresh('pc_more');
    const c = this.cType(this.types.typeOf(control), control);
    this.line('{');
    this.indent++;
    this.line(`const ${c} ${start} = ${this.exprNow(from) ?? ((yield this.expr(from)) as string)};`);
    this.line(`const ${c} ${limit} = ${this.exprNow(to) ?? ((yield this.expr(to)) as string)};`);
    this.line(`if (${start} ${down ? '>=' : '<='} ${limit}) {`);
    this.indent++;
    this.line(`${v} = ${start};`);
    this.line(`for (int ${more} = 1; ${more}; ${more} = ${v} != ${limit}, ${v} ${down ? '-=' : '+='} ${more}) {`);
    yield this.loopBody(body);
    this.line('}');
    this.indent--;
    this.line('}');
    this.indent--;
    this.line('}');
  }

  /**
   * CASE as an if-else chain over the selector, evaluated once: a C switch would take a
   * BREAK in an arm for its own, where Pascal's BREAK leaves the enclosing loop.
   */
  private *caseStatement(n: SyntaxNode): Nested<void> {
    const [selector, ...rest] = kids(n);
    if (!selector) throw new Unsupported(n, 'a CASE needs a selector');
    const sel = this.names.fresh('pc_selector');
    this.line('{');
    this.indent++;
    this.line(
      `const ${this.cType(this.types.typeOf(selector), selector)} ${sel} = ${this.exprNow(selector) ?? ((yield this.expr(selector)) as string)};`,
    );
    const otherwise: SyntaxNode[] = [];
    let first = true;
    for (const part of rest) {
      if (part.type !== BuiltinNode.CaseArm) {
        otherwise.push(part);
        continue;
      }
      const tests: string[] = [];
      for (const label of kids(part)) {
        if (EXPRESSION_NODES.has(label.type))
          tests.push(`${sel} == ${this.exprNow(label) ?? ((yield this.expr(label)) as string)}`);
        else if (label.type === BuiltinNode.CaseRange || label.type === BuiltinNode.IndexRange) {
          const [lo, hi] = kids(label);
          if (!lo || !hi) throw new Unsupported(label, 'a CASE range needs two bounds');
          tests.push(
            `(${sel} >= ${this.exprNow(lo) ?? ((yield this.expr(lo)) as string)} && ${sel} <= ${this.exprNow(hi) ?? ((yield this.expr(hi)) as string)})`,
          );
        }
      }
      this.line(`${first ? '' : '} else '}if (${tests.join(' || ') || '0'}) {`);
      first = false;
      this.indent++;
      for (const s of kids(part))
        if (!EXPRESSION_NODES.has(s.type) && s.type !== BuiltinNode.IndexRange && s.type !== BuiltinNode.CaseRange)
          yield this.statement(s);
      this.indent--;
    }
    if (first) this.line('{');
    else this.line('} else {');
    this.indent++;
    for (const s of otherwise) yield this.statement(s);
    this.indent--;
    this.line('}');
    this.indent--;
    this.line('}');
  }

  /** A call as a statement: a user procedure or function, or Write/WriteLn. */
  private *call(n: SyntaxNode): Nested<void> {
    const callee = n.type === BuiltinNode.CallExpr ? kids(n)[0] : n;
    const args =
      n.type === BuiltinNode.CallExpr
        ? (kids(n)[1] ? kids(kids(n)[1] as SyntaxNode) : []).filter((c) => EXPRESSION_NODES.has(c.type))
        : [];
    if (!callee || callee.type !== BuiltinNode.Identifier)
      throw new Unsupported(n, 'only calls of named routines can be statements');
    const symbol = this.symbol(callee);
    const key = symbol.builtin?.key;
    if (key === 'print' || key === 'write') {
      for (const a of args) this.line((yield this.write(a)) as string);
      if (key === 'print') this.line("putchar('\\n');");
      return;
    }
    if (key && (SYSTEM_STATEMENTS.has(key) || (key === 'str' && args.length === 2)))
      return void (yield this.systemStatement(n, key, args));
    if (key === 'input' || key === 'read') {
      for (const a of args) yield this.read(a);
      if (key === 'input') {
        this.runtime.add('skipLine');
        this.line('pc_skip_line();');
      }
      return;
    }
    if (!isRoutine(symbol)) throw new Unsupported(n, `calling '${symbol.name}' is outside the subset`);
    this.line(`${this.names.of(symbol)}(${(yield this.args(symbol, args)) as string});`);
  }

  /** Inc, Dec, Exit, Halt, Insert, Delete and Str: the System procedures, as statements. */
  private *systemStatement(n: SyntaxNode, key: string, args: readonly SyntaxNode[]): Nested<void> {
    const [first, second, third] = args;
    const value = function* (this: CEmitter, a: SyntaxNode): Nested<string> {
      return this.exprNow(a) ?? ((yield this.expr(a)) as string);
    }.bind(this);
    switch (key) {
      case 'inc':
      case 'dec': {
        if (!first) break;
        const t = this.types.typeOf(first);
        const [text] = first.type === BuiltinNode.IndexExpr ? kids(first) : [];
        if (text && prim(this.types.typeOf(text)) === 'string')
          throw new Unsupported(
            first,
            'Inc or Dec of a character of a STRING is outside the subset (strings are immutable here)',
          );
        let place = (yield this.place(first)) as string;
        if (first.type !== BuiltinNode.Identifier) {
          // The variable is found once, as Free Pascal does (Inc(a[K]) calls K once).
          const pointer = this.names.fresh('pc_place');
          this.line(`${this.cType(t, first)} *${pointer} = &${place};`);
          place = `(*${pointer})`;
        }
        const step = second ? ((yield value(second)) as string) : '1L';
        const sum = `${place} ${key === 'inc' ? '+' : '-'} (${step})`;
        if (prim(t) === 'char') this.line(`${place} = (unsigned char)(${sum});`);
        else if (prim(t) === 'integer') this.line(`${place} = ${wrapped(t, sum)};`);
        else break;
        return;
      }
      case 'exit':
        if (first) {
          if (!this.result) break;
          this.line(`${this.result.name} = ${(yield this.stored(this.result.symbol.type, first)) as string};`);
        }
        this.line(this.result ? `return ${this.result.name};` : this.inRoutine ? 'return;' : 'return 0;');
        return;
      case 'halt':
        this.line(`exit((int)(${first ? ((yield value(first)) as string) : '0'}));`);
        return;
      case 'insert':
        if (!first || !second || !third) break;
        {
          const s = (yield this.place(second)) as string;
          const source = this.asString(first, (yield value(first)) as string);
          this.line(`${s} = ${this.use('insert', `pc_insert(${source}, ${s}, ${(yield value(third)) as string})`)};`);
        }
        return;
      case 'delete':
        if (!first || !second || !third) break;
        {
          const s = (yield this.place(first)) as string;
          this.line(
            `${s} = ${this.use('delete', `pc_delete(${s}, ${(yield value(second)) as string}, ${(yield value(third)) as string})`)};`,
          );
        }
        return;
      case 'str':
        if (
          !first ||
          !second ||
          first.type === BuiltinNode.FormattedArg ||
          prim(this.types.typeOf(first)) !== 'integer'
        )
          break;
        this.line(
          `${(yield this.place(second)) as string} = ${this.use('intToStr', `pc_int_to_str(${(yield value(first)) as string})`)};`,
        );
        return;
      default:
        break;
    }
    throw new Unsupported(n, `${this.construct(n)} is outside the subset the C generator translates`);
  }

  /** Whether a routine's body is being written (Exit returns from it), not main's. */
  private inRoutine = false;

  /** Read of one INTEGER or STRING variable from stdin, as Free Pascal reads text. */
  private *read(a: SyntaxNode): Nested<void> {
    const t = this.types.typeOf(a);
    const place = (yield this.place(a)) as string;
    if (prim(t) === 'integer') {
      this.runtime.add('readInteger');
      const value = 'pc_read_integer()';
      this.line(`${place} = ${wrapped(t, value)};`);
    } else if (prim(t) === 'real') {
      // Into Extended first, then the variable's type, as fpc's Read converts.
      this.line(`${place} = ${this.use('readReal', 'pc_read_real()')};`);
    } else if (prim(t) === 'string') {
      this.runtime.add('readString');
      this.line(`${place} = pc_read_string();`);
    } else
      throw new Unsupported(
        a,
        `reading a ${describeType(t)} is outside the subset (INTEGER, REAL and STRING variables are read)`,
      );
  }

  /** Pascal's Write of one value, formatted as Free Pascal prints it. */
  private *write(arg: SyntaxNode): Nested<string> {
    // `x:8:3`: a width (a negative one is none, as in Free Pascal) and, for a REAL, decimals.
    const formatted = arg.type === BuiltinNode.FormattedArg;
    const [a = arg, widthNode, decimalsNode] = formatted ? kids(arg) : [arg];
    const width = widthNode ? (this.exprNow(widthNode) ?? ((yield this.expr(widthNode)) as string)) : undefined;
    const w = width === undefined ? '' : this.use('width', `pc_width(${width})`);
    const t = this.types.typeOf(a);
    const v = this.exprNow(a) ?? ((yield this.expr(a)) as string);
    if (t.kind === 'enum') {
      // Free Pascal writes an enumeration value by its name, padded on the right to a width.
      const names = this.enumType(t);
      return width === undefined ? `fputs(${names}[${v}], stdout);` : `printf("%-*s", ${w}, ${names}[${v}]);`;
    }
    if (decimalsNode && prim(t) !== 'real')
      throw new Unsupported(decimalsNode, 'decimals are for REAL values only (Free Pascal rejects them for others)');
    switch (prim(t)) {
      case 'integer':
        return width === undefined ? `printf("%ld", (long)(${v}));` : `printf("%*ld", ${w}, (long)(${v}));`;
      case 'string':
        return width === undefined ? `fputs(${v}, stdout);` : `printf("%*s", ${w}, ${v});`;
      case 'char':
        return width === undefined ? `putchar(${v});` : `printf("%*c", ${w}, ${v});`;
      case 'boolean':
        return width === undefined
          ? `fputs((${v}) ? "TRUE" : "FALSE", stdout);`
          : `printf("%*s", ${w}, (${v}) ? "TRUE" : "FALSE");`;
      case 'real': {
        // Single, Double and Extended each print with their own digits (float-kinds.ts).
        const [digits, exponentDigits] = WRITE_FORMAT[this.floats.of(a) ?? 'double'];
        const decimals = decimalsNode
          ? (this.exprNow(decimalsNode) ?? ((yield this.expr(decimalsNode)) as string))
          : '-1';
        this.runtime.add('strReal');
        // Computed, then checked, then written: fpc stops before writing a NaN it computed.
        const value = this.floats.isConstant(a)
          ? this.use('floatFolded', `pc_float_folded(${v})`)
          : this.computesFloats
            ? this.use('floatCheckedValue', `pc_float_value(${v})`)
            : `(long double)(${v})`;
        return `pc_write_real(${value}, ${digits}, ${exponentDigits}, ${w || '-1'}, ${decimals});`;
      }
      case undefined:
        throw new Unsupported(a, 'writing a value of unknown type is outside the subset the C generator translates');
    }
  }

  /**
   * The C of a number, a name, or an operator between them, written at once: most
   * expressions are one of these, and a generator each would be much of the pass's cost.
   * Undefined, having done nothing, for any other expression (then `expr`).
   */
  private exprNow(n: SyntaxNode): string | undefined {
    if (n.type === BuiltinNode.Number) return this.number(n);
    if (n.type === BuiltinNode.Identifier) {
      const symbol = this.symbol(n);
      return isRoutine(symbol) ? this.bareCall(symbol) : this.variable(symbol);
    }
    if (n.type !== BuiltinNode.BinaryExpr) return undefined;
    const [left, right] = kids(n);
    if (!left || !right || !isOperand(left) || !isOperand(right)) return undefined;
    const op = this.b.text.slice(left.to, right.from).trim().toLowerCase();
    const lt = prim(this.types.typeOf(left));
    const rt = prim(this.types.typeOf(right));
    if (isTextOperation(op, lt, rt))
      return this.textBinary(n, op, lt, rt, this.exprNow(left) as string, this.exprNow(right) as string);
    return this.comparable(n, op, lt, rt, this.exprNow(left) as string, this.exprNow(right) as string);
  }

  private *expr(n: SyntaxNode): Nested<string> {
    switch (n.type) {
      case BuiltinNode.Number:
        return this.number(n);
      case BuiltinNode.String: {
        const body = this.b.text.slice(n.from + 1, n.to - 1);
        const asChar = n.to - n.from === 3 && prim(this.types.typeOf(n)) === 'char';
        // Free Pascal reads a UTF-8 source byte by byte: 'é' is a string of two there, not a CHAR.
        if (asChar && body.charCodeAt(0) > 127)
          throw new Unsupported(
            n,
            `the non-ASCII character ${body} as a CHAR is outside the subset (it is two or more bytes)`,
          );
        return cString(body, asChar);
      }
      case BuiltinNode.Boolean:
        return this.b.fold(this.b.text.slice(n.from, n.to)) ===
          this.b.fold(this.b.spec.keywords.get('true')?.custom ?? 'TRUE')
          ? '1'
          : '0';
      case BuiltinNode.ParenExpr:
        return `(${this.exprNow(kids(n)[0] ?? n) ?? ((yield this.expr(kids(n)[0] ?? n)) as string)})`;
      case BuiltinNode.Identifier: {
        const symbol = this.symbol(n);
        if (isRoutine(symbol)) return this.bareCall(symbol);
        return this.variable(symbol);
      }
      case BuiltinNode.IndexExpr:
        return (yield this.index(n)) as string;
      case BuiltinNode.MemberExpr:
        return (yield this.member(n)) as string;
      case BuiltinNode.CallExpr: {
        const [callee, argList] = kids(n);
        if (callee?.type !== BuiltinNode.Identifier)
          throw new Unsupported(n, 'only calls of named functions are translated');
        const symbol = this.symbol(callee);
        const args = (argList ? kids(argList) : []).filter((c) => EXPRESSION_NODES.has(c.type));
        if (symbol.builtin) return (yield this.builtin(n, symbol, args)) as string;
        if (symbol.kind !== 'function')
          throw new Unsupported(n, `calling '${symbol.name}' in an expression is outside the subset`);
        return `${this.names.of(symbol)}(${(yield this.args(symbol, args)) as string})`;
      }
      case BuiltinNode.UnaryExpr: {
        const operand = kids(n)[0];
        if (!operand) throw new Unsupported(n, 'an operator needs an operand');
        const op = this.b.fold(this.b.text.slice(n.from, operand.from).trim());
        if (op === '-' || op === '+')
          return `(${op}${this.exprNow(operand) ?? ((yield this.expr(operand)) as string)})`;
        if (op === this.b.fold(this.b.spec.keywords.get('not')?.custom ?? 'NOT')) {
          const ot = this.types.typeOf(operand);
          const c = this.exprNow(operand) ?? ((yield this.expr(operand)) as string);
          if (prim(ot) === 'boolean') return `(!${c})`;
          // NOT of a Byte is a Byte (NOT 200 is 55), of a Cardinal a Cardinal: the operand's width.
          const store = integerStore(ot);
          return store?.startsWith('u') ? `((long)(${store})~(${c}))` : `(~${c})`;
        }
        throw new Unsupported(n, `the operator '${op}' is outside the subset`);
      }
      case BuiltinNode.BinaryExpr:
        return (yield this.binary(n)) as string;
      case BuiltinNode.SetLiteral: {
        let set = this.use('setEmpty', 'pc_set_empty()');
        for (const element of kids(n)) {
          const [lo = element, hi = element] = element.type === BuiltinNode.SetRange ? kids(element) : [];
          const l = this.exprNow(lo) ?? ((yield this.expr(lo)) as string);
          const h = hi === lo ? l : (this.exprNow(hi) ?? ((yield this.expr(hi)) as string));
          set = this.use('setAdd', `pc_set_add(${set}, ${this.ordinal(lo, l)}, ${this.ordinal(hi, h)})`);
        }
        return set;
      }
      default:
        throw new Unsupported(n, `${this.construct(n)} is outside the subset the C generator translates`);
    }
  }

  /**
   * Configured functions and Free Pascal's System functions by their key, as Free Pascal
   * computes them: Round rounds half to even (the default rounding mode, which rint uses),
   * Trunc toward zero; Abs, Sqr and Sqrt in the float type float-kinds.ts gives the call.
   * Sin and Cos are the x87's in Free Pascal, which C's libm does not reproduce to the last
   * digit, so they are left out.
   */
  private *builtin(n: SyntaxNode, symbol: LanguageSymbol, args: readonly SyntaxNode[]): Nested<string> {
    const key = symbol.builtin?.key;
    const out: string[] = [];
    for (const a of args) out.push(this.exprNow(a) ?? ((yield this.expr(a)) as string));
    const [arg] = args;
    const [a = '', b = '', c] = out;
    const t = arg ? prim(this.types.typeOf(arg)) : undefined;
    const text = (i: number): string => this.asString(args[i], out[i] ?? '');
    const callKind = this.floats.of(n);
    const real = (f: string): string => {
      const kind = callKind ?? 'double';
      return `${f}${{ single: 'f', double: '', extended: 'l' }[kind]}((${C_FLOAT_TYPE[kind]})(${a}))`;
    };
    switch (args.length === 1 ? (key ?? '') : `${key ?? ''}/${args.length}`) {
      case 'abs':
        // Abs of a LongInt is a LongInt: Abs(-2147483648) wraps back, as in Free Pascal.
        if (t === 'integer') return arg ? this.wrappedLike(arg, a, `labs(${a})`) : `labs(${a})`;
        if (t === 'real') return real('fabs');
        break;
      case 'sqr':
        // Sqr of a LongInt is a LongInt: it wraps, as Abs does.
        if (t === 'integer')
          // Of a constant fpc folds it to the exact value (Sqr(46341) is 2147488281 there).
          return this.use(
            'sqrLong',
            arg && !this.floats.isConstant(arg) ? this.wrappedLike(arg, a, `pc_sqr_long(${a})`) : `pc_sqr_long(${a})`,
          );
        if (t === 'real')
          return this.use(
            ({ single: 'sqrFloat', double: 'sqrDouble', extended: 'sqrLongDouble' } as const)[callKind ?? 'double'],
            real('pc_sqr'),
          );
        break;
      case 'sqrt':
        if (t === 'real' || t === 'integer') return real('sqrt');
        break;
      case 'int':
      case 'trunc':
        if (t === 'real') return `((long)(${a}))`;
        break;
      case 'round':
        if (t === 'real')
          return `((long)rint${{ single: 'f', double: '', extended: 'l' }[this.floats.of(arg as SyntaxNode) ?? 'double']}(${a}))`;
        break;
      case 'len':
      case 'length':
        if (t === 'string') return `((long)strlen(${a}))`;
        if (arg && this.types.typeOf(arg).kind === 'array') return `${this.arrayLength(arg)}`;
        break;
      case 'ord':
        if (arg && this.types.typeOf(arg).kind === 'enum') return `((long)(${a}))`;
        if (t === 'char') return `((long)(unsigned char)(${a}))`;
        if (t === 'integer' || t === 'boolean') return `((long)(${a}))`;
        break;
      case 'chr':
        if (t === 'integer') return `((unsigned char)(${a}))`;
        break;
      case 'succ':
      case 'pred': {
        const step = key === 'succ' ? '+' : '-';
        if (t === 'integer' || (arg && this.types.typeOf(arg).kind === 'enum')) return `((${a}) ${step} 1)`;
        if (t === 'char') return `((unsigned char)((${a}) ${step} 1))`;
        // Succ(FALSE) is TRUE, Pred(TRUE) FALSE.
        if (t === 'boolean') return `((${a}) ${step} 1)`;
        break;
      }
      case 'odd':
        if (t === 'integer') return `(((${a}) & 1) != 0)`;
        break;
      case 'upcase':
        if (t === 'char') return this.use('upcase', `pc_upcase(${a})`);
        break;
      case 'str':
      case 'inttostr':
        if (t === 'integer') return this.use('intToStr', `pc_int_to_str(${a})`);
        break;
      case 'copy/2':
        return this.use('copy', `pc_copy(${text(0)}, ${b}, 2147483647L)`);
      case 'copy/3':
        return this.use('copy', `pc_copy(${text(0)}, ${b}, ${c ?? ''})`);
      case 'pos/2':
        return this.use('pos', `pc_pos(${text(0)}, ${text(1)})`);
      case 'low':
      case 'high':
        if (arg && this.types.typeOf(arg).kind === 'array') {
          const at = this.types.typeOf(arg);
          const bounds = at.kind === 'array' ? this.arrayBounds(at) : undefined;
          if (bounds) return key === 'low' ? bounds[0] : bounds[1];
        }
        break;
      default:
        if (key === 'concat' && args.length > 0) {
          this.runtime.add('concat');
          return args.map((_, i) => text(i)).reduce((l, r) => `pc_concat(${l}, ${r})`);
        }
        break;
    }
    throw new Unsupported(
      n,
      `'${symbol.name}' of ${t ?? 'this type'} is outside the subset the C generator translates`,
    );
  }

  /**
   * `c`, computed from `n` (written `value`), wrapped to the width of `n`: Int64 when any operand is one
   * (`1 - Big` with an Int64 constant), else LongInt, as Free Pascal types the result.
   */
  private wrappedLike(n: SyntaxNode, value: string, c: string): string {
    // A constant expression is folded and typed by its value: a LongInt when it fits
    // (Abs(-2147483647 - 1) wraps), else an Int64 (Abs(944493 * 2685328) does not).
    if (this.floats.isConstant(n)) return this.use('constantWidth', `pc_constant_width(${value}, ${c})`);
    const stack = [n];
    while (stack.length > 0) {
      const e = stack.pop() as SyntaxNode;
      if (e.type === BuiltinNode.BinaryExpr || e.type === BuiltinNode.UnaryExpr || e.type === BuiltinNode.ParenExpr)
        stack.push(...kids(e));
      else if (integerStore(this.types.typeOf(e)) === 'int64_t') return c;
    }
    // Through a function: gcc would call a comparison of an int32_t value with a larger constant pointless (-Wtype-limits).
    return this.use('int32', `pc_int32(${c})`);
  }

  /** Marks a run-time part used, and gives back the C that calls it. */
  private use(part: RuntimePart, c: string): string {
    this.runtime.add(part);
    return c;
  }

  /** A STRING argument as C; a CHAR one becomes its one-character string. */
  private asString(arg: SyntaxNode | undefined, c: string): string {
    if (!arg || prim(this.types.typeOf(arg)) !== 'char') return c;
    return this.use('charString', `pc_char_string(${c})`);
  }

  /** The element count of an array value: its declared bounds. */
  private arrayLength(arg: SyntaxNode): string {
    const t = this.types.typeOf(arg);
    const bounds = t.kind === 'array' ? this.arrayBounds(t) : undefined;
    if (!bounds) throw new Unsupported(arg, 'the length of an array without declared bounds is outside the subset');
    return `((${bounds[1]}) - (${bounds[0]}) + 1)`;
  }

  private *binary(n: SyntaxNode): Nested<string> {
    const [left, right] = kids(n);
    if (!left || !right) throw new Unsupported(n, 'an operator needs two operands');
    const op = this.b.text.slice(left.to, right.from).trim().toLowerCase();
    const lt = prim(this.types.typeOf(left));
    const rt = prim(this.types.typeOf(right));
    const l = this.exprNow(left) ?? ((yield this.expr(left)) as string);
    const r = this.exprNow(right) ?? ((yield this.expr(right)) as string);
    if (isTextOperation(op, lt, rt)) return this.textBinary(n, op, lt, rt, l, r);
    return this.comparable(n, op, lt, rt, l, r);
  }

  /**
   * `binaryC`, with comparisons C compilers would call pointless written so they do not:
   * BOOLEANs compared (`(x < 2) >= FALSE`, valid Pascal) go through pc_bool, and a value
   * compared with itself (`x = x`) through pc_same_long or pc_same_real, or -Wall -Werror stops the build.
   */
  private comparable(
    n: SyntaxNode,
    op: string,
    lt: Primitive | undefined,
    rt: Primitive | undefined,
    l: string,
    r: string,
  ): string {
    const [left, right] = kids(n);
    if (op === 'in') return this.use('setIn', `pc_set_in(${left ? this.ordinal(left, l) : l}, ${r})`);
    const isSet = (e: SyntaxNode | undefined): boolean =>
      e !== undefined && (e.type === BuiltinNode.SetLiteral || this.types.typeOf(e).kind === 'set');
    if (isSet(left) || isSet(right))
      return this.use(op === '+' || op === '-' || op === '*' ? 'setCombine' : 'setCompare', setBinary(n, op, l, r));
    if (op === '/' || lt === 'real' || rt === 'real') this.computesFloats = true;
    // DIV and MOD by zero end the program as Free Pascal's run-time error 200 does (C would trap).
    if ((op === 'div' || op === 'mod') && lt === 'integer' && rt === 'integer')
      return this.use(op, `pc_${op}(${l}, ${r})`);
    if (!COMPARISONS_C.has(op)) return binaryC(n, op, lt, rt, l, r);
    if (lt === 'boolean' || rt === 'boolean')
      return binaryC(n, op, lt, rt, this.use('boolValue', `pc_bool(${l})`), `pc_bool(${r})`);
    if (l === r)
      // Through a function C does not look into; both sides are still evaluated, as in Pascal.
      return binaryC(
        n,
        op,
        lt,
        rt,
        lt === 'real' ? this.use('sameReal', `pc_same_real(${l})`) : this.use('sameLong', `pc_same_long(${l})`),
        r,
      );
    return binaryC(n, op, lt, rt, l, r);
  }

  /** An ordinal value as a long, for sets (a CHAR by its code, never sign-extended). */
  private ordinal(n: SyntaxNode, c: string): string {
    return prim(this.types.typeOf(n)) === 'char' ? `(long)(unsigned char)(${c})` : `(long)(${c})`;
  }

  /**
   * `+` and comparisons with a STRING side, or `+` of two CHARs (a STRING in Pascal): a CHAR
   * side becomes a one-character string; comparisons are by bytes, as strcmp and fpc compare.
   */
  private textBinary(
    n: SyntaxNode,
    op: string,
    lt: Primitive | undefined,
    rt: Primitive | undefined,
    l: string,
    r: string,
  ): string {
    const asString = (t: Primitive | undefined, c: string): string => {
      if (t !== 'char') return c;
      this.runtime.add('charString');
      return `pc_char_string(${c})`;
    };
    const a = asString(lt, l);
    const b = asString(rt, r);
    if (op === '+') {
      this.runtime.add('concat');
      return `pc_concat(${a}, ${b})`;
    }
    const c = COMPARISONS_C.get(op);
    if (!c) throw new Unsupported(n, `the operator '${op}' between strings is outside the subset`);
    return `(strcmp(${a}, ${b}) ${c} 0)`;
  }

  /** `a[i]`, `m[i, j]`, `m[i][j]`, `s[i]`: arrays index from their low bound, strings from 1. */
  private *index(n: SyntaxNode): Nested<string> {
    const [base, ...indices] = kids(n);
    if (!base || indices.length === 0) throw new Unsupported(n, 'an index is missing');
    let c = this.exprNow(base) ?? ((yield this.expr(base)) as string);
    let t = this.types.typeOf(base);
    for (const idx of indices) {
      const i = this.exprNow(idx) ?? ((yield this.expr(idx)) as string);
      if (prim(t) === 'string') {
        c = `((unsigned char)${c}[(${i}) - 1])`;
        t = CHAR;
      } else if (t.kind === 'array' && this.arrayBounds(t)) {
        c = `${c}.a[(${i}) - (${this.arrayBounds(t)?.[0] ?? ''})]`;
        t = t.element;
      } else throw new Unsupported(n, 'only arrays with declared bounds and strings can be indexed');
    }
    return c;
  }
}

/** The System procedures `systemStatement` writes; `str` with two arguments only (one is IntToStr). */
const SYSTEM_STATEMENTS: ReadonlySet<string> = new Set(['inc', 'dec', 'exit', 'halt', 'insert', 'delete']);

const INCLUDES = [
  '#include <fenv.h>',
  '#include <math.h>',
  '#include <stdint.h>',
  '#include <stdio.h>',
  '#include <stdlib.h>',
  '#include <string.h>',
];

/**
 * The statements that set every STRING inside a value of type `t` at `place` to "": the
 * fields of records, the elements of arrays (a loop per array level). None when it holds none.
 */
function stringInits(place: string, t: LangType, nameOf: (field: LanguageSymbol) => string, depth: number): string[] {
  if (prim(t) === 'string') return [`${place} = "";`];
  if (t.kind === 'record') {
    const out: string[] = [];
    for (const f of t.fields.values())
      if ('kind' in f && (f as LanguageSymbol).kind === 'field')
        out.push(...stringInits(`${place}.${nameOf(f as LanguageSymbol)}`, f.type, nameOf, depth));
    return out;
  }
  if (t.kind === 'array') {
    const i = `pc_i${depth}`;
    const inner = stringInits(`${place}.a[${i}]`, t.element, nameOf, depth + 1);
    if (inner.length === 0) return [];
    return [
      `for (size_t ${i} = 0; ${i} < sizeof ${place}.a / sizeof ${place}.a[0]; ${i}++) {`,
      ...inner.map((l) => `    ${l}`),
      '}',
    ];
  }
  return [];
}

/** Whether `exprNow` writes `n` (it does not say which way it does). */
function writtenAtOnce(n: SyntaxNode): boolean {
  if (isOperand(n)) return true;
  const [left, right] = kids(n);
  return (
    n.type === BuiltinNode.BinaryExpr &&
    left !== undefined &&
    right !== undefined &&
    isOperand(left) &&
    isOperand(right)
  );
}

/** A number or a name: what `exprNow` writes at once as an operand. */
function isOperand(n: SyntaxNode): boolean {
  return n.type === BuiltinNode.Number || n.type === BuiltinNode.Identifier;
}

// The C of each Pascal binary operator but `/`; `and` and `or` by whether both sides are BOOLEAN.
const BITWISE_C: ReadonlyMap<string, string> = new Map([
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['div', '/'],
  ['mod', '%'],
  ['=', '=='],
  ['<>', '!='],
  ['<', '<'],
  ['>', '>'],
  ['<=', '<='],
  ['>=', '>='],
  ['and', '&'],
  ['or', '|'],
]);
const COMPARISONS_C: ReadonlyMap<string, string> = new Map(
  ['=', '<>', '<', '>', '<=', '>='].map((op) => [op, BITWISE_C.get(op) as string] as const),
);

/** Union, difference, intersection and comparisons of two sets. */
function setBinary(n: SyntaxNode, op: string, l: string, r: string): string {
  switch (op) {
    case '+':
    case '-':
    case '*':
      return `pc_set_combine(${l}, ${r}, '${op}')`;
    case '=':
      return `(pc_set_compare(${l}, ${r}) == 0)`;
    case '<>':
      return `(pc_set_compare(${l}, ${r}) != 0)`;
    case '<=':
      return `(pc_set_compare(${l}, ${r}) >= 0)`;
    case '>=':
      return `(pc_set_compare(${r}, ${l}) >= 0)`;
    default:
      throw new Unsupported(n, `the operator '${op}' between sets is outside the subset`);
  }
}

/** Whether `op` works on text: a STRING on either side, or `+` joining two CHARs. */
function isTextOperation(op: string, lt: Primitive | undefined, rt: Primitive | undefined): boolean {
  return lt === 'string' || rt === 'string' || (op === '+' && lt === 'char' && rt === 'char');
}
const LOGICAL_C: ReadonlyMap<string, string> = new Map([...BITWISE_C, ['and', '&&'], ['or', '||']]);

/** `left op right` in C, its operands written already. */
function binaryC(
  n: SyntaxNode,
  op: string,
  lt: Primitive | undefined,
  rt: Primitive | undefined,
  l: string,
  r: string,
): string {
  // `/` of two INTEGERs is a Double; with a REAL side, C converts as Free Pascal does (float-kinds.ts).
  if (op === '/') return lt === 'real' || rt === 'real' ? `(${l} / ${r})` : `((double)${l} / (double)${r})`;
  const c = (lt === 'boolean' && rt === 'boolean' ? LOGICAL_C : BITWISE_C).get(op);
  if (!c) throw new Unsupported(n, `the operator '${op}' is outside the subset`);
  return `(${l} ${c} ${r})`;
}

/**
 * The C type a store into a variable of integer type `t` wraps through, as Free Pascal's
 * store truncates (INTEGER is LongInt in Delphi mode); 'int64_t' for Int64, which needs
 * none; undefined for QWord and others not translated. Every one is held in a C long.
 */
function integerStore(t: LangType): string | undefined {
  if (t.kind !== 'primitive' || t.name !== 'integer') return undefined;
  const spelled = t.spelled ?? t.display;
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(spelled.replace(/\s/g, ''));
  return range ? subrangeStore(Number(range[1]), Number(range[2])) : INTEGER_STORES.get(spelled.toLowerCase());
}

/** The smallest type Free Pascal stores a subrange in (a store wraps to it, as there). */
function subrangeStore(low: number, high: number): string | undefined {
  if (low > high) return undefined;
  if (low >= 0)
    return high <= 255 ? 'uint8_t' : high <= 65535 ? 'uint16_t' : high <= 4294967295 ? 'uint32_t' : undefined;
  if (low >= -128 && high <= 127) return 'int8_t';
  if (low >= -32768 && high <= 32767) return 'int16_t';
  return low >= -2147483648 && high <= 2147483647 ? 'int32_t' : undefined;
}

const INTEGER_STORES: ReadonlyMap<string, string> = new Map([
  ['integer', 'int32_t'],
  ['longint', 'int32_t'],
  ['int64', 'int64_t'],
  ['shortint', 'int8_t'],
  ['smallint', 'int16_t'],
  ['byte', 'uint8_t'],
  ['word', 'uint16_t'],
  ['cardinal', 'uint32_t'],
  ['longword', 'uint32_t'],
]);

/** A store of `c` into a place of integer type `t`: wrapped to its width, unless it is Int64. */
function wrapped(t: LangType, c: string): string {
  const store = integerStore(t);
  return store && store !== 'int64_t' ? `(${store})(${c})` : c;
}

function describeType(t: LangType): string {
  return t.kind === 'unknown' ? 'value of unknown type' : t.display;
}

function prim(t: LangType): Primitive | undefined {
  return t.kind === 'primitive' ? t.name : undefined;
}

/** A Pascal string body as a C literal: `''` is one quote; C's escapes are escaped. */
function cString(body: string, asChar: boolean): string {
  const text = body.replace(/''/g, "'");
  const escaped = [...text]
    // `?` is escaped so that `??-` and the other trigraphs stay text (-Wtrigraphs).
    .map((ch) =>
      ch === '\\'
        ? '\\\\'
        : ch === '"'
          ? '\\"'
          : ch === "'" && asChar
            ? "\\'"
            : ch === '\n'
              ? '\\n'
              : ch === '?'
                ? '\\?'
                : ch,
    )
    .join('');
  return asChar ? `'${escaped}'` : `"${escaped}"`;
}
