import { describe, type LangType, type RecordLike } from '../semantics/language-types.js';
import { isRoutine, type LanguageSymbol } from '../semantics/symbol.js';

/**
 * The same type: primitives by kind (INTEGER and LongInt are one), arrays by element, records
 * and protocols by declaration. An unknown type matches anything: the checker never guesses.
 */
export function sameType(a: LangType, b: LangType): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'primitive' && b.kind === 'primitive') return a.name === b.name;
  if (a.kind === 'array' && b.kind === 'array') return sameType(a.element, b.element);
  return a === b;
}

/**
 * Declared subtyping: a type is a subtype of itself, and a record or protocol of every
 * protocol it IMPLEMENTS or EXTENDS, transitively. Structure alone does not make a subtype
 * here; it is checked where a value flows into a protocol-typed name.
 */
export function isSubtype(a: LangType, b: LangType): boolean {
  if (sameType(a, b)) return true;
  if (b.kind !== 'protocol' || (a.kind !== 'record' && a.kind !== 'protocol')) return false;
  // Most answers are one step away; the walk with its visited set is for the rest.
  for (const base of a.bases) if (base.symbol?.type === b) return true;
  return declares(a, b, new Set());
}

function declares(a: RecordLike<'record' | 'protocol'>, p: LangType, seen: Set<LangType>): boolean {
  seen.add(a);
  for (const base of a.bases) {
    const t = base.symbol?.type;
    if (t === p) return true;
    if (t?.kind === 'protocol' && !seen.has(t) && declares(t, p, seen)) return true;
  }
  return false;
}

/** A member's kind as protocols speak of it. */
export function memberKind(m: LanguageSymbol): 'method' | 'property' {
  return isRoutine(m) ? 'method' : 'property';
}

/** A method's result type; undefined for a procedure. */
export function resultOf(m: LanguageSymbol): LangType | undefined {
  return m.kind === 'function' ? m.type : undefined;
}

/** `area(): REAL`, `scale(VAR REAL)`, `name: STRING`: a member as messages show it. */
export function memberText(m: LanguageSymbol): string {
  if (!isRoutine(m)) return `${m.name}: ${describe(m.type)}`;
  const params = (m.params ?? []).map((p) => `${p.byReference ? 'VAR ' : ''}${describe(p.type)}`).join(', ');
  const result = resultOf(m);
  return `${m.name}(${params})${result ? `: ${describe(result)}` : ''}`;
}
