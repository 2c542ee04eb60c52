import type { Expr, Program, Stmt } from './program-ast.js';

/** How to rebuild a program: each statement list and each expression (pre-order) may be replaced. */
export interface Rewrite {
  readonly list?: (stmts: readonly Stmt[]) => readonly Stmt[];
  /** A replacement for `e`, or undefined to keep it and rewrite inside it. */
  readonly expr?: (e: Expr) => Expr | undefined;
  /** A replacement list for `s` (its own body spliced in, say), or undefined to keep it. */
  readonly stmt?: (s: Stmt) => readonly Stmt[] | undefined;
}

/** The program rebuilt through `rw`, visiting lists, statements and expressions in one fixed order. */
export function rewriteProgram(p: Program, rw: Rewrite): Program {
  const expr = (e: Expr): Expr => {
    const replaced = rw.expr?.(e);
    if (replaced) return replaced;
    switch (e.kind) {
      case 'literal':
      case 'name':
        return e;
      case 'index':
        return { ...e, array: expr(e.array), index: expr(e.index) };
      case 'field':
        return { ...e, base: expr(e.base) };
      case 'unary':
        return { ...e, operand: expr(e.operand) };
      case 'binary':
        return { ...e, left: expr(e.left), right: expr(e.right) };
      case 'call':
        return { ...e, args: e.args.map(expr) };
    }
  };
  const list = (stmts: readonly Stmt[]): Stmt[] => {
    const kept = rw.list ? rw.list(stmts) : stmts;
    return kept.flatMap((s) => rw.stmt?.(s) ?? [stmt(s)]);
  };
  const stmt = (s: Stmt): Stmt => {
    switch (s.kind) {
      case 'assign':
        return { ...s, target: expr(s.target), value: expr(s.value) };
      case 'call':
      case 'write':
        return { ...s, args: s.args.map(expr) };
      case 'if':
        return {
          ...s,
          cond: expr(s.cond),
          then: list(s.then),
          elifs: s.elifs.map((e) => ({ cond: expr(e.cond), body: list(e.body) })),
          otherwise: s.otherwise && list(s.otherwise),
        };
      case 'while':
      case 'repeat':
        return { ...s, cond: expr(s.cond), body: list(s.body) };
      case 'for':
        return { ...s, from: expr(s.from), to: expr(s.to), body: list(s.body) };
      case 'case':
        return {
          ...s,
          selector: expr(s.selector),
          arms: s.arms.map((a) => ({ labels: a.labels, body: list(a.body) })),
          otherwise: s.otherwise && list(s.otherwise),
        };
    }
  };
  return {
    ...p,
    consts: p.consts.map((c) => ({ ...c, value: expr(c.value) })),
    routines: p.routines.map((r) => ({ ...r, body: list(r.body) })),
    main: list(p.main),
  };
}

/** `e` rebuilt bottom-up: each node's parts first, then `f` of the node with its new parts. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  const m = (x: Expr): Expr => mapExpr(x, f);
  switch (e.kind) {
    case 'literal':
    case 'name':
      return f(e);
    case 'index':
      return f({ ...e, array: m(e.array), index: m(e.index) });
    case 'field':
      return f({ ...e, base: m(e.base) });
    case 'unary':
      return f({ ...e, operand: m(e.operand) });
    case 'binary':
      return f({ ...e, left: m(e.left), right: m(e.right) });
    case 'call':
      return f({ ...e, args: e.args.map(m) });
  }
}

/** Every name a program's code refers to: variables, constants, routines and record types. */
export function referencedNames(p: Program): Set<string> {
  const names = new Set<string>();
  const visit = (e: Expr): undefined => {
    if (e.kind === 'name') names.add(e.name);
    if (e.kind === 'call' && !e.builtin) names.add(e.callee);
    return undefined;
  };
  rewriteProgram(p, {
    expr: visit,
    stmt: (s) => {
      if (s.kind === 'call') names.add(s.callee);
      if (s.kind === 'while' || s.kind === 'repeat') names.add((s.counter as { name: string }).name);
      if (s.kind === 'for') names.add((s.variable as { name: string }).name);
      return undefined;
    },
  });
  const types = [...p.globals, ...p.mainLocals, ...p.routines.flatMap((r) => [...r.locals, ...r.params])];
  for (const d of types) {
    const t = d.type;
    const element = t.kind === 'array' ? t.element : t;
    if (element.kind === 'record') names.add(element.record.name);
  }
  return names;
}
