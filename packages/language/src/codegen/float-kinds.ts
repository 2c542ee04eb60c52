import type { SyntaxNode } from '../syntax/syntax-tree.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';
import { kids } from './parts.js';
import type { LangType } from '../semantics/language-types.js';
import type { LanguageSymbol, Span } from '../semantics/symbol.js';

/**
 * The floating-point type Free Pascal (x86-64, Delphi mode) gives a REAL-valued expression,
 * which decides both how it computes and how Write prints it:
 * - a literal is Single when Single holds it exactly, else Extended (never Double):
 *   `0.5` is Single, `0.1` and `1E20` are Extended;
 * - a constant has its value's type; a variable, field, parameter or function result its
 *   declared one (REAL and Double are Double);
 * - an operator's result is the widest of its REAL operands (an INTEGER operand adds
 *   nothing), and `/` between two INTEGERs is Double;
 * - Abs, Sqr and Sqrt keep their argument's type, but are Extended of an INTEGER (Sqrt) or
 *   of a constant (folded);
 * C's usual arithmetic conversions give the same result types once Single is `float`,
 * Extended is `long double` (80-bit on x86-64) and literals carry their suffix, so the C
 * computes what Free Pascal computes; its constant folding is in Extended, as C's is then.
 */
export type FloatKind = 'single' | 'double' | 'extended';

const RANK: Readonly<Record<FloatKind, number>> = { single: 0, double: 1, extended: 2 };

export function widest(a: FloatKind | undefined, b: FloatKind | undefined): FloatKind | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

export const C_FLOAT_TYPE: Readonly<Record<FloatKind, string>> = {
  single: 'float',
  double: 'double',
  extended: 'long double',
};

/** Significant digits and exponent digits of Write's default format, per type. */
export const WRITE_FORMAT: Readonly<Record<FloatKind, readonly [number, number]>> = {
  single: [10, 2],
  double: [17, 3],
  extended: [21, 4],
};

/** The kind a declared REAL type names; undefined for Currency and Comp, which are not floats here. */
export function declaredKind(t: LangType): FloatKind | 'unsupported' | undefined {
  if (t.kind !== 'primitive' || t.name !== 'real') return undefined;
  switch ((t.spelled ?? t.display).toLowerCase()) {
    case 'single':
      return 'single';
    case 'extended':
      return 'extended';
    case 'real':
    case 'double':
      return 'double';
    default:
      return 'unsupported';
  }
}

/** Whether the decimal literal `text` (`1.5`, `2E-3`) is exactly a Single. */
export function exactInSingle(text: string): boolean {
  const m = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return false;
  const digits = `${m[1] ?? ''}${m[2] ?? ''}`;
  const exponent = Number(m[3] ?? '0') - (m[2]?.length ?? 0);
  if (Math.abs(exponent) > 400) return /^0*$/.test(digits);
  let n = BigInt(digits);
  if (n === 0n) return true;
  let twos = 0;
  if (exponent >= 0) {
    n *= 10n ** BigInt(exponent);
  } else {
    const fives = 5n ** BigInt(-exponent);
    if (n % fives !== 0n) return false;
    n /= fives;
    twos = exponent;
  }
  while ((n & 1n) === 0n) {
    n >>= 1n;
    twos++;
  }
  // A 24-bit significand, and a normal exponent (2^-126 .. 2^127).
  const bits = n.toString(2).length;
  return bits <= 24 && twos >= -126 - (bits - 1) && twos + bits - 1 <= 127;
}

/** What the kinds are computed from; the emitter answers these. */
export interface FloatKindSource {
  readonly text: string;
  isReal(n: SyntaxNode): boolean;
  symbolAt(n: SyntaxNode): LanguageSymbol | undefined;
  /** The kind of a constant, from its value; undefined when it is not a REAL constant. */
  constantKind(symbol: LanguageSymbol): FloatKind | undefined;
  typeOf(n: SyntaxNode): LangType;
  unsupported(at: Span, message: string): Error;
}

/** The kinds of REAL-valued expressions, worked out once per node without recursing on depth. */
export class FloatKinds {
  private readonly known = new Map<SyntaxNode, FloatKind | undefined>();

  constructor(private readonly source: FloatKindSource) {}

  of(root: SyntaxNode): FloatKind | undefined {
    if (this.known.has(root)) return this.known.get(root);
    // Post-order over the operator nodes below `root`: leaves are answered directly.
    const stack: { node: SyntaxNode; expanded: boolean }[] = [{ node: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: SyntaxNode; expanded: boolean };
      if (this.known.has(top.node)) {
        stack.pop();
        continue;
      }
      if (!top.expanded && isOperator(top.node)) {
        top.expanded = true;
        for (const c of top.node.children) if (!this.known.has(c)) stack.push({ node: c, expanded: false });
        continue;
      }
      stack.pop();
      this.known.set(top.node, this.compute(top.node));
    }
    return this.known.get(root);
  }

  private compute(n: SyntaxNode): FloatKind | undefined {
    const s = this.source;
    switch (n.type) {
      case BuiltinNode.Number:
        return s.isReal(n) ? (exactInSingle(s.text.slice(n.from, n.to)) ? 'single' : 'extended') : undefined;
      case BuiltinNode.ParenExpr:
      case BuiltinNode.UnaryExpr: {
        const [operand] = kids(n);
        return operand ? this.known.get(operand) : undefined;
      }
      case BuiltinNode.BinaryExpr: {
        const [left, right] = kids(n);
        if (!left || !right || !s.isReal(n)) return undefined;
        const op = s.text.slice(left.to, right.from).trim();
        const k = widest(this.known.get(left), this.known.get(right));
        return k ?? (op === '/' ? 'double' : undefined);
      }
      case BuiltinNode.CallExpr: {
        const [callee, argList] = kids(n);
        const symbol = callee ? s.symbolAt(callee) : undefined;
        const key = symbol?.builtin?.key;
        const [arg] = argList ? kids(argList) : [];
        if (key === 'abs' || key === 'sqr' || key === 'sqrt') {
          if (!arg || !s.isReal(n)) return undefined;
          // Of a constant they are folded, and folding is in Extended.
          if (this.isConstant(arg)) return 'extended';
          return this.of(arg) ?? 'extended';
        }
        return this.declared(n);
      }
      case BuiltinNode.Identifier: {
        const symbol = s.symbolAt(n);
        if (symbol?.kind === 'constant') return s.constantKind(symbol);
        return this.declared(n);
      }
      default:
        return this.declared(n);
    }
  }

  /** Whether `n` is made of literals and constants only (Free Pascal folds it at compile time). */
  isConstant(n: SyntaxNode): boolean {
    const stack = [n];
    while (stack.length > 0) {
      const c = stack.pop() as SyntaxNode;
      if (c.type === BuiltinNode.Number || c.type === BuiltinNode.String || c.type === BuiltinNode.Boolean) continue;
      if (c.type === BuiltinNode.Identifier) {
        if (this.source.symbolAt(c)?.kind !== 'constant') return false;
      } else if (isOperator(c)) stack.push(...c.children);
      else if (c.type === BuiltinNode.CallExpr) {
        // Free Pascal folds these System functions of constants too.
        const [callee, args] = kids(c);
        const key = callee ? this.source.symbolAt(callee)?.builtin?.key : undefined;
        if (!key || !FOLDED.has(key) || !args) return false;
        stack.push(...kids(args));
      } else return false;
    }
    return true;
  }

  private declared(n: SyntaxNode): FloatKind | undefined {
    const k = declaredKind(this.source.typeOf(n));
    if (k === 'unsupported')
      throw this.source.unsupported(
        n,
        'Currency and Comp values are outside the subset (Single, REAL, Double and Extended are translated)',
      );
    return k;
  }
}

const FOLDED: ReadonlySet<string> = new Set([
  'abs',
  'sqr',
  'sqrt',
  'trunc',
  'int',
  'round',
  'ord',
  'chr',
  'odd',
  'len',
  'length',
  'succ',
  'pred',
]);

function isOperator(n: SyntaxNode): boolean {
  return n.type === BuiltinNode.BinaryExpr || n.type === BuiltinNode.UnaryExpr || n.type === BuiltinNode.ParenExpr;
}
