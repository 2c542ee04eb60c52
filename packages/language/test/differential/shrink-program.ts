import { intLit, lit } from './generate-expression.js';
import type { Expr, Program, Stmt } from './program-ast.js';
import { referencedNames, rewriteProgram } from './rewrite-program.js';

/** A simple literal of the type of `e`, or undefined for records. */
function simplest(e: Expr): Expr | undefined {
  switch (e.t) {
    case 'integer':
    case 'int64':
      return intLit(1);
    case 'real':
      return lit('real', 0.5, 0.5, '0.5');
    case 'boolean':
      return lit('boolean', true);
    case 'char':
      return lit('char', 'a');
    case 'string':
      return lit('string', '');
    case 'record':
      return undefined;
  }
}

/** The same-typed direct parts of `e` that are no bigger in magnitude, so a guard stays a guard. */
function smallerParts(e: Expr): Expr[] {
  const parts =
    e.kind === 'binary' ? [e.left, e.right] : e.kind === 'unary' ? [e.operand] : e.kind === 'call' ? e.args : [];
  return parts.filter((c) => c.t === e.t && c.bound <= e.bound && !(c.kind === 'literal' && e.kind === 'literal'));
}

function statementCount(p: Program): number {
  let n = 0;
  rewriteProgram(p, { stmt: () => void n++ });
  return n;
}

/** Programs one step smaller than `p`, the biggest steps first: statements, then declarations, then expressions. */
export function smallerPrograms(p: Program): Program[] {
  const out: Program[] = [];
  const statements = statementCount(p);
  for (let target = 0; target < statements; target++) {
    let n = 0;
    out.push(rewriteProgram(p, { stmt: () => (n++ === target ? [] : undefined) }));
  }
  for (let target = 0; target < statements; target++) {
    let n = 0;
    const spliced = rewriteProgram(p, {
      stmt: (s: Stmt) => {
        if (n++ !== target) return undefined;
        if (s.kind === 'if') return [...s.then];
        if (s.kind === 'case') return [...(s.arms[0]?.body ?? [])];
        return undefined;
      },
    });
    if (n > target) out.push(spliced);
  }
  const used = referencedNames(p);
  const unused = <T extends { readonly name: string }>(items: readonly T[]): T[] =>
    items.filter((d) => !used.has(d.name));
  for (const r of unused(p.routines)) out.push({ ...p, routines: p.routines.filter((x) => x !== r) });
  for (const g of unused(p.globals)) out.push({ ...p, globals: p.globals.filter((x) => x !== g) });
  for (const m of unused(p.mainLocals)) out.push({ ...p, mainLocals: p.mainLocals.filter((x) => x !== m) });
  for (const c of unused(p.consts)) out.push({ ...p, consts: p.consts.filter((x) => x !== c) });
  for (const rec of unused(p.records)) out.push({ ...p, records: p.records.filter((x) => x !== rec) });
  p.routines.forEach((r, i) => {
    for (const l of r.locals.filter((d) => !used.has(d.name)))
      out.push({
        ...p,
        routines: p.routines.map((x, j) => (j === i ? { ...x, locals: x.locals.filter((y) => y !== l) } : x)),
      });
  });
  let exprs = 0;
  rewriteProgram(p, { expr: () => void exprs++ });
  for (let target = 0; target < exprs; target++) {
    for (const pick of [0, 1, 2]) {
      let n = 0;
      let changed = false;
      const next = rewriteProgram(p, {
        expr: (e) => {
          if (n++ !== target || e.fixed) return undefined;
          const choice = pick === 0 ? simplest(e) : smallerParts(e)[pick - 1];
          if (!choice || (e.kind === 'literal' && choice.kind === 'literal')) return undefined;
          changed = true;
          return choice;
        },
      });
      if (changed) out.push(next);
    }
  }
  return out;
}

/** The size a shrink minimises: the printed program's length stands in for its number of parts. */
export const programSize = (p: Program): number => JSON.stringify(p).length;
