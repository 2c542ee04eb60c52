/**
 * The types a ParserCraft program can declare, as far as checking needs them. Configs do not
 * declare types, so the primitive names are the ones Pascal-family languages predeclare
 * (INTEGER, REAL, STRING, CHAR, BOOLEAN and their usual aliases); BASIC's `$` suffix makes a
 * string variable. Anything else is `unknown`, and unknown is compatible with everything:
 * a checker that guesses produces false errors, which teach users to ignore it.
 */
import type { LanguageSymbol, Occurrence } from './symbol.js';
import type { SyntaxNode } from '../syntax/syntax-tree.js';

export type Primitive = 'integer' | 'real' | 'string' | 'char' | 'boolean';

export type LangType =
  | {
      readonly kind: 'primitive';
      readonly name: Primitive;
      readonly display: string;
      /** What a TYPE alias stands for as written (`Byte`, `0..9`), for its width in C. */
      readonly spelled?: string;
    }
  | ArrayType
  | { readonly kind: 'set'; readonly element: LangType; readonly display: string }
  | EnumType
  | RecordLike<'record'>
  | RecordLike<'protocol'>
  | { readonly kind: 'unknown' };

/**
 * An array of one dimension: `ARRAY [1..3, 1..4] OF T` is an array of `ARRAY [1..4] OF T`,
 * as Pascal defines it, so `a[i, j]` and `a[i][j]` are one element. `index` is the type of
 * its bounds (INTEGER for `1..10`), absent when not known (an open `ARRAY OF T`, BASIC's DIM).
 */
export interface ArrayType {
  readonly kind: 'array';
  readonly element: LangType;
  readonly index?: LangType;
  readonly display: string;
  /** The range's bound expressions where the program declares them (C generation sizes and indexes by them). */
  readonly bounds?: { readonly low: SyntaxNode; readonly high: SyntaxNode };
}

/**
 * An enumerated type, `(Red, Green, Blue)`: its values are constants of it, in order. Two
 * enumerations are one type when they share their values (an alias `TYPE Hue = Color`).
 */
export interface EnumType {
  readonly kind: 'enum';
  readonly values: readonly LanguageSymbol[];
  readonly display: string;
}

/**
 * A record or a protocol: members by folded name (fields, and method headings where the
 * language has protocols). `symbol` is the type declaration that names it; `bases` are the
 * type names after IMPLEMENTS or EXTENDS, resolved once binding is done (so a protocol may
 * name itself in its own members).
 */
export interface RecordLike<K extends 'record' | 'protocol'> {
  readonly kind: K;
  readonly fields: ReadonlyMap<string, Typed>;
  readonly display: string;
  readonly symbol?: LanguageSymbol;
  readonly bases: readonly Occurrence[];
}

/** Anything with a type; a record's fields are its field symbols, so `p.x` can resolve to one. */
export interface Typed {
  readonly type: LangType;
}

export const UNKNOWN: LangType = { kind: 'unknown' };

const primitive = (name: Primitive, display: string = name.toUpperCase()): LangType => ({
  kind: 'primitive',
  name,
  display,
});
export const INTEGER = primitive('integer');
/** The type of an integer literal beyond INTEGER's 32 bits, as Free Pascal types it. */
export const INT64 = primitive('integer', 'Int64');
export const REAL = primitive('real');
export const STRING = primitive('string');
export const CHAR = primitive('char');
export const BOOLEAN = primitive('boolean');

/** Predeclared type names of the typed (Pascal-family) layout, by lower-case name. */
export const PREDECLARED_TYPES: ReadonlyMap<string, Primitive> = new Map<string, Primitive>([
  ...['integer', 'longint', 'shortint', 'smallint', 'byte', 'word', 'cardinal', 'longword', 'int64', 'qword'].map(
    (n) => [n, 'integer'] as const,
  ),
  ...['real', 'single', 'double', 'extended', 'currency'].map((n) => [n, 'real'] as const),
  ...['string', 'ansistring', 'shortstring', 'widestring'].map((n) => [n, 'string'] as const),
  ['char', 'char'],
  ['boolean', 'boolean'],
]);

export function predeclaredType(name: string): LangType | undefined {
  const p = PREDECLARED_TYPES.get(name.toLowerCase());
  return p ? primitive(p, name) : undefined;
}

export function isKnown(t: LangType): boolean {
  return t.kind !== 'unknown';
}

export function isNumeric(t: LangType): boolean {
  return t.kind === 'primitive' && (t.name === 'integer' || t.name === 'real');
}

export function isTextual(t: LangType): boolean {
  return t.kind === 'primitive' && (t.name === 'string' || t.name === 'char');
}

export function isOrdinal(t: LangType): boolean {
  if (t.kind === 'enum') return true;
  return t.kind === 'primitive' && (t.name === 'integer' || t.name === 'char' || t.name === 'boolean');
}

/** Whether two sets hold elements of one type (`[]`, of no known element type, fits any). */
export function sameElements(a: { readonly element: LangType }, b: { readonly element: LangType }): boolean {
  return !isKnown(a.element) || !isKnown(b.element) || sameOrdinal(a.element, b.element);
}

/** Whether two ordinal types are one: INTEGER and LongInt are, INTEGER and CHAR are not. */
export function sameOrdinal(a: LangType, b: LangType): boolean {
  if (a.kind === 'enum' || b.kind === 'enum') return a.kind === 'enum' && b.kind === 'enum' && a.values === b.values;
  return a.kind === 'primitive' && b.kind === 'primitive' && a.name === b.name;
}

export function describe(t: LangType): string {
  return t.kind === 'unknown' ? 'unknown' : t.display;
}

/**
 * Whether a value of type `value` may be stored in a place of type `target`: the same kind,
 * an integer widened to real, a char into a string. Arrays and records compare by element
 * and field types, because programs here name them once and use them everywhere.
 */
export function isAssignable(target: LangType, value: LangType): boolean {
  if (target.kind === 'unknown' || value.kind === 'unknown') return true;
  if (target.kind === 'primitive' && value.kind === 'primitive') {
    if (target.name === value.name) return true;
    if (target.name === 'real' && value.name === 'integer') return true;
    return target.name === 'string' && value.name === 'char';
  }
  if (target.kind === 'array' && value.kind === 'array')
    return isAssignable(target.element, value.element) && isAssignable(value.element, target.element);
  if (target.kind === 'set' && value.kind === 'set') return sameElements(target, value);
  if (target.kind === 'enum' || value.kind === 'enum') return sameOrdinal(target, value);
  if (target.kind === 'record' && value.kind === 'record')
    return target === value || sameFields(target.fields, value.fields);
  // Whether a record or protocol conforms to a protocol is checkProtocols' question; it
  // answers with the members that fail, which a yes or no here cannot.
  if (target.kind === 'protocol') return value.kind === 'record' || value.kind === 'protocol';
  return false;
}

function sameFields(a: ReadonlyMap<string, Typed>, b: ReadonlyMap<string, Typed>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, { type: t }] of a) {
    const u = b.get(name)?.type;
    if (!u || !isAssignable(t, u) || !isAssignable(u, t)) return false;
  }
  return true;
}

/**
 * A member of a record or protocol type, by folded name: its own, else one it has through
 * the protocols it extends (the first found, depth first; conflicts are checkProtocols' to
 * report). Cycles in EXTENDS end the search instead of looping.
 */
export function memberOf(
  t: RecordLike<'record' | 'protocol'>,
  key: string,
  seen = new Set<LangType>(),
): Typed | undefined {
  const own = t.fields.get(key);
  if (own || t.kind === 'record') return own;
  seen.add(t);
  for (const base of t.bases) {
    const bt = base.symbol?.type;
    if (bt?.kind !== 'protocol' || seen.has(bt)) continue;
    const found = memberOf(bt, key, seen);
    if (found) return found;
  }
  return undefined;
}

/** Whether `=`/`<` between the two makes sense: numbers with numbers, text with text, and so on. */
export function areComparable(a: LangType, b: LangType): boolean {
  if (!isKnown(a) || !isKnown(b)) return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (isTextual(a) && isTextual(b)) return true;
  if (a.kind === 'set' && b.kind === 'set') return sameElements(a, b);
  if (a.kind === 'enum' || b.kind === 'enum') return sameOrdinal(a, b);
  return a.kind === 'primitive' && b.kind === 'primitive' && a.name === b.name;
}
