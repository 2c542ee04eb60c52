import { INT64_VAR_BOUND, INTEGER_VAR_BOUND, LIMIT32, LIMIT64, MAX_STRING, REAL_VAR_BOUND } from './bounds.js';
import type { Feature } from './features.js';
import type { BinaryOp, ElementType, Expr, RecordDecl, Scalar } from './program-ast.js';
import type { Prng } from './prng.js';
import { MAX_RECURSION_DEPTH, type Binding, type RoutineSig } from './scope.js';

export interface SelfCall {
  readonly sig: RoutineSig;
  readonly depthName: string;
  remaining: number;
}

export interface ExprContext {
  readonly rng: Prng;
  readonly features: ReadonlySet<Feature>;
  readonly bindings: readonly Binding[];
  /** The functions an expression here may call (functions have no side effects, so order cannot matter). */
  readonly functions: readonly RoutineSig[];
  /** The recursive routine being generated, callable here with its depth parameter minus one, `remaining` more times. */
  readonly self: SelfCall | undefined;
  /** How many times the code here runs per run of the program, at most; bounds the calls it may make. */
  readonly weight: number;
  readonly budget: number;
}

/** Characters of CHAR and STRING literals: quotes and C escapes included, never the batch marker `@`. */
const STRING_CHARS = [...'abcxyzABQ019 _-+*/;:,.!?%\\\'"#&()[]{}<>=~^$|`'];
/** CHAR literals: no quote, since ParserCraft types `''''` as a STRING. */
const CHARS = STRING_CHARS.filter((c) => c !== "'");

const bits = (t: Scalar): number => (t === 'integer' ? LIMIT32 : LIMIT64);

export const scalarBound = (s: Scalar): number =>
  s === 'integer' ? INTEGER_VAR_BOUND : s === 'int64' ? INT64_VAR_BOUND : s === 'real' ? REAL_VAR_BOUND : 0;

export const lit = (t: Scalar, value: number | string | boolean, bound = 0, text?: string): Expr => ({
  kind: 'literal',
  t,
  value,
  bound,
  constant: true,
  ...(text === undefined ? {} : { text }),
});

export const intLit = (value: number, fixed = false): Expr => ({
  ...lit(Math.abs(value) > LIMIT32 ? 'int64' : 'integer', value, Math.abs(value)),
  ...(fixed ? { fixed } : {}),
});

export function binary(op: BinaryOp, left: Expr, right: Expr, t: Expr['t'], bound: number, fixed = false): Expr {
  return {
    kind: 'binary',
    op,
    left,
    right,
    t,
    bound,
    constant: left.constant && right.constant,
    ...(fixed ? { fixed } : {}),
  };
}

function builtin(callee: string, arg: Expr, t: Expr['t'], bound: number, fixed = false): Expr {
  return {
    kind: 'call',
    callee,
    builtin: true,
    args: [arg],
    t,
    bound,
    constant: arg.constant,
    ...(fixed ? { fixed } : {}),
  };
}

const wider = (a: Expr, b: Expr): Scalar => (a.t === 'int64' || b.t === 'int64' ? 'int64' : 'integer');

/** Random well-typed, well-defined expressions over what a context can see. */
export class ExpressionGenerator {
  constructor(private readonly ctx: ExprContext) {}

  private get rng(): Prng {
    return this.ctx.rng;
  }

  private has(f: Feature): boolean {
    return this.ctx.features.has(f);
  }

  of(t: Scalar, depth: number, maxBound = scalarBound(t)): Expr {
    switch (t) {
      case 'integer':
      case 'int64':
        return this.int(t, Math.min(maxBound, bits(t)), depth);
      case 'real':
        return this.real(maxBound, depth);
      case 'boolean':
        return this.bool(depth);
      case 'char':
        return this.char();
      case 'string':
        return this.string();
    }
  }

  /** An integer expression of at most INTEGER's width (or Int64's when `want` is int64), |value| <= maxBound. */
  int(want: 'integer' | 'int64', maxBound: number, depth: number): Expr {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.3)) return this.intLeaf(want, maxBound, depth);
    const limit = bits(want);
    switch (r.int(0, 8)) {
      case 0:
      case 1: {
        const half = Math.floor(maxBound / 2);
        const left = this.intOperand(want, half, depth - 1);
        const right = this.intOperand(want, half, depth - 1);
        return binary(r.chance(0.5) ? '+' : '-', left, right, wider(left, right), left.bound + right.bound);
      }
      case 2: {
        const root = Math.floor(Math.sqrt(maxBound));
        if (root < 2) return this.intLeaf(want, maxBound, depth);
        const wide = want === 'int64' && this.has('wideLiteralArithmetic') && r.chance(0.3);
        const left = wide ? intLit(r.int(50_000, 3_000_000)) : this.intOperand(want, root, depth - 1);
        const right = wide ? intLit(r.int(50_000, 3_000_000)) : this.intOperand(want, root, depth - 1);
        return binary('*', left, right, wider(left, right), left.bound * right.bound);
      }
      case 3: {
        const left = this.intOperand(want, maxBound, depth - 1);
        return binary('DIV', left, this.divisor(want, depth - 1), wider(left, left), left.bound);
      }
      case 4: {
        const left = this.intOperand(want, limit, depth - 1);
        const modulus = this.modulus(want, maxBound, depth - 1);
        return binary('MOD', left, modulus, wider(left, modulus), Math.min(left.bound, modulus.bound - 1));
      }
      case 5: {
        const operand = this.intOperand(want, maxBound, depth - 1);
        return { kind: 'unary', op: '-', operand, t: operand.t, bound: operand.bound, constant: operand.constant };
      }
      case 6: {
        const arg = this.intOperand(want, maxBound, depth - 1);
        return builtin('Abs', arg, arg.t, arg.bound);
      }
      case 7:
        if (this.has('real') && maxBound >= 1) {
          const arg = this.real(Math.min(maxBound, REAL_VAR_BOUND), depth - 1);
          if (arg.constant && !this.has('realConstantFolding')) return this.intLeaf(want, maxBound, depth);
          return builtin(r.chance(0.5) ? 'Trunc' : 'Round', arg, 'integer', Math.ceil(arg.bound));
        }
        return this.intLeaf(want, maxBound, depth);
      default:
        return this.intLeaf(want, maxBound, depth);
    }
  }

  /** An operand: INTEGER-typed at most once in three inside an Int64 expression, so both widths mix. */
  private intOperand(want: 'integer' | 'int64', maxBound: number, depth: number): Expr {
    const t = want === 'int64' && this.rng.chance(0.35) ? 'integer' : want;
    return this.int(t, Math.min(maxBound, bits(t)), depth);
  }

  /** A divisor that cannot be zero: a non-zero literal, or `(Abs(e) + k)`. */
  private divisor(want: 'integer' | 'int64', depth: number): Expr {
    const r = this.rng;
    if (r.chance(0.5)) {
      const d = r.int(1, 12);
      return intLit(r.chance(0.3) ? -d : d, true);
    }
    const k = r.int(1, 3);
    const e = this.int(want, bits(want) - k, depth);
    return binary('+', builtin('Abs', e, e.t, e.bound, true), intLit(k, true), e.t, e.bound + k, true);
  }

  /** A positive modulus at most maxBound + 1: a literal, or `(Abs(e) + 1)`. */
  private modulus(want: 'integer' | 'int64', maxBound: number, depth: number): Expr {
    const r = this.rng;
    const top = Math.min(maxBound + 1, 1000);
    if (r.chance(0.6) || maxBound < 2) return intLit(r.int(1, Math.max(1, top)), true);
    const e = this.int(want, maxBound - 1, depth);
    return binary('+', builtin('Abs', e, e.t, e.bound, true), intLit(1, true), e.t, e.bound + 1, true);
  }

  private intLeaf(want: 'integer' | 'int64', maxBound: number, depth: number): Expr {
    const r = this.rng;
    const choice = r.int(0, 9);
    if (choice <= 2) {
      const top = Math.min(maxBound, want === 'int64' && r.chance(0.2) ? 5_000_000 : 1000);
      const v = r.int(0, Math.floor(top));
      return intLit(r.chance(0.25) ? -v : v);
    }
    if (choice === 3 && this.has('string') && maxBound >= MAX_STRING) {
      return builtin('Length', this.string(), 'integer', MAX_STRING);
    }
    if (choice === 4) {
      const call = this.call((t) => t === 'integer' || (want === 'int64' && t === 'int64'), maxBound, depth);
      if (call) return call;
    }
    const types: Scalar[] = want === 'int64' ? ['integer', 'int64'] : ['integer'];
    const place = this.readable(types, maxBound);
    if (place) return place;
    if (maxBound >= 2 && depth >= 0) {
      // Every variable is too big for this spot: one of them MOD a literal is not.
      const wide = this.readable(types, bits(want));
      if (wide) {
        const m = intLit(r.int(1, Math.min(maxBound + 1, 1000)), true);
        return binary('MOD', wide, m, wide.t, m.bound - 1);
      }
    }
    const v = r.int(0, Math.floor(Math.min(maxBound, 1000)));
    return intLit(v);
  }

  real(maxBound: number, depth: number): Expr {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.3)) return this.realLeaf(maxBound, depth);
    switch (r.int(0, 6)) {
      case 0:
      case 1: {
        const half = maxBound / 2;
        const left = this.realOperand(half, depth - 1);
        const right = left.t === 'real' ? this.realOperand(half, depth - 1) : this.real(half, depth - 1);
        return this.foldable(binary(r.chance(0.5) ? '+' : '-', left, right, 'real', left.bound + right.bound));
      }
      case 2: {
        const root = Math.sqrt(maxBound);
        if (root < 2) return this.realLeaf(maxBound, depth);
        const left = this.realOperand(root, depth - 1);
        const right = left.t === 'real' ? this.realOperand(root, depth - 1) : this.real(root, depth - 1);
        return this.foldable(binary('*', left, right, 'real', left.bound * right.bound));
      }
      case 3: {
        const left = this.realOperand(maxBound, depth - 1);
        const right = r.chance(0.5) ? this.realDivisorLiteral() : this.realDivisor(depth - 1);
        return this.foldable(binary('/', left, right, 'real', left.bound));
      }
      case 4: {
        const operand = this.real(maxBound, depth - 1);
        return { kind: 'unary', op: '-', operand, t: 'real', bound: operand.bound, constant: operand.constant };
      }
      case 5: {
        const arg = this.real(maxBound, depth - 1);
        return builtin('Abs', arg, 'real', arg.bound);
      }
      default: {
        const arg = this.real(Math.min(maxBound * maxBound, REAL_VAR_BOUND), depth - 1);
        const abs = builtin('Abs', arg, 'real', arg.bound, true);
        if (arg.constant && !this.has('realConstantFolding')) return this.realLeaf(maxBound, depth);
        return builtin('Sqrt', abs, 'real', Math.sqrt(arg.bound));
      }
    }
  }

  /** A REAL operand, or now and then an integer one (promoted, as Pascal does). */
  private realOperand(maxBound: number, depth: number): Expr {
    if (this.rng.chance(0.2) && maxBound >= 1)
      return this.int('integer', Math.floor(Math.min(maxBound, LIMIT32)), depth);
    return this.real(maxBound, depth);
  }

  /** An operation on constants alone is kept only when Free Pascal's folding is under test; else its left side. */
  private foldable(e: Expr): Expr {
    if (!e.constant || this.has('realConstantFolding') || e.kind !== 'binary') return e;
    return e.left.t === 'real' ? e.left : this.realLeaf(e.bound, 0);
  }

  private realDivisorLiteral(): Expr {
    const r = this.rng;
    const whole = r.int(1, 9);
    const text = `${whole}.${r.pick(['0', '5', '25', '125', '1', '2', '75'])}`;
    const value = Number(text) * (r.chance(0.3) ? -1 : 1);
    return { ...this.realLit(value < 0 ? `-${text}` : text), fixed: true };
  }

  private realDivisor(depth: number): Expr {
    const e = this.real(REAL_VAR_BOUND, depth);
    const one = { ...this.realLit('1.0'), fixed: true };
    return binary('+', builtin('Abs', e, 'real', e.bound, true), one, 'real', e.bound + 1, true);
  }

  private realLit(text: string): Expr {
    return lit('real', Number(text), Math.abs(Number(text)), text);
  }

  private realLeaf(maxBound: number, depth: number): Expr {
    const r = this.rng;
    const choice = r.int(0, 7);
    if (choice <= 2 || maxBound < 1) {
      const whole = r.int(0, Math.floor(Math.min(maxBound, 999)));
      const text = `${whole}.${r.pick(['0', '5', '25', '1', '3', '75', '2', '05', '001', '9'])}`;
      if (Number(text) > maxBound) return this.realLit('0.5');
      return this.realLit(r.chance(0.25) ? `-${text}` : text);
    }
    if (choice === 3) {
      const call = this.call((t) => t === 'real', maxBound, depth);
      if (call) return call;
    }
    const place = this.readable(['real'], maxBound);
    if (place) return place;
    return this.realLit('1.5');
  }

  bool(depth: number): Expr {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.25)) return this.boolLeaf(depth);
    switch (r.int(0, 4)) {
      case 0:
      case 1:
        return this.comparison(depth - 1);
      case 2: {
        const operand = this.bool(depth - 1);
        return { kind: 'unary', op: 'NOT', operand, t: 'boolean', bound: 0, constant: operand.constant };
      }
      default: {
        const left = this.bool(depth - 1);
        const right = this.bool(depth - 1);
        return binary(r.chance(0.5) ? 'AND' : 'OR', left, right, 'boolean', 0);
      }
    }
  }

  private comparison(depth: number): Expr {
    const r = this.rng;
    const types: Scalar[] = ['integer'];
    if (this.has('int64')) types.push('int64');
    if (this.has('real')) types.push('real');
    if (this.has('char')) types.push('char');
    if (this.has('boolean')) types.push('boolean');
    const t = r.pick(types);
    // ParserCraft types a one-character literal by its context: beside a CHAR variable it is a
    // CHAR, beside another literal a STRING (whose comparisons generateC declines).
    const left = t === 'char' ? (this.readable(['char'], 0) ?? lit('boolean', true)) : this.of(t, depth);
    const right =
      left.t === 'char' ? this.char() : left.t === 'boolean' && t === 'char' ? this.bool(0) : this.of(t, depth);
    const ordered = left.t !== 'boolean' || this.has('booleanOrdering');
    const op = r.pick(ordered ? (['=', '<>', '<', '>', '<=', '>='] as const) : (['=', '<>'] as const));
    if (!this.has('selfComparison') && JSON.stringify(left) === JSON.stringify(right))
      return binary(op, left, this.comparand(left), 'boolean', 0);
    return binary(op, left, right, 'boolean', 0);
  }

  /** A literal to compare `e` with, of its type. */
  private comparand(e: Expr): Expr {
    if (e.t === 'real') return this.realLit('2.5');
    if (e.t === 'char') return lit('char', 'b');
    if (e.t === 'boolean') return lit('boolean', true);
    return intLit(7);
  }

  private boolLeaf(depth: number): Expr {
    const r = this.rng;
    const choice = r.int(0, 5);
    if (choice === 0) return lit('boolean', r.chance(0.5));
    if (choice === 1) {
      const call = this.call((t) => t === 'boolean', 0, depth);
      if (call) return call;
    }
    if (choice <= 3) {
      const place = this.readable(['boolean'], 0);
      if (place) return place;
    }
    return this.comparison(0);
  }

  char(): Expr {
    const r = this.rng;
    if (r.chance(0.4)) return lit('char', r.pick(CHARS));
    if (r.chance(0.2)) {
      const call = this.call((t) => t === 'char', 0, 0);
      if (call) return call;
    }
    return this.readable(['char'], 0) ?? lit('char', r.pick(CHARS));
  }

  string(): Expr {
    const r = this.rng;
    if (r.chance(0.4)) return this.stringLit();
    if (r.chance(0.2)) {
      const call = this.call((t) => t === 'string', 0, 0);
      if (call) return call;
    }
    return this.readable(['string'], 0) ?? this.stringLit();
  }

  /** A STRING literal of 0 or 2..MAX_STRING characters (one character would be a CHAR). */
  stringLit(): Expr {
    const r = this.rng;
    const n = r.chance(0.1) ? 0 : r.int(2, MAX_STRING);
    return lit('string', Array.from({ length: n }, () => r.pick(STRING_CHARS)).join(''));
  }

  /** A value of a variable, parameter, constant, array element or field of one of `types`, with a bound at most maxBound. */
  readable(types: readonly Scalar[], maxBound: number): Expr | undefined {
    const options: (() => Expr)[] = [];
    for (const b of this.ctx.bindings) {
      const t = b.type;
      if (t.kind === 'scalar') {
        const bound = b.bound ?? scalarBound(t.scalar);
        if (types.includes(t.scalar) && bound <= maxBound)
          options.push(() => ({
            kind: 'name',
            name: b.name,
            global: b.global,
            t: t.scalar,
            bound,
            constant: b.constant,
          }));
      } else if (t.kind === 'record') {
        for (const f of t.record.fields)
          if (types.includes(f.scalar) && scalarBound(f.scalar) <= maxBound)
            options.push(() => this.field(this.nameOf(b), f.name, f.scalar));
      } else {
        const element = t.element;
        if (element.kind === 'scalar') {
          if (types.includes(element.scalar) && scalarBound(element.scalar) <= maxBound)
            options.push(() => ({ ...this.index(b), t: element.scalar, bound: scalarBound(element.scalar) }));
        } else {
          for (const f of element.record.fields)
            if (types.includes(f.scalar) && scalarBound(f.scalar) <= maxBound)
              options.push(() => this.field(this.index(b), f.name, f.scalar));
        }
      }
    }
    return options.length ? this.rng.pick(options)() : undefined;
  }

  nameOf(b: Binding): Expr {
    return { kind: 'name', name: b.name, global: b.global, t: 'record', bound: 0, constant: false };
  }

  field(base: Expr, field: string, t: Scalar): Expr {
    return { kind: 'field', base, field, t, bound: scalarBound(t), constant: false };
  }

  /** `a[lo + Abs(e) MOD n]`, or with a literal index in range; typed as a record until the caller says what it holds. */
  index(b: Binding): Expr {
    const t = b.type;
    if (t.kind !== 'array') throw new Error(`${b.name} is not an array`);
    const r = this.rng;
    let index: Expr;
    if (r.chance(0.3)) index = intLit(t.lo + r.int(0, t.length - 1), true);
    else {
      const e = this.int('integer', LIMIT32, r.int(0, 1));
      const offset = binary(
        'MOD',
        builtin('Abs', e, 'integer', e.bound, true),
        intLit(t.length, true),
        'integer',
        t.length - 1,
        true,
      );
      index = t.lo === 0 ? offset : binary('+', intLit(t.lo, true), offset, 'integer', Math.abs(t.lo) + t.length, true);
    }
    return { kind: 'index', array: this.nameOf(b), index, t: 'record', bound: 0, constant: false };
  }

  /** A call of a function whose result `accepts`, its arguments generated; undefined when none fits the budget. */
  private call(accepts: (t: Scalar) => boolean, maxBound: number, depth: number): Expr | undefined {
    const c = this.ctx;
    const fits = (f: RoutineSig): boolean =>
      f.result !== undefined &&
      accepts(f.result) &&
      scalarBound(f.result) <=
        Math.max(maxBound, 0) + (f.result === 'boolean' || f.result === 'char' || f.result === 'string' ? 1 : 0) &&
      c.weight * f.cost <= c.budget;
    const candidates = c.functions.filter(fits);
    const self = c.self && c.self.remaining > 0 && fits(c.self.sig) && c.weight * 4 <= c.budget ? c.self : undefined;
    if (self && this.rng.chance(0.5)) {
      self.remaining--;
      return this.callOf(self.sig, this.depthMinusOne(self), depth);
    }
    if (!candidates.length) return undefined;
    const f = this.rng.pick(candidates);
    return this.callOf(f, f.recursive ? intLit(this.rng.int(0, MAX_RECURSION_DEPTH), true) : undefined, depth);
  }

  /** `d - 1`: the depth argument of a recursive call. */
  depthMinusOne(self: SelfCall): Expr {
    const d: Expr = {
      kind: 'name',
      name: self.depthName,
      global: false,
      t: 'integer',
      bound: MAX_RECURSION_DEPTH,
      constant: false,
    };
    return binary('-', d, intLit(1, true), 'integer', MAX_RECURSION_DEPTH + 1, true);
  }

  private callOf(f: RoutineSig, depthArg: Expr | undefined, depth: number): Expr | undefined {
    const args: Expr[] = [];
    for (const [i, p] of f.params.entries()) {
      if (i === 0 && depthArg) {
        args.push(depthArg);
        continue;
      }
      const arg = this.argument(p.type, depth - 1);
      if (!arg) return undefined;
      args.push(arg);
    }
    const result = f.result ?? 'integer';
    return {
      kind: 'call',
      callee: f.name,
      builtin: false,
      args,
      t: result,
      bound: scalarBound(result),
      constant: false,
    };
  }

  /** A value argument of a parameter's type: an expression, or a whole record variable or element. */
  argument(t: ElementType, depth: number): Expr | undefined {
    // A one-character literal argument is a STRING to ParserCraft's checker, so a CHAR parameter gets a CHAR variable.
    if (t.kind === 'scalar' && t.scalar === 'char') return this.readable(['char'], 0);
    if (t.kind === 'scalar') return this.of(t.scalar, Math.max(depth, 0));
    return this.recordValue(t.record);
  }

  /** A whole record of type `record`: a variable, parameter or array element holding one. */
  recordValue(record: RecordDecl): Expr | undefined {
    const options: Expr[] = [];
    for (const b of this.ctx.bindings) {
      if (b.type.kind === 'record' && b.type.record === record) options.push(this.nameOf(b));
      if (b.type.kind === 'array' && b.type.element.kind === 'record' && b.type.element.record === record)
        options.push(this.index(b));
    }
    return options.length ? this.rng.pick(options) : undefined;
  }
}
