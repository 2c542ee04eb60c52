import type { FunctionSpec, KeywordSpec, LanguageSpec } from '../../config/language-spec.js';

/** What a word of a stack language is, before any program defines words of its own. */
export type StackWordClass =
  | { readonly kind: 'keyword'; readonly keyword: KeywordSpec }
  | { readonly kind: 'operator' }
  | { readonly kind: 'builtin'; readonly fn: FunctionSpec }
  | { readonly kind: 'name' };

/** Keywords by role that shape a stack program: how definitions, declarations and control words are spelled. */
export const DEFINE = 'function';
export const END_DEFINITION = 'return';
/** The words that name a new variable, constant or buffer (Forth's VARIABLE, CONSTANT, CREATE). */
export const DECLARERS: Readonly<Record<string, 'variable' | 'constant'>> = {
  let: 'variable',
  var: 'variable',
  const: 'constant',
  array: 'variable',
};

/**
 * Control structures as Forth nests them: each opener (by role) with the roles that may
 * stand inside it and the roles that close it. ParserCraft's Forth config spells `while`
 * BEGIN and `for` DO, so the roles, not Forth's names, are what is matched.
 */
export const CONTROL: Readonly<
  Record<string, { readonly inner: readonly string[]; readonly closers: readonly string[] }>
> = {
  if: { inner: ['else', 'elif'], closers: ['then', 'endif'] },
  while: { inner: [], closers: ['until', 'repeat', 'continue'] },
  for: { inner: ['break'], closers: ['loop', 'next'] },
};

/** The words a stack language's config defines, folded as the language compares words. */
export class StackVocabulary {
  readonly fold: (s: string) => string;
  private readonly keywords = new Map<string, KeywordSpec>();
  private readonly operators = new Set<string>();
  private readonly functions = new Map<string, FunctionSpec>();

  constructor(readonly spec: LanguageSpec) {
    this.fold = spec.lexical.caseSensitive ? (s) => s : (s) => s.toLowerCase();
    for (const k of spec.keywords.values())
      if (!this.keywords.has(this.fold(k.custom))) this.keywords.set(this.fold(k.custom), k);
    // Forth's variants of the counted loop, which no config spells: `?DO` opens one as DO does
    // (skipped when the bounds are equal), `+LOOP` closes one as LOOP does (with a step).
    for (const [concept, variant] of [
      ['for', (s: string): string => `?${s}`],
      ['loop', (s: string): string => `+${s}`],
    ] as const) {
      const k = spec.keywords.get(concept);
      const spelt = k && this.fold(variant(k.custom));
      if (k && spelt && !this.keywords.has(spelt)) this.keywords.set(spelt, { ...k, custom: variant(k.custom) });
    }
    for (const o of spec.operators) this.operators.add(this.fold(o.symbol));
    for (const f of spec.functions.values()) if (f.enabled) this.functions.set(this.fold(f.name), f);
  }

  classify(word: string): StackWordClass {
    const key = this.fold(word);
    const keyword = this.keywords.get(key);
    if (keyword) return { kind: 'keyword', keyword };
    if (this.operators.has(key)) return { kind: 'operator' };
    const fn = this.functions.get(key);
    if (fn) return { kind: 'builtin', fn };
    return { kind: 'name' };
  }

  /** How the config spells a role, for messages; the role itself when the config has no such keyword. */
  spelling(concept: string): string {
    return this.spec.keywords.get(concept)?.custom ?? concept;
  }
}
