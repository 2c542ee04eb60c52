import type { Range } from '../diagnostics/diagnostic.js';

/** The tokens every ParserCraft grammar may use without defining them. */
export const PEG_TOKENS = ['NUMBER', 'STRING', 'IDENT', 'NEWLINE', 'EOF'] as const;
export type PegToken = (typeof PEG_TOKENS)[number];

export type PegExpr =
  | { readonly kind: 'choice'; readonly alternatives: readonly PegExpr[] }
  | { readonly kind: 'sequence'; readonly items: readonly PegExpr[] }
  | { readonly kind: 'repeat'; readonly op: '*' | '+' | '?'; readonly expr: PegExpr }
  | { readonly kind: 'predicate'; readonly op: '&' | '!'; readonly expr: PegExpr }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'class'; readonly source: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'token'; readonly name: PegToken }
  /** `offset` is where the name stands in the rule's pattern text. */
  | { readonly kind: 'ref'; readonly name: string; readonly offset: number };

export interface PegRule {
  readonly name: string;
  /** `undefined` when the pattern did not parse; a diagnostic says why. */
  readonly expr: PegExpr | undefined;
  readonly pattern: string;
  /** Where the rule's pattern stands in the config file. */
  readonly range?: Range;
  /** The config-file range of a span of the pattern, when the file spells it verbatim. */
  readonly locate: (from: number, to: number) => Range | undefined;
}

/** A config's `grammar:` section, parsed. */
export interface PegGrammar {
  readonly name: string;
  readonly start: string;
  readonly skipWhitespace: boolean;
  /** Regular expressions (JavaScript syntax) matching comments, skipped like whitespace. */
  readonly comments: readonly string[];
  readonly rules: readonly PegRule[];
  readonly range?: Range;
}
