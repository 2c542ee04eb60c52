import type { Expr, Program, Routine, Stmt, VarDecl } from './program-ast.js';
import { mapExpr, referencedNames, rewriteProgram } from './rewrite-program.js';

/** The variable an assignment target stores into: the name under its indexes and fields. */
function rootName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'index') return rootName(e.array);
  if (e.kind === 'field') return rootName(e.base);
  return undefined;
}

/** The names `stmts` read: every name but the variable an assignment stores into. */
function readNames(stmts: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'name') names.add(e.name);
    if (e.kind === 'call' && !e.builtin) names.add(e.callee);
    if (e.kind === 'index') visit(e.index);
    const parts =
      e.kind === 'index'
        ? [e.array]
        : e.kind === 'field'
          ? [e.base]
          : e.kind === 'unary'
            ? [e.operand]
            : e.kind === 'binary'
              ? [e.left, e.right]
              : e.kind === 'call'
                ? e.args
                : [];
    parts.forEach(visit);
  };
  const visitTarget = (e: Expr): void => {
    if (e.kind === 'index') {
      visit(e.index);
      visitTarget(e.array);
    } else if (e.kind === 'field') visitTarget(e.base);
  };
  const probe: Program = { records: [], consts: [], globals: [], routines: [], mainLocals: [], main: stmts };
  rewriteProgram(probe, {
    stmt: (s) => {
      if (s.kind === 'assign') {
        visitTarget(s.target);
        visit(s.value);
        return [];
      }
      if (s.kind === 'call') names.add(s.callee);
      if (s.kind === 'while' || s.kind === 'repeat') names.add(rootName(s.counter) ?? '');
      if (s.kind === 'for') names.add(rootName(s.variable) ?? '');
      return undefined;
    },
    expr: (e) => {
      visit(e);
      return e;
    },
  });
  return names;
}

/** `stmts` without the assignments into any of `names`. */
function withoutStoresInto(stmts: readonly Stmt[], names: ReadonlySet<string>): Stmt[] {
  const probe: Program = { records: [], consts: [], globals: [], routines: [], mainLocals: [], main: stmts };
  return [
    ...rewriteProgram(probe, {
      stmt: (s) => (s.kind === 'assign' && names.has(rootName(s.target) ?? '') ? [] : undefined),
    }).main,
  ];
}

function pruneLocals(locals: readonly VarDecl[], body: readonly Stmt[]): { locals: VarDecl[]; body: Stmt[] } {
  const read = readNames(body);
  const dead = new Set(locals.filter((l) => !read.has(l.name)).map((l) => l.name));
  return { locals: locals.filter((l) => !dead.has(l.name)), body: withoutStoresInto(body, dead) };
}

/** Call sites of `routine` without the arguments at `dropped`. */
function withoutArguments(p: Program, routine: string, dropped: ReadonlySet<number>): Program {
  const keep = <T>(args: readonly T[]): T[] => args.filter((_, i) => !dropped.has(i));
  return rewriteProgram(p, {
    expr: (e) =>
      mapExpr(e, (x) => (x.kind === 'call' && !x.builtin && x.callee === routine ? { ...x, args: keep(x.args) } : x)),
    stmt: (s) => (s.kind === 'call' && s.callee === routine ? [{ ...s, args: keep(s.args) }] : undefined),
  });
}

/**
 * The program without what it declares and never reads: C compilers with -Wall -Wextra
 * reject unused statics, parameters and locals set but never read. Used when the feature
 * `unusedDeclarations` is off, so the other constructs can be tested while that is open.
 */
export function pruneUnused(program: Program): Program {
  let p = program;
  for (let round = 0; round < 8; round++) {
    const before = JSON.stringify(p);
    const routines: Routine[] = [];
    for (const r of p.routines) {
      const pruned = pruneLocals(r.locals, r.body);
      routines.push({ ...r, ...pruned });
    }
    p = { ...p, routines };
    for (const r of p.routines) {
      const read = readNames(r.body);
      const dropped = new Set(r.params.map((q, i) => (read.has(q.name) ? -1 : i)).filter((i) => i >= 0));
      if (!dropped.size) continue;
      const names = new Set(r.params.filter((_, i) => dropped.has(i)).map((q) => q.name));
      p = withoutArguments(p, r.name, dropped);
      p = {
        ...p,
        routines: p.routines.map((x) =>
          x.name === r.name
            ? { ...x, params: x.params.filter((_, i) => !dropped.has(i)), body: withoutStoresInto(x.body, names) }
            : x,
        ),
      };
    }
    const main = pruneLocals(p.mainLocals, p.main);
    p = { ...p, mainLocals: main.locals, main: main.body };
    const used = referencedNames(p);
    // A routine counts as used when code other than its own body calls it.
    const called = (r: Routine): boolean =>
      readNames(p.main).has(r.name) || p.routines.some((x) => x !== r && readNames(x.body).has(r.name));
    p = {
      ...p,
      routines: p.routines.filter(called),
      globals: p.globals.filter((g) => used.has(g.name)),
      consts: p.consts.filter((c) => used.has(c.name)),
      records: p.records.filter((r) => used.has(r.name)),
    };
    if (JSON.stringify(p) === before) break;
  }
  return p;
}
