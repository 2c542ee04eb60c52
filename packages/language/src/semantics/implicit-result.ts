import type { Binder } from './binder.js';
import { describe, type LangType } from './language-types.js';
import type { LanguageSymbol, Scope } from './symbol.js';

/** How the result variable is spelt: Free Pascal's spelling, and in lower and upper case for case-sensitive configs. */
const SPELLINGS = ['Result', 'result', 'RESULT'] as const;

/**
 * Declares a function's `Result` (Delphi mode): an implicit variable of its result type in
 * its body, readable and assignable there and in the routines nested in it, as Free Pascal
 * has it. Declared before the parameters, so a parameter, local or constant of that name in
 * the function itself is a duplicate, as Free Pascal reports it; a routine nested in it may
 * declare its own, and outside functions `Result` is an ordinary name. Its type is set by
 * `typeImplicitResult` once the heading has given the function's.
 */
export function declareImplicitResult(b: Binder, body: Scope): LanguageSymbol {
  const result: LanguageSymbol = {
    name: SPELLINGS[0],
    kind: 'variable',
    scope: body,
    type: { kind: 'unknown' },
    explicit: true,
    detail: `${SPELLINGS[0]}: unknown`,
  };
  for (const spelling of SPELLINGS) body.symbols.set(b.fold(spelling), result);
  b.declareImplicit(result);
  return result;
}

export function typeImplicitResult(result: LanguageSymbol, type: LangType): void {
  result.type = type;
  result.detail = `${result.name}: ${describe(type)}`;
}

/** A function's implicit `Result`: a variable with no place in the text, in a function's body. */
export function isImplicitResult(symbol: LanguageSymbol): boolean {
  return symbol.kind === 'variable' && !symbol.nameSpan && symbol.scope.owner?.kind === 'function';
}
