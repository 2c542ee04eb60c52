import type { Binder } from './binder.js';
import type { LanguageSymbol, Scope } from './symbol.js';

/** How the result variable is spelt: Free Pascal's spelling, and in lower and upper case for case-sensitive configs. */
const SPELLINGS = ['Result', 'result', 'RESULT'] as const;

/**
 * Declares a function's `Result` (Delphi mode): an implicit variable of its result type in
 * its body, readable and assignable there and in the routines nested in it, as Free Pascal
 * has it. A parameter or local of that name declared in the function shadows it; so is a
 * name `Result` outside functions an ordinary one. Called once the body is bound, so the
 * function's own declarations are known.
 */
export function declareImplicitResult(b: Binder, fn: LanguageSymbol, body: Scope): void {
  const keys = [...new Set(SPELLINGS.map((s) => b.fold(s)))];
  if (keys.some((k) => body.symbols.has(k))) return;
  const result: LanguageSymbol = {
    name: SPELLINGS[0],
    kind: 'variable',
    scope: body,
    type: fn.type,
    explicit: true,
    detail: `${SPELLINGS[0]}: ${fn.type.kind === 'unknown' ? 'unknown' : fn.type.display}`,
  };
  for (const k of keys) body.symbols.set(k, result);
  b.declareImplicit(result);
}

/** A function's implicit `Result`: a variable with no place in the text, in a function's body. */
export function isImplicitResult(symbol: LanguageSymbol): boolean {
  return symbol.kind === 'variable' && !symbol.nameSpan && symbol.scope.owner?.kind === 'function';
}
