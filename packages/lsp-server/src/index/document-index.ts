import type { DocumentSymbol, ScopeKind, SymbolKind } from '@parsercraft/language';

/**
 * What the main thread knows about one analysed version of a document: plain data built in
 * the analysis worker and copied across the thread boundary, so hover, definition,
 * references, completion, rename and highlighting are answered from it without parsing,
 * and keep being answered from the last good one while a newer analysis runs or runs away.
 * Offsets are UTF-16 code units into that version's text.
 */
export interface DocumentIndex {
  readonly uri: string;
  readonly version: number;
  readonly caseSensitive: boolean;
  /** Offset of each line's first character, for offset/position conversion in this version. */
  readonly lineStarts: Int32Array;
  /**
   * Where each line's content ends, before its line break (`\r\n`, `\n` or `\r`); the last
   * line's end is the text's length.
   */
  readonly lineEnds: Int32Array;
  /** Program symbols, then the language's (configured functions, predeclared types); ids are indexes. */
  readonly symbols: readonly IndexedSymbol[];
  /** Scopes; ids are indexes, and a parent always comes before its children. */
  readonly scopes: readonly IndexedScope[];
  /** Every name, in document order: OCCURRENCE_STRIDE numbers each (from, to, symbol id or -1, role). */
  readonly occurrences: Int32Array;
  /** Highlighted runs, in document order: TOKEN_STRIDE numbers each (from, to, token type, modifier bits). */
  readonly tokens: Int32Array;
  readonly outline: readonly DocumentSymbol[];
  /** Each keyword as the config spells it, with its hover text. */
  readonly keywords: readonly IndexedKeyword[];
  /** The statement separator (`;`), for text a fix or completion inserts. */
  readonly separator: string | null;
}

export interface IndexedSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  /** Where the name is declared; -1 for what the language provides. */
  readonly nameFrom: number;
  readonly nameTo: number;
  readonly scope: number;
  readonly hover: string;
  readonly detail?: string;
  /** Its type as written, when known (`INTEGER`, `Point`). */
  readonly typeText?: string;
  /** A value or type of a record or protocol type: the id of that type's declaration, else -1. */
  readonly typeSymbol: number;
  /** Record and protocol type declarations: which of the two. */
  readonly shape?: 'record' | 'protocol';
  /** Record and protocol types: their members, inherited ones included. */
  readonly members?: readonly number[];
  /** Routines: their parameters in order. */
  readonly params?: readonly number[];
  /** Configured functions: how many arguments they take (maxArgs -1: any number). */
  readonly minArgs?: number;
  readonly maxArgs?: number;
  readonly description?: string;
  readonly byReference?: boolean;
  readonly readonly?: boolean;
  readonly optional?: boolean;
}

export interface IndexedScope {
  readonly kind: ScopeKind;
  readonly parent: number;
  /** The text in which its names are visible. */
  readonly from: number;
  readonly to: number;
}

export interface IndexedKeyword {
  readonly spelling: string;
  readonly hover: string;
}

export const OCCURRENCE_STRIDE = 4;
export const TOKEN_STRIDE = 4;
export const ROLES = ['declaration', 'write', 'read', 'call'] as const;
