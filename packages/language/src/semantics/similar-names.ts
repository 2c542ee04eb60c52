import type { Binder } from './binder.js';
import type { LanguageSymbol, Occurrence } from './symbol.js';
import { editDistance } from '../diagnostics/edit-distance.js';

/**
 * Declared names a misspelt one was probably meant to be: those visible where it is used,
 * within a third of its length in edits (at least one; a swap of neighbours is one edit, the
 * commonest typo), closest first, at most three.
 * Compared case-folded when the language ignores case, as it resolves names.
 */
export function similarNames(b: Binder, o: Occurrence): LanguageSymbol[] {
  const wanted = o.key;
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  const found: { symbol: LanguageSymbol; d: number }[] = [];
  const seen = new Set<string>();
  for (let scope: typeof o.scope | undefined = o.scope; scope; scope = scope.parent) {
    const names = o.namespace === 'labels' ? scope.labels : scope.symbols;
    for (const [key, symbol] of names) {
      if (seen.has(key) || Math.abs(key.length - wanted.length) > limit) continue;
      seen.add(key);
      // A word is not a misspelt symbol (`J` is no slip from Forth's `!`), nor the other way round.
      if (/\w/.test(key) !== /\w/.test(wanted)) continue;
      const d = editDistance(key, wanted);
      if (d > 0 && d <= limit && fits(symbol, o)) found.push({ symbol, d });
    }
  }
  return found
    .sort((x, y) => x.d - y.d || x.symbol.name.localeCompare(y.symbol.name))
    .slice(0, 3)
    .map((f) => f.symbol);
}

/** A call wants something callable; a value use wants a value. */
function fits(symbol: LanguageSymbol, o: Occurrence): boolean {
  const callable = symbol.kind === 'function' || symbol.kind === 'procedure' || symbol.kind === 'builtin-function';
  if (o.role === 'call') return callable || symbol.type.kind === 'array';
  if (o.role === 'write')
    return (
      symbol.kind === 'variable' || symbol.kind === 'parameter' || symbol.kind === 'field' || symbol.kind === 'function'
    );
  return symbol.kind !== 'program';
}
