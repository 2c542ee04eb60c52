import type { FunctionSpec } from '../config/language-spec.js';
import type { LangType } from './language-types.js';

export type SymbolKind =
  | 'program'
  | 'function'
  | 'procedure'
  | 'parameter'
  | 'variable'
  | 'constant'
  | 'type'
  | 'field'
  | 'label'
  | 'builtin-function'
  | 'builtin-type';

/** A span of the source in UTF-16 offsets; converted to line/character only when asked for. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * One named thing in a program, or one the language provides (configured functions,
 * predeclared types). Offsets, not ranges: a 10,000-line program has tens of thousands of
 * occurrences, and most are never shown.
 */
export interface LanguageSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** The whole declaration (a routine from its keyword to its end); absent for built-ins. */
  readonly span?: Span;
  /** The name where it is declared, or where it is first assigned when declared implicitly. */
  readonly nameSpan?: Span;
  /** The scope it belongs to. */
  readonly scope: Scope;
  /** The scope it opens: a routine's parameters and locals, a record's fields. */
  body?: Scope;
  /** Declared (or, for constants and implicit variables, inferred) type. */
  type: LangType;
  /** Declared in text (`VAR x: T`) rather than by its first assignment (BASIC, Python). */
  readonly explicit: boolean;
  /** Routines: parameters in order. */
  readonly params?: LanguageSymbol[];
  /** Pascal VAR parameters are passed by reference. */
  readonly byReference?: boolean;
  /** Record and protocol members marked READONLY or OPTIONAL (as the config spells them). */
  readonly readonly?: boolean;
  readonly optional?: boolean;
  /** Configured functions: the config entry, for arity and description. */
  readonly builtin?: FunctionSpec;
  /**
   * A routine Free Pascal's System unit provides (see system-routines.ts), predeclared rather
   * than configured: its builtin key is Free Pascal's name, which a config key may also be
   * (pascal_like.yaml's IntToStr has the key `str`, System's Str has `str` too).
   */
  readonly system?: boolean;
  /** The declaration as written, for hovers: `count : INTEGER`. */
  detail?: string;
}

export type ScopeKind = 'language' | 'program' | 'routine' | 'record';

export interface Scope {
  readonly kind: ScopeKind;
  readonly parent?: Scope;
  readonly owner?: LanguageSymbol;
  /** By folded name (case-folded when the language ignores case). */
  readonly symbols: Map<string, LanguageSymbol>;
  /** Labels are a namespace of their own (`GOSUB 100`, `GOTO done`). */
  readonly labels: Map<string, LanguageSymbol>;
}

/** How a name is used at one place. */
export type OccurrenceRole = 'declaration' | 'write' | 'read' | 'call';

export interface Occurrence extends Span {
  symbol: LanguageSymbol | undefined;
  readonly role: OccurrenceRole;
  /** The folded name, kept so unresolved occurrences can still be reported and matched. */
  readonly key: string;
  readonly scope: Scope;
  readonly namespace: Namespace;
  /** A write that also uses the old value: `a[i] := x`, a FOR loop's control variable. */
  readonly readsToo: boolean;
}

/** Where a name is looked up: the scope chain, the labels of jumps, or the fields of a record value. */
export type Namespace = 'names' | 'labels' | 'members';

export function newScope(kind: ScopeKind, parent?: Scope, owner?: LanguageSymbol): Scope {
  return { kind, ...(parent && { parent }), ...(owner && { owner }), symbols: new Map(), labels: new Map() };
}

export function isRoutine(symbol: LanguageSymbol): boolean {
  return symbol.kind === 'function' || symbol.kind === 'procedure';
}

export function isValue(symbol: LanguageSymbol): boolean {
  return (
    symbol.kind === 'variable' || symbol.kind === 'parameter' || symbol.kind === 'constant' || symbol.kind === 'field'
  );
}
