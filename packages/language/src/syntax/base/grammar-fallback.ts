import type { LanguageSpec } from '../../config/language-spec.js';
import type { Range } from '../../diagnostics/diagnostic.js';
import type { GrammarConcept, Lexicon, LexiconOmissions } from './lexicon.js';
import { FIXED_TERMS, PUNCTUATION_TERMS } from './punctuation.js';
import { BuiltinNode } from './builtin-nodes.js';

/**
 * Why a config's built-in grammar could not be built, and what its programs are parsed with
 * instead. The generator's conflicts name grammar terms; the terms name config entries
 * (`kw_let` is `keywords.let`, `op3` the fourth operator), so the entry to blame is the first
 * one mentioned whose removal lets the grammar build.
 */
export interface GrammarProblem {
  /** The config entry the grammar cannot be built with: `keywords.let`, `operators.<`, `statement_separator`. */
  readonly key: string;
  /** Where that entry is in the config file, when the spec knows. */
  readonly range?: Range;
  /** The generator's reason, first line only. */
  readonly reason: string;
  /**
   * `without-entry`: programs are parsed by the grammar built without that entry (a keyword
   * then reads as a name, a separator as the layout's default). `unparsed`: no grammar of the
   * layout could be built, programs get an empty tree.
   */
  readonly fallback: 'without-entry' | 'unparsed';
}

/** A way to build the grammar without one config entry, tried when the full grammar fails. */
export interface GrammarRetreat {
  readonly key: string;
  readonly range?: Range;
  /** The spec the lexicon is built from (the separator replaced), or the original one. */
  readonly spec: LanguageSpec;
  readonly omit: LexiconOmissions;
}

/** How many grammars without an entry are tried before giving up on the layout: each costs a table build. */
export const MAX_RETREATS = 6;

/**
 * The entries the generator's message mentions, in the order it mentions them, then all of
 * them at once. A conflict dump names each term in it, so an entry it does not mention did
 * not take part.
 */
export function retreatsFrom(message: string, lex: Lexicon): GrammarRetreat[] {
  const spec = lex.spec;
  const retreats: GrammarRetreat[] = [];
  const seen = new Set<string>();
  const separator = spec.lexical.statementSeparator;
  const separatorTerm = separator === null ? undefined : (PUNCTUATION_TERMS[separator] ?? 'sep');
  const concepts = new Set<GrammarConcept>();
  const operators = new Set<string>();
  let withoutSeparator = false;
  for (const match of message.matchAll(/\b(kw_(\w+)|op(\d+)|[a-z]+)\b/g)) {
    const [, term = '', concept, index] = match;
    if (seen.has(term)) continue;
    seen.add(term);
    if (concept !== undefined) {
      const keyword = lex.keywordByConcept.get(concept as GrammarConcept);
      if (!keyword) continue;
      concepts.add(concept as GrammarConcept);
      retreats.push({
        key: `keywords.${keyword.concept}`,
        ...(keyword.range && { range: keyword.range }),
        spec,
        omit: { concepts: new Set([concept as GrammarConcept]) },
      });
    } else if (index !== undefined) {
      const operator = lex.binaryOperators[Number(index)];
      if (!operator) continue;
      operators.add(operator.symbol);
      retreats.push({
        key: `operators.${operator.symbol}`,
        ...(operator.range && { range: operator.range }),
        spec,
        omit: { operators: new Set([operator.symbol]) },
      });
    } else if (term === separatorTerm && separator !== null) {
      withoutSeparator = true;
      retreats.push({ key: `statement_separator '${separator}'`, spec: withDefaultSeparator(spec), omit: {} });
    }
  }
  if (retreats.length > 1)
    retreats.push({
      key: retreats.map((r) => r.key).join(', '),
      spec: withoutSeparator ? withDefaultSeparator(spec) : spec,
      omit: { concepts, operators },
    });
  return retreats.slice(0, MAX_RETREATS);
}

/**
 * A separator the layout cannot use replaced by the one it can: `;` where braces or
 * keywords end statements, the line break in line and indentation layouts.
 */
function withDefaultSeparator(spec: LanguageSpec): LanguageSpec {
  const style = spec.syntax.blockStyle;
  const fallback = style === 'braces' || style === 'keywords' ? ';' : null;
  return {
    ...spec,
    lexical: { ...spec.lexical, statementSeparator: spec.lexical.statementSeparator === fallback ? null : fallback },
  };
}

/** Prefix of the fallback grammar's token names: lower case, so no token becomes a tree node. */
const HIDDEN = 'hidden_';

/**
 * A grammar that reads any run of the tokenizer's tokens and builds no nodes but Program:
 * one repetition of one choice, which no LR generator finds a conflict in. What programs
 * are parsed with when no grammar of the layout builds, so analysis still runs and reports
 * the config's problem instead of throwing.
 */
export function writeUnparsedGrammar(lex: Lexicon): string {
  const declared = new Set<string>([...FIXED_TERMS, ...Object.values(PUNCTUATION_TERMS)]);
  for (const c of lex.keywordByConcept.keys()) declared.add(`kw_${c}`);
  lex.binaryOperators.forEach((_, i) => declared.add(`op${i}`));
  const names = [...declared].map(hiddenName);
  const skipped = new Set([hiddenName('space'), hiddenName(BuiltinNode.Comment)]);
  return [
    `@top ${BuiltinNode.Program} { anyToken* }`,
    `anyToken { ${names.filter((n) => !skipped.has(n)).join(' | ')} }`,
    `@skip { ${[...skipped].join(' | ')} }`,
    `@external tokens configTokens from "parsercraft" { ${names.join(', ')} }`,
  ].join('\n');
}

/** The term ids the tokenizer asks for by their usual names, from the fallback grammar's hidden names. */
export function unhiddenTerms(terms: Readonly<Record<string, number>>): Record<string, number> {
  const visible: Record<string, number> = {};
  for (const [name, id] of Object.entries(terms)) {
    if (name.startsWith(HIDDEN)) visible[name.slice(HIDDEN.length)] = id;
  }
  return visible;
}

function hiddenName(term: string): string {
  return `${HIDDEN}${term}`;
}
