import type { Expr, Stmt } from './program-ast.js';
import type { RoutineSig } from './scope.js';

/** At most how many statements running `stmts` executes, loops at their trip limit and calls at their cost. */
export function costOf(stmts: readonly Stmt[], routines: readonly RoutineSig[]): number {
  const callee = (name: string): number => routines.find((r) => r.name === name)?.cost ?? 1;
  const expr = (e: Expr): number => {
    switch (e.kind) {
      case 'literal':
      case 'name':
        return 0;
      case 'index':
        return expr(e.array) + expr(e.index);
      case 'field':
        return expr(e.base);
      case 'unary':
        return expr(e.operand);
      case 'binary':
        return expr(e.left) + expr(e.right);
      case 'call':
        return e.args.reduce((sum, a) => sum + expr(a), e.builtin ? 0 : callee(e.callee));
    }
  };
  const list = (body: readonly Stmt[]): number => body.reduce((sum, s) => sum + stmt(s), 0);
  const stmt = (s: Stmt): number => {
    switch (s.kind) {
      case 'assign':
        return 1 + expr(s.target) + expr(s.value);
      case 'call':
        return 1 + callee(s.callee) + s.args.reduce((sum, a) => sum + expr(a), 0);
      case 'write':
        return 1 + s.args.reduce((sum, a) => sum + expr(a), 0);
      case 'if':
        return (
          1 +
          expr(s.cond) +
          s.elifs.reduce((sum, e) => sum + expr(e.cond), 0) +
          Math.max(list(s.then), ...s.elifs.map((e) => list(e.body)), list(s.otherwise ?? []))
        );
      case 'while':
      case 'repeat':
        return 1 + s.limit * (2 + expr(s.cond) + list(s.body));
      case 'for':
        return 1 + expr(s.from) + expr(s.to) + 9 * (1 + list(s.body));
      case 'case':
        return 1 + expr(s.selector) + Math.max(0, ...s.arms.map((a) => list(a.body)), list(s.otherwise ?? []));
    }
  };
  return list(stmts);
}
