import type { Binder } from '../semantics/binder.js';
import type { LanguageSymbol } from '../semantics/symbol.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';
import { isImplicitResult } from '../semantics/implicit-result.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';

const ROUTINES: ReadonlySet<string> = new Set([BuiltinNode.FunctionDecl, BuiltinNode.ProcedureDecl]);

/**
 * What C needs to lift Pascal's nested routines to file scope: for each routine, the
 * variables and parameters of the routines around it that it uses, directly or through the
 * nested routines it calls (which it must hand them to). C gets them as pointers, so a
 * nested routine reads and writes its parent's variables, as in Pascal. Top-level routines
 * capture nothing: all they can see besides their own are globals.
 */
export function capturedVariables(b: Binder, tree: SyntaxNode): Map<LanguageSymbol, LanguageSymbol[]> {
  // Most programs nest no routine: then there is nothing to capture and no walk to make.
  if (!tree.children.some((r) => ROUTINES.has(r.type) && r.children.some((c) => ROUTINES.has(c.type))))
    return new Map();
  const direct = new Map<LanguageSymbol, Set<LanguageSymbol>>();
  const calls = new Map<LanguageSymbol, Set<LanguageSymbol>>();
  // Each routine's own part of the tree: nested routines are walked as routines of their own.
  const stack: { node: SyntaxNode; routine: LanguageSymbol | undefined }[] = [{ node: tree, routine: undefined }];
  while (stack.length > 0) {
    const { node, routine } = stack.pop() as { node: SyntaxNode; routine: LanguageSymbol | undefined };
    let owner = routine;
    if (ROUTINES.has(node.type)) {
      const name = node.children[0];
      owner = name ? b.occurrenceStarting(name.from)?.symbol : undefined;
      if (owner) {
        direct.set(owner, direct.get(owner) ?? new Set());
        calls.set(owner, calls.get(owner) ?? new Set());
      }
    } else if (node.type === BuiltinNode.Identifier && routine) {
      const symbol = b.occurrenceStarting(node.from)?.symbol;
      if (symbol && (symbol.kind === 'variable' || symbol.kind === 'parameter')) {
        const from = symbol.scope.owner;
        if (symbol.scope.kind === 'routine' && from && from !== routine) direct.get(routine)?.add(symbol);
      } else if (symbol && (symbol.kind === 'function' || symbol.kind === 'procedure')) {
        calls.get(routine)?.add(symbol);
        // `Outer := x` in a routine nested in Outer sets Outer's result variable.
        const result =
          symbol !== routine && b.occurrenceStarting(node.from)?.role === 'write' ? resultOf(symbol) : undefined;
        if (result) direct.get(routine)?.add(result);
      }
    }
    for (const c of node.children) stack.push({ node: c, routine: owner });
  }
  // Needs flow from callee to caller until nothing changes; a routine never needs its own.
  const needs = new Map<LanguageSymbol, Set<LanguageSymbol>>([...direct].map(([r, s]) => [r, new Set(s)]));
  for (let changed = true; changed;) {
    changed = false;
    for (const [routine, callees] of calls) {
      const own = needs.get(routine) as Set<LanguageSymbol>;
      for (const callee of callees) {
        for (const v of needs.get(callee) ?? []) {
          if (v.scope.owner === routine || own.has(v)) continue;
          own.add(v);
          changed = true;
        }
      }
    }
  }
  // In declaration order, so parameter lists are stable from run to run.
  return new Map(
    [...needs].map(([r, s]) => [r, [...s].sort((x, y) => (x.nameSpan?.from ?? 0) - (y.nameSpan?.from ?? 0))]),
  );
}

/** A function's implicit result variable (Delphi mode), which its name stands for as a target. */
export function resultOf(fn: LanguageSymbol): LanguageSymbol | undefined {
  return fn.body ? [...fn.body.symbols.values()].find(isImplicitResult) : undefined;
}
