import type { Binder } from '../semantics/binder.js';
import type { LanguageSymbol, Span } from '../semantics/symbol.js';

/** A base named after IMPLEMENTS or EXTENDS: where its name is and what it resolved to. */
export interface BaseRef {
  readonly name: Span;
  readonly symbol: LanguageSymbol | undefined;
}

/**
 * A record or protocol declaration: what conformance is judged on. Its members are the
 * symbols the binder declared in the type's scope (`symbol.body`), with their types and
 * READONLY/OPTIONAL marks, so checks read them without walking the tree again.
 */
export interface TypeShape {
  readonly kind: 'record' | 'protocol';
  readonly symbol: LanguageSymbol;
  readonly nameSpan: Span;
  readonly bases: readonly BaseRef[];
}

/** Every named record and protocol type the binder declared, with the bases it resolved. */
export function readTypeShapes(b: Binder): Map<LanguageSymbol, TypeShape> {
  const shapes = new Map<LanguageSymbol, TypeShape>();
  for (const symbol of b.declared) {
    const t = symbol.type;
    if (
      symbol.kind !== 'type' ||
      (t.kind !== 'record' && t.kind !== 'protocol') ||
      t.symbol !== symbol ||
      !symbol.nameSpan
    )
      continue;
    shapes.set(symbol, {
      kind: t.kind,
      symbol,
      nameSpan: symbol.nameSpan,
      bases: t.bases.map((o) => ({ name: o, symbol: o.symbol })),
    });
  }
  return shapes;
}
