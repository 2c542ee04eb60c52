import { LIMIT32 } from './bounds.js';
import type { Feature } from './features.js';
import { ExpressionGenerator, binary, intLit, lit, scalarBound, type SelfCall } from './generate-expression.js';
import type {
  ConstDecl,
  ElementType,
  Expr,
  Program,
  RecordDecl,
  Routine,
  Scalar,
  Stmt,
  VarDecl,
  VarType,
} from './program-ast.js';
import { Prng } from './prng.js';
import { MAX_RECURSION_DEPTH, type Binding, type RoutineSig } from './scope.js';
import { costOf } from './program-cost.js';
import { pruneUnused } from './prune-unused.js';

/** What one program may cost at most, in statements executed: keeps each run (and its output) small. */
const BUDGET = 3000;
const MAX_NEST = 2;

/** Local, parameter and field names that C declares (keywords, macros, libc and the generator's own helpers). */
const C_LIKE_NAMES = [
  'int',
  'long',
  'short',
  'float',
  'void',
  'signed',
  'unsigned',
  'static',
  'auto',
  'register',
  'volatile',
  'switch',
  'default',
  'struct',
  'union',
  'enum',
  'typedef',
  'sizeof',
  'extern',
  'main',
  'printf',
  'putchar',
  'fputs',
  'NULL',
  'errno',
  'EOF',
  'stdin',
  'stdout',
  'labs',
  'strlen',
  'floor',
  'rint',
  'fabs',
  'exp',
  'pc_limit',
  'pc_i0',
  'pc_write_real',
  'pc_char_string',
  'bool',
];
const PLAIN_NAMES = ['a', 'b', 'n', 'k', 'x', 'y', 's', 't', 'u', 'v', 'p', 'q', 'z'];

interface StmtContext {
  readonly bindings: readonly Binding[];
  readonly functions: readonly RoutineSig[];
  readonly procedures: readonly RoutineSig[];
  readonly self: SelfCall | undefined;
  /** Whether the routine is a procedure (may write, call procedures and store into globals). */
  readonly effects: boolean;
  /** A function's result, assigned through its name. */
  readonly result: { readonly name: string; readonly t: Scalar } | undefined;
  readonly weight: number;
  readonly nest: number;
  readonly loopDepth: number;
  /** The loop counters the routine uses, declared as its locals afterwards. */
  readonly counters: Set<string>;
}

/** Generates one random program: well typed, well defined in Pascal and in C, bounded in time and output. */
export function generateProgram(seed: number, features: ReadonlySet<Feature>): Program {
  const program = new ProgramGenerator(new Prng(seed), features).program();
  return features.has('unusedDeclarations') ? program : pruneUnused(program);
}

/** A literal under any signs: what generateC declines to Write as a REAL. */
const isSignedLiteral = (e: Expr): boolean =>
  e.kind === 'literal' || (e.kind === 'unary' && isSignedLiteral(e.operand));

class ProgramGenerator {
  private readonly records: RecordDecl[] = [];
  private readonly sigs: RoutineSig[] = [];
  private nextGlobal = 1;

  constructor(
    private readonly rng: Prng,
    private readonly features: ReadonlySet<Feature>,
  ) {}

  private has(f: Feature): boolean {
    return this.features.has(f);
  }

  private scalars(): Scalar[] {
    const all: Scalar[] = ['integer', 'integer'];
    if (this.has('int64')) all.push('int64');
    if (this.has('real')) all.push('real');
    if (this.has('boolean')) all.push('boolean');
    if (this.has('char')) all.push('char');
    if (this.has('string')) all.push('string');
    return all;
  }

  program(): Program {
    const r = this.rng;
    if (this.has('records'))
      for (let i = 0, n = r.int(0, 2); i < n; i++) {
        const used = new Set<string>();
        const fields = Array.from({ length: r.int(1, 4) }, () => ({
          name: this.fresh(used, 'f'),
          scalar: r.pick(this.scalars()),
        }));
        this.records.push({ name: `Rec${i + 1}`, fields });
      }
    const consts: ConstDecl[] = [];
    if (this.has('const')) for (let i = 0, n = r.int(0, 3); i < n; i++) consts.push(this.constant(i + 1));
    const globals: VarDecl[] = Array.from({ length: r.int(2, 6) }, () => ({
      name: `g${this.nextGlobal++}`,
      type: this.varType(),
    }));
    const globalBindings: Binding[] = [
      ...consts.map((c) => ({
        name: c.name,
        global: true,
        type: { kind: 'scalar', scalar: c.value.t as Scalar } as const,
        assignable: false,
        constant: true,
        bound: c.value.bound,
      })),
      ...globals.map((g) => ({ name: g.name, global: true, type: g.type, assignable: true, constant: false })),
    ];
    const routines: Routine[] = [];
    const routineCount = this.has('procedures') || this.has('functions') ? r.int(0, 3) : 0;
    for (let i = 0; i < routineCount; i++) {
      const routine = this.routine(`r${i + 1}`, globalBindings);
      if (routine) routines.push(routine);
    }
    const mainLocals: VarDecl[] = Array.from({ length: r.int(0, 2) }, (_, i) => ({
      name: `m${i + 1}`,
      type: this.varType(),
    }));
    const counters = new Set<string>();
    const locals: Binding[] = mainLocals.map((m) => ({
      name: m.name,
      global: false,
      type: m.type,
      assignable: true,
      constant: false,
    }));
    const ctx: StmtContext = {
      bindings: [...globalBindings, ...locals],
      functions: this.sigs.filter((s) => s.result !== undefined),
      procedures: this.sigs.filter((s) => s.result === undefined),
      self: undefined,
      effects: true,
      result: undefined,
      weight: 1,
      nest: 0,
      loopDepth: 0,
      counters,
    };
    // Globals too: Free Pascal starts a CHAR at #0, which a C string cannot hold (a known difference).
    const main = [
      ...this.initialise(globals, ctx, true),
      ...this.initialise(mainLocals, ctx),
      ...this.block(ctx, r.int(3, 8)),
    ];
    const counterDecls = [...counters]
      .sort()
      .map((name) => ({ name, type: { kind: 'scalar', scalar: 'integer' } as const }));
    return { records: this.records, consts, globals, routines, mainLocals: [...mainLocals, ...counterDecls], main };
  }

  private fresh(used: Set<string>, fallback: string): string {
    const pool = this.has('cLikeNames') && this.rng.chance(0.5) ? C_LIKE_NAMES : PLAIN_NAMES;
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = this.rng.pick(pool);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    for (let i = 1; ; i++) {
      const name = `${fallback}${i}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  }

  private constant(i: number): ConstDecl {
    const r = this.rng;
    const e = new ExpressionGenerator(this.exprContext({ bindings: [], functions: [], weight: 1 }));
    const kinds: Scalar[] = ['integer'];
    if (this.has('int64')) kinds.push('int64');
    if (this.has('real')) kinds.push('real');
    if (this.has('boolean')) kinds.push('boolean');
    if (this.has('string')) kinds.push('string');
    const t = r.pick(kinds);
    let value: Expr;
    if (t === 'integer') value = intLit(r.int(-1000, 1000));
    else if (t === 'int64') value = intLit(r.int(3_000_000_000, 9_000_000_000));
    else if (t === 'real') value = e.real(1000, 0);
    else if (t === 'boolean') value = lit('boolean', r.chance(0.5));
    else value = e.stringLit();
    if (value.kind !== 'literal') value = intLit(7);
    return { name: `c${i}`, value };
  }

  private elementType(): ElementType {
    const r = this.rng;
    if (this.records.length && r.chance(0.2)) return { kind: 'record', record: r.pick(this.records) };
    return { kind: 'scalar', scalar: r.pick(this.scalars()) };
  }

  private varType(): VarType {
    const r = this.rng;
    if (this.has('arrays') && r.chance(0.2)) {
      const element: ElementType = this.has('arrayOfRecords')
        ? this.elementType()
        : { kind: 'scalar', scalar: r.pick(this.scalars()) };
      return { kind: 'array', lo: r.int(-3, 3), length: r.int(1, 5), element };
    }
    return this.elementType();
  }

  private exprContext(
    c: Pick<StmtContext, 'bindings' | 'functions' | 'weight'> & { self?: SelfCall | undefined },
  ): ConstructorParameters<typeof ExpressionGenerator>[0] {
    return {
      rng: this.rng,
      features: this.features,
      bindings: c.bindings,
      functions: c.functions,
      self: c.self,
      weight: c.weight,
      budget: BUDGET,
    };
  }

  private exprs(ctx: StmtContext): ExpressionGenerator {
    return new ExpressionGenerator(this.exprContext(ctx));
  }

  private routine(name: string, globals: readonly Binding[]): Routine | undefined {
    const r = this.rng;
    const canFunction = this.has('functions');
    const isFunction = canFunction && (!this.has('procedures') || r.chance(0.5));
    const recursive = this.has('recursion') && r.chance(0.3);
    const used = new Set<string>();
    const params: { name: string; type: ElementType; byRef: boolean }[] = [];
    if (recursive)
      params.push({ name: this.fresh(used, 'd'), type: { kind: 'scalar', scalar: 'integer' }, byRef: false });
    for (let i = 0, n = r.int(0, 3); i < n; i++)
      params.push({
        name: this.fresh(used, 'p'),
        type: this.elementType(),
        byRef: !isFunction && this.has('varParams') && r.chance(0.4),
      });
    const result: Scalar | undefined = isFunction ? r.pick(this.scalars()) : undefined;
    const locals: VarDecl[] = Array.from({ length: r.int(0, 3) }, () => ({
      name: this.fresh(used, 'l'),
      type: this.varType(),
    }));
    const counters = new Set<string>();
    const [depthParam] = params;
    const selfSig: RoutineSig = { name, params, result, cost: 1, recursive };
    const self: SelfCall | undefined =
      recursive && depthParam ? { sig: selfSig, depthName: depthParam.name, remaining: 2 } : undefined;
    const bindings: Binding[] = [
      ...globals.map((g) => (isFunction ? { ...g, assignable: false } : g)),
      ...params.map((p, i) => ({
        name: p.name,
        global: false,
        type: p.type,
        assignable: !(recursive && i === 0),
        constant: false,
        ...(recursive && i === 0 ? { bound: MAX_RECURSION_DEPTH } : {}),
      })),
      ...locals.map((l) => ({ name: l.name, global: false, type: l.type, assignable: true, constant: false })),
    ];
    const ctx: StmtContext = {
      bindings,
      functions: this.sigs.filter((s) => s.result !== undefined),
      procedures: isFunction ? [] : this.sigs.filter((s) => s.result === undefined),
      self: undefined,
      effects: !isFunction,
      result: result ? { name, t: result } : undefined,
      weight: 1,
      nest: 0,
      loopDepth: 0,
      counters,
    };
    const body: Stmt[] = [...this.initialise(locals, ctx)];
    if (result) body.push(this.resultAssignment(ctx, result));
    body.push(...this.block(ctx, r.int(1, 4)));
    if (self && depthParam) {
      const inner: StmtContext = { ...ctx, self, weight: ctx.weight * 2 };
      const recursiveBody = this.block(inner, r.int(1, 3));
      if (!isFunction) recursiveBody.push({ kind: 'call', callee: name, args: this.selfArgs(inner, self) });
      if (result) recursiveBody.push(this.resultAssignment(inner, result));
      const d: Expr = {
        kind: 'name',
        name: depthParam.name,
        global: false,
        t: 'integer',
        bound: MAX_RECURSION_DEPTH,
        constant: false,
      };
      body.push({
        kind: 'if',
        cond: binary('>', d, intLit(0, true), 'boolean', 0, true),
        then: recursiveBody,
        elifs: [],
        otherwise: undefined,
      });
    }
    const counterDecls = [...counters]
      .sort()
      .map((c) => ({ name: c, type: { kind: 'scalar', scalar: 'integer' } as const }));
    const selfCalls = self ? 2 - self.remaining + (isFunction ? 0 : 1) : 0;
    const invocations =
      selfCalls === 0
        ? 1
        : Array.from({ length: MAX_RECURSION_DEPTH + 1 }, (_, k) => selfCalls ** k).reduce((a, b) => a + b, 0);
    const cost = (costOf(body, this.sigs) + 1) * invocations;
    if (cost > BUDGET / 4) return undefined;
    this.sigs.push({ ...selfSig, cost });
    return { name, params, result, locals: [...locals, ...counterDecls], body };
  }

  private selfArgs(ctx: StmtContext, self: SelfCall): Expr[] {
    const e = this.exprs(ctx);
    const args: Expr[] = [e.depthMinusOne(self)];
    for (const p of self.sig.params.slice(1)) {
      const arg = p.byRef ? this.place(ctx, p.type) : e.argument(p.type, 1);
      if (!arg) throw new Error('a parameter of the routine itself is always in scope');
      args.push(arg);
    }
    return args;
  }

  private resultAssignment(ctx: StmtContext, t: Scalar): Stmt {
    const name = ctx.result?.name ?? '';
    const target: Expr = { kind: 'name', name, global: true, t, bound: scalarBound(t), constant: false };
    return { kind: 'assign', target, value: this.value(ctx, t, 2) };
  }

  /** Statements giving every local a value first: Pascal leaves them undefined, and so does C. */
  private initialise(locals: readonly VarDecl[], ctx: StmtContext, global = false): Stmt[] {
    const e = this.exprs({ ...ctx, bindings: [], functions: [] });
    const out: Stmt[] = [];
    const leaf = (s: Scalar): Expr => (s === 'integer' || s === 'int64' ? intLit(this.rng.int(-50, 50)) : e.of(s, 0));
    const fill = (place: Expr, t: ElementType): void => {
      if (t.kind === 'scalar')
        out.push({
          kind: 'assign',
          target: { ...place, t: t.scalar, bound: scalarBound(t.scalar) },
          value: leaf(t.scalar),
        });
      else
        for (const f of t.record.fields)
          out.push({ kind: 'assign', target: e.field(place, f.name, f.scalar), value: leaf(f.scalar) });
    };
    for (const l of locals) {
      const name: Expr = { kind: 'name', name: l.name, global, t: 'record', bound: 0, constant: false };
      if (l.type.kind === 'array') {
        for (let i = 0; i < l.type.length; i++)
          fill(
            { kind: 'index', array: name, index: intLit(l.type.lo + i, true), t: 'record', bound: 0, constant: false },
            l.type.element,
          );
      } else fill(name, l.type);
    }
    return out;
  }

  private block(ctx: StmtContext, count: number): Stmt[] {
    const out: Stmt[] = [];
    for (let i = 0; i < count; i++) out.push(this.statement(ctx));
    return out;
  }

  private statement(ctx: StmtContext): Stmt {
    const r = this.rng;
    const nestable = ctx.nest < MAX_NEST;
    const choice = r.int(0, 13);
    if (choice <= 3 || (choice === 4 && !ctx.effects)) return this.assignment(ctx);
    if (choice <= 5 && ctx.effects) return this.write(ctx);
    if (choice === 6 && ctx.effects) {
      const call = this.procedureCall(ctx);
      if (call) return call;
    }
    if (choice === 7 && nestable && this.has('if')) return this.ifStatement(ctx);
    if (choice === 8 && nestable && this.has('for') && ctx.weight * 9 <= BUDGET / 4) return this.forStatement(ctx);
    if (choice === 9 && nestable && this.has('while') && ctx.weight * 4 <= BUDGET / 4) return this.loop(ctx, 'while');
    if (choice === 10 && nestable && this.has('repeat') && ctx.weight * 4 <= BUDGET / 4)
      return this.loop(ctx, 'repeat');
    if (choice === 11 && nestable && this.has('case')) return this.caseStatement(ctx);
    if (choice === 12 && nestable && this.has('if')) return this.ifStatement(ctx);
    return ctx.effects && r.chance(0.4) ? this.write(ctx) : this.assignment(ctx);
  }

  private inner(ctx: StmtContext, weight: number, extra: Binding[] = []): StmtContext {
    return { ...ctx, weight: ctx.weight * weight, nest: ctx.nest + 1, bindings: [...ctx.bindings, ...extra] };
  }

  private value(ctx: StmtContext, t: Scalar, depth: number): Expr {
    const e = this.exprs(ctx);
    if (t === 'real' && this.rng.chance(0.15)) return e.int('integer', 1000, depth);
    if (t === 'string' && this.has('char') && this.rng.chance(0.2)) return e.char();
    if (t === 'int64' && this.rng.chance(0.2)) return e.int('integer', LIMIT32, depth);
    return e.of(t, depth);
  }

  /** A place of exactly type `t` that statements here may store into (for VAR arguments and assignments). */
  private place(ctx: StmtContext, t: ElementType): Expr | undefined {
    const e = this.exprs(ctx);
    const options: (() => Expr)[] = [];
    const same = (a: ElementType): boolean =>
      a.kind === 'scalar' && t.kind === 'scalar'
        ? a.scalar === t.scalar
        : a.kind === 'record' && t.kind === 'record' && a.record === t.record;
    for (const b of ctx.bindings) {
      if (!b.assignable) continue;
      const bt = b.type;
      const scalarT = t.kind === 'scalar' ? t.scalar : 'record';
      if (bt.kind !== 'array') {
        if (same(bt))
          options.push(() => ({ ...e.nameOf(b), t: scalarT, bound: t.kind === 'scalar' ? scalarBound(t.scalar) : 0 }));
        if (bt.kind === 'record' && t.kind === 'scalar')
          for (const f of bt.record.fields)
            if (f.scalar === t.scalar) options.push(() => e.field(e.nameOf(b), f.name, f.scalar));
      } else {
        if (same(bt.element))
          options.push(() => ({ ...e.index(b), t: scalarT, bound: t.kind === 'scalar' ? scalarBound(t.scalar) : 0 }));
        if (bt.element.kind === 'record' && t.kind === 'scalar')
          for (const f of bt.element.record.fields)
            if (f.scalar === t.scalar) options.push(() => e.field(e.index(b), f.name, f.scalar));
      }
    }
    return options.length ? this.rng.pick(options)() : undefined;
  }

  private assignment(ctx: StmtContext): Stmt {
    const r = this.rng;
    if (ctx.result && r.chance(0.25)) return this.resultAssignment(ctx, ctx.result.t);
    const types: ElementType[] = this.scalars().map((scalar) => ({ kind: 'scalar', scalar }));
    for (const rec of this.records) types.push({ kind: 'record', record: rec });
    for (let attempt = 0; attempt < 6; attempt++) {
      const t = r.pick(types);
      const target = this.place(ctx, t);
      if (!target) continue;
      if (t.kind === 'record') {
        const value = this.exprs(ctx).recordValue(t.record);
        if (value) return { kind: 'assign', target, value };
        continue;
      }
      if (t.scalar === 'char' && target.kind !== 'name') {
        // ParserCraft's checker types a one-character literal stored into an element or a field as a STRING.
        const value = this.exprs(ctx).readable(['char'], 0);
        if (value) return { kind: 'assign', target, value };
        continue;
      }
      return { kind: 'assign', target, value: this.value(ctx, t.scalar, 2) };
    }
    if (ctx.result) return this.resultAssignment(ctx, ctx.result.t);
    return this.write(ctx);
  }

  private write(ctx: StmtContext): Stmt {
    const r = this.rng;
    const e = this.exprs(ctx);
    const args: Expr[] = [];
    for (let i = 0, n = r.int(0, 4); i < n; i++) {
      if (i > 0 && r.chance(0.5)) args.push(lit('string', r.pick([' ', ', ', ' | ', '='])));
      const t = r.pick(this.scalars());
      const value = t === 'real' ? e.real(1e6, 2) : e.of(t, 2);
      // A bare REAL literal is declined by generateC; a REAL constant is its own feature.
      if (value.t === 'real' && value.constant && (!this.has('writeRealConstant') || isSignedLiteral(value))) continue;
      args.push(value);
    }
    return { kind: 'write', newline: args.length === 0 || r.chance(0.6), args };
  }

  private procedureCall(ctx: StmtContext): Stmt | undefined {
    const r = this.rng;
    const e = this.exprs(ctx);
    if (ctx.self && ctx.self.remaining > 0 && ctx.self.sig.result === undefined && r.chance(0.3)) {
      ctx.self.remaining--;
      return { kind: 'call', callee: ctx.self.sig.name, args: this.selfArgs(ctx, ctx.self) };
    }
    const candidates = ctx.procedures.filter((p) => ctx.weight * p.cost <= BUDGET);
    if (!candidates.length) return undefined;
    const p = r.pick(candidates);
    const args: Expr[] = [];
    for (const [i, param] of p.params.entries()) {
      const arg =
        i === 0 && p.recursive
          ? intLit(r.int(0, MAX_RECURSION_DEPTH), true)
          : param.byRef
            ? this.place(ctx, param.type)
            : e.argument(param.type, 1);
      if (!arg) return undefined;
      args.push(arg);
    }
    return { kind: 'call', callee: p.name, args };
  }

  private ifStatement(ctx: StmtContext): Stmt {
    const r = this.rng;
    const inner = this.inner(ctx, 1);
    const cond = this.exprs(ctx).bool(2);
    const then = this.block(inner, r.int(1, 3));
    const elifs = this.has('elsif')
      ? Array.from({ length: r.int(0, 2) }, () => ({
          cond: this.exprs(ctx).bool(2),
          body: this.block(inner, r.int(1, 2)),
        }))
      : [];
    const otherwise = r.chance(0.5) ? this.block(inner, r.int(1, 2)) : undefined;
    return { kind: 'if', cond, then, elifs, otherwise };
  }

  private counter(ctx: StmtContext, letter: string): Expr {
    const name = `${letter}${ctx.loopDepth + 1}`;
    ctx.counters.add(name);
    return { kind: 'name', name, global: false, t: 'integer', bound: 9, constant: false };
  }

  private forStatement(ctx: StmtContext): Stmt {
    const r = this.rng;
    const variable = this.counter(ctx, 'i');
    const e = this.exprs(ctx);
    const from = e.int('integer', 4, 1);
    const to = e.int('integer', 4, 1);
    const binding: Binding = {
      name: (variable as { name: string }).name,
      global: false,
      type: { kind: 'scalar', scalar: 'integer' },
      assignable: false,
      constant: false,
      bound: 4,
    };
    const inner = { ...this.inner(ctx, 9, [binding]), loopDepth: ctx.loopDepth + 1 };
    return { kind: 'for', variable, from, to, down: r.chance(0.4), body: this.block(inner, r.int(1, 3)) };
  }

  private loop(ctx: StmtContext, kind: 'while' | 'repeat'): Stmt {
    const r = this.rng;
    const counter = this.counter(ctx, 'w');
    const limit = r.int(1, 4);
    const binding: Binding = {
      name: (counter as { name: string }).name,
      global: false,
      type: { kind: 'scalar', scalar: 'integer' },
      assignable: false,
      constant: false,
      bound: limit,
    };
    const inner = { ...this.inner(ctx, limit, [binding]), loopDepth: ctx.loopDepth + 1 };
    const cond = this.exprs(inner).bool(2);
    return { kind, counter, limit, cond, body: this.block(inner, r.int(1, 3)) };
  }

  private caseStatement(ctx: StmtContext): Stmt {
    const r = this.rng;
    const selector = this.exprs(ctx).int('integer', 5, 2);
    const inner = this.inner(ctx, 1);
    const labels = new Set<number>();
    const arms = Array.from({ length: r.int(1, 3) }, () => {
      const own: number[] = [];
      for (let i = 0, n = r.int(1, 2); i < n; i++) {
        const label = r.int(-5, 5);
        if (!labels.has(label)) {
          labels.add(label);
          own.push(label);
        }
      }
      return { labels: own, body: this.block(inner, r.int(1, 2)) };
    }).filter((a) => a.labels.length > 0);
    const otherwise = r.chance(0.5) ? this.block(inner, r.int(1, 2)) : undefined;
    return { kind: 'case', selector, arms, otherwise };
  }
}
