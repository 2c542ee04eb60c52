import type { LanguageSpec } from '../config/language-spec.js';
import { PREDECLARED_TYPES, predeclaredType, UNKNOWN, type LangType } from './language-types.js';
import { SYSTEM_ROUTINES, systemRoutineSpec } from './system-routines.js';
import {
  newScope,
  type LanguageSymbol,
  type Namespace,
  type Occurrence,
  type OccurrenceRole,
  type Scope,
  type SymbolKind,
  type Span,
} from './symbol.js';

export interface Declaration {
  readonly kind: SymbolKind;
  readonly nameSpan: Span;
  readonly span?: Span;
  readonly type?: LangType;
  readonly explicit?: boolean;
  readonly params?: LanguageSymbol[];
  readonly byReference?: boolean;
  readonly readonly?: boolean;
  readonly optional?: boolean;
  readonly detail?: string;
  readonly namespace?: 'names' | 'labels';
}

export interface UseOptions {
  readonly namespace?: Namespace;
  readonly readsToo?: boolean;
}

/** A second declaration of a name in one scope; the first one stays the one names resolve to. */
export interface Redeclaration {
  readonly symbol: LanguageSymbol;
  readonly first: LanguageSymbol;
}

/**
 * Scopes, symbols and occurrences of one program, shared by the tree walkers of every
 * grammar source. Walkers declare and record uses in document order; `resolve` then binds
 * every use through the scope chain, so a use before its declaration (a routine calling one
 * declared after it) resolves as it does in the languages themselves.
 */
export class Binder {
  readonly language: Scope = newScope('language');
  readonly program: Scope = newScope('program', this.language);
  /**
   * Declared in the program, in document order; then the implicit ones (a function's
   * Result), which have no place in the text.
   */
  readonly declared: LanguageSymbol[] = [];
  /** Every name in the text that names something, in document order. */
  readonly occurrences: Occurrence[] = [];
  readonly redeclarations: Redeclaration[] = [];
  /** Where the parser's recovery skipped text (its error nodes): findings there would be about a broken statement. */
  readonly recovered: Span[] = [];
  readonly fold: (name: string) => string;

  constructor(
    readonly spec: LanguageSpec,
    readonly text: string,
  ) {
    this.fold = spec.lexical.caseSensitive ? (s) => s : (s) => s.toLowerCase();
    for (const fn of spec.functions.values()) {
      if (!fn.enabled) continue;
      this.language.symbols.set(this.fold(fn.name), {
        name: fn.name,
        kind: 'builtin-function',
        scope: this.language,
        type: UNKNOWN,
        explicit: true,
        builtin: fn,
      });
    }
  }

  /**
   * Puts INTEGER, REAL and the rest into the language scope. A case-sensitive language still
   * accepts the ways Pascal code spells them (integer, INTEGER, Integer, and LongInt as
   * Free Pascal's documentation writes the compound names).
   */
  predeclareTypes(): void {
    for (const lower of PREDECLARED_TYPES.keys()) {
      const spellings = new Set([
        lower,
        lower.toUpperCase(),
        lower[0]?.toUpperCase() + lower.slice(1),
        ...(CAMEL_CASE_TYPES.get(lower) ?? []),
      ]);
      for (const name of spellings) {
        const key = this.fold(name);
        if (this.language.symbols.has(key)) continue;
        this.language.symbols.set(key, {
          name,
          kind: 'builtin-type',
          scope: this.language,
          type: predeclaredType(name) ?? UNKNOWN,
          explicit: true,
        });
      }
    }
  }

  /**
   * Puts Free Pascal's System routines (Ord, Inc, Copy...) into the language scope. A config
   * function of the same name in any case wins, even a disabled one: the config has said
   * what that routine is called and does (pascal_like.yaml's Length). A case-sensitive
   * language accepts Free Pascal's spelling and the three ways types are spelt.
   */
  predeclareSystemRoutines(): void {
    const configured = new Set([...this.spec.functions.values()].map((f) => f.name.toLowerCase()));
    for (const routine of SYSTEM_ROUTINES) {
      const { name: canonical } = routine;
      const lower = canonical.toLowerCase();
      if (configured.has(lower)) continue;
      const spellings = new Set([canonical, lower, lower.toUpperCase(), canonical[0]?.toUpperCase() + lower.slice(1)]);
      for (const name of spellings) {
        const key = this.fold(name);
        if (this.language.symbols.has(key)) continue;
        this.language.symbols.set(key, {
          name,
          kind: 'builtin-function',
          scope: this.language,
          type: UNKNOWN,
          explicit: true,
          builtin: systemRoutineSpec(routine),
          system: true,
          detail: routine.signature,
        });
      }
    }
  }

  nameOf(span: Span): string {
    return this.text.slice(span.from, span.to);
  }

  /** Declares a name in `scope` and records the declaration as an occurrence. */
  declare(scope: Scope, declaration: Declaration): LanguageSymbol {
    const name = this.nameOf(declaration.nameSpan);
    const key = this.fold(name);
    const namespace = declaration.namespace ?? 'names';
    const symbol: LanguageSymbol = {
      name,
      kind: declaration.kind,
      scope,
      nameSpan: declaration.nameSpan,
      span: declaration.span ?? declaration.nameSpan,
      type: declaration.type ?? UNKNOWN,
      explicit: declaration.explicit ?? true,
      ...(declaration.params && { params: declaration.params }),
      ...(declaration.byReference && { byReference: true }),
      ...(declaration.readonly && { readonly: true }),
      ...(declaration.optional && { optional: true }),
      ...(declaration.detail !== undefined && { detail: declaration.detail }),
    };
    const table = namespace === 'labels' ? scope.labels : scope.symbols;
    const first = table.get(key);
    if (first) this.redeclarations.push({ symbol, first });
    else table.set(key, symbol);
    this.declared.push(symbol);
    this.occurrences.push({
      from: declaration.nameSpan.from,
      to: declaration.nameSpan.to,
      symbol,
      role: 'declaration',
      key,
      scope,
      namespace,
      readsToo: false,
    });
    return symbol;
  }

  /** Lists a symbol the language declares implicitly in a scope (the walker has put it there). */
  declareImplicit(symbol: LanguageSymbol): void {
    this.declared.push(symbol);
  }

  /**
   * Records the name at `span` as a second declaration of `symbol` that is not a duplicate:
   * the body of a routine a FORWARD heading declared.
   */
  declareAgain(scope: Scope, span: Span, symbol: LanguageSymbol): void {
    this.occurrences.push({
      from: span.from,
      to: span.to,
      symbol,
      role: 'declaration',
      key: this.fold(this.nameOf(span)),
      scope,
      namespace: 'names',
      readsToo: false,
    });
  }

  /** Records a use of the name at `span`; `resolve` binds it. */
  use(scope: Scope, span: Span, role: OccurrenceRole, options: UseOptions = {}): Occurrence {
    // One object shape for every occurrence: there are tens of thousands, and the walkers are hot.
    const occurrence: Occurrence = {
      from: span.from,
      to: span.to,
      symbol: undefined,
      role,
      key: this.fold(this.text.slice(span.from, span.to)),
      scope,
      namespace: options.namespace ?? 'names',
      readsToo: options.readsToo ?? false,
    };
    this.occurrences.push(occurrence);
    return occurrence;
  }

  lookup(scope: Scope, key: string, namespace: Namespace = 'names'): LanguageSymbol | undefined {
    if (namespace === 'members') return undefined;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const found = (namespace === 'labels' ? s.labels : s.symbols).get(key);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Gives every name that is read but never declared or assigned a variable at its first use,
   * as BASIC does (an unassigned variable reads as 0). Calls stay unresolved: an unknown
   * function is an error even in BASIC.
   */
  declareOnFirstUse(type: (name: string) => LangType): void {
    for (const o of this.occurrences) {
      if (o.symbol || o.namespace !== 'names' || o.role !== 'read') continue;
      const found = this.lookup(o.scope, o.key);
      if (found) continue;
      const name = this.text.slice(o.from, o.to);
      const span = { from: o.from, to: o.to };
      const symbol: LanguageSymbol = {
        name,
        kind: 'variable',
        scope: this.program,
        nameSpan: span,
        span,
        type: type(name),
        explicit: false,
      };
      this.program.symbols.set(o.key, symbol);
      this.declared.push(symbol);
    }
  }

  /** The occurrence that starts at `from`, once `resolve` has run. */
  occurrenceStarting(from: number): Occurrence | undefined {
    const list = this.occurrences;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = list[mid] as Occurrence;
      if (o.from < from) lo = mid + 1;
      else if (o.from > from) hi = mid - 1;
      else return o;
    }
    return undefined;
  }

  /** Binds every use, and leaves the occurrences in document order for lookups by position. */
  resolve(): void {
    if (!inOrder(this.occurrences)) this.occurrences.sort((a, b) => a.from - b.from);
    for (const occurrence of this.occurrences) {
      occurrence.symbol ??= this.lookup(occurrence.scope, occurrence.key, occurrence.namespace);
    }
  }
}

function inOrder(list: readonly Occurrence[]): boolean {
  for (let i = 1; i < list.length; i++)
    if ((list[i] as Occurrence).from < (list[i - 1] as Occurrence).from) return false;
  return true;
}

/** Free Pascal's own spelling of the compound type names, which textbooks copy. */
const CAMEL_CASE_TYPES: ReadonlyMap<string, readonly string[]> = new Map([
  ['longint', ['LongInt']],
  ['shortint', ['ShortInt']],
  ['smallint', ['SmallInt']],
  ['longword', ['LongWord']],
  ['qword', ['QWord']],
  ['ansistring', ['AnsiString']],
  ['shortstring', ['ShortString']],
  ['widestring', ['WideString']],
]);
