import type { KeywordSpec, LanguageSpec, OperatorSpec } from '../../config/language-spec.js';

/**
 * Keywords the built-in grammars know, by concept. A config defines the spelling; the
 * defaults here apply only to block terminators of line-oriented languages when the config
 * has none (BASIC configs often omit WEND/NEXT/ENDIF), and are marked `origin: 'default'`.
 */
export const GRAMMAR_CONCEPTS = [
  'program',
  'begin',
  'end',
  'const',
  'var',
  'let',
  'type',
  'array',
  'of',
  'record',
  'function',
  'procedure',
  'def',
  'return',
  'if',
  'then',
  'else',
  'elif',
  'while',
  'do',
  'for',
  'to',
  'downto',
  'step',
  'repeat',
  'until',
  'case',
  'wend',
  'next',
  'endif',
  'and',
  'or',
  'not',
  'true',
  'false',
  'null',
  'break',
  'continue',
  'goto',
  'gosub',
  'dim',
  'protocol',
  'implements',
  'extends',
  'readonly',
  'optional',
  // ML's `let rec`: a modifier of `let`, where the config spells one.
  'rec',
  // Pascal's `WITH r DO`: a statement of the keywords layout only.
  'with',
  // Python's for-in, classes and imports: statements of the indentation layout only.
  'in',
  'class',
  'import',
  'from',
  'as',
] as const;
export type GrammarConcept = (typeof GRAMMAR_CONCEPTS)[number];

const LINE_STYLE_DEFAULTS: Partial<Record<GrammarConcept, string>> = { wend: 'WEND', next: 'NEXT', endif: 'ENDIF' };
/** A keywords layout has blocks only between BEGIN and END, so a config that names neither gets Pascal's. */
const KEYWORD_STYLE_DEFAULTS: Partial<Record<GrammarConcept, string>> = { begin: 'BEGIN', end: 'END' };

/**
 * Concepts only some layouts have statements for, by layout. Elsewhere they stay names, as
 * they were before those layouts knew them (Pascal configs spell `IN` and `AS` for nothing);
 * Pascal's USES is the `import` concept.
 */
const LAYOUT_ONLY: Partial<Record<GrammarConcept, readonly string[]>> = {
  // Pascal's set membership, `x IN s`.
  in: ['indentation', 'keywords'],
  class: ['indentation'],
  import: ['indentation', 'keywords'],
  from: ['indentation'],
  as: ['indentation'],
  with: ['keywords'],
};
/**
 * ParserCraft translates a config's keywords and runs Python, so a word the config does not
 * rename keeps its Python meaning: a config that spells `for` but not `in` loops with `in`.
 */
const INDENTATION_DEFAULTS: Partial<Record<GrammarConcept, string>> = { in: 'in' };

/** Concepts by the config's key or, failing that, by what the keyword maps from (`endwhile`). */
const ALIASES: Partial<Record<GrammarConcept, readonly string[]>> = {
  wend: ['endwhile'],
  next: ['endfor'],
  endif: ['endif'],
  gosub: ['call'],
  let: ['assign'],
  dim: ['array'],
  def: [],
};

/**
 * Parts of a config left out of its lexicon: what a grammar that cannot be built with them
 * is built without (see grammar-problem.ts). A left-out keyword reads as an identifier, a
 * left-out operator as an unknown symbol.
 */
export interface LexiconOmissions {
  readonly concepts?: ReadonlySet<GrammarConcept>;
  /** Symbols of binary operators. */
  readonly operators?: ReadonlySet<string>;
}

/** The spelled vocabulary of one language, as the tokenizer and grammar generator need it. */
export class Lexicon {
  /** Concept -> spelling, for the concepts the built-in grammars use. */
  readonly keywordByConcept = new Map<GrammarConcept, KeywordSpec>();
  /** Folded spelling -> concept. */
  readonly conceptBySpelling = new Map<string, GrammarConcept>();
  /** Binary operators of expressions (assignment excluded when it is not also a comparison). */
  readonly binaryOperators: readonly OperatorSpec[];
  /** Folded word operators (`DIV`) -> index in binaryOperators. */
  readonly wordOperators = new Map<string, number>();
  /** Symbol operators and punctuation, longest first, for maximal munch. */
  readonly symbols: readonly string[];
  /**
   * The block comments the tokenizer reads: the config's, and Pascal's `{ ... }` in the
   * keywords layout when nothing else of the config spells a brace (see `braceCommentsFit`).
   */
  readonly blockComments: readonly (readonly [string, string])[];
  readonly fold: (s: string) => string;

  constructor(
    readonly spec: LanguageSpec,
    omit: LexiconOmissions = {},
  ) {
    this.fold = spec.lexical.caseSensitive ? (s) => s : (s) => s.toLowerCase();
    for (const concept of GRAMMAR_CONCEPTS) {
      if (omit.concepts?.has(concept)) continue;
      const layouts = LAYOUT_ONLY[concept];
      if (layouts && !layouts.includes(spec.syntax.blockStyle)) continue;
      const keyword = findKeyword(spec, concept);
      if (keyword) this.keywordByConcept.set(concept, keyword);
      else if (
        concept === 'in' &&
        spec.syntax.blockStyle === 'indentation' &&
        this.keywordByConcept.has('for') &&
        !spelledElsewhere(spec, 'in')
      ) {
        this.keywordByConcept.set(concept, {
          concept,
          original: concept,
          custom: INDENTATION_DEFAULTS.in ?? concept,
          origin: 'default',
          description: 'What a FOR loop iterates over (default spelling)',
        });
      } else if (spec.syntax.blockStyle === 'lines' && LINE_STYLE_DEFAULTS[concept]) {
        const custom = LINE_STYLE_DEFAULTS[concept];
        this.keywordByConcept.set(concept, {
          concept,
          original: concept,
          custom,
          origin: 'default',
          description: `End of a ${concept === 'wend' ? 'WHILE' : concept === 'next' ? 'FOR' : 'IF'} block (default spelling)`,
        });
      } else if (spec.syntax.blockStyle === 'keywords' && KEYWORD_STYLE_DEFAULTS[concept]) {
        this.keywordByConcept.set(concept, {
          concept,
          original: concept,
          custom: KEYWORD_STYLE_DEFAULTS[concept],
          origin: 'default',
          description: `${concept === 'begin' ? 'Start' : 'End'} of a block (default spelling)`,
        });
      }
    }
    for (const [concept, keyword] of this.keywordByConcept) {
      const folded = this.fold(keyword.custom);
      if (!this.conceptBySpelling.has(folded)) this.conceptBySpelling.set(folded, concept);
    }
    const assignment = spec.syntax.assignmentOperator;
    this.binaryOperators = spec.operators.filter(
      (o) =>
        !omit.operators?.has(o.symbol) &&
        (o.symbol !== assignment || (assignment === '=' && spec.syntax.blockStyle === 'lines')),
    );
    this.binaryOperators.forEach((o, i) => {
      if (/^[A-Za-z_]\w*$/.test(o.symbol)) this.wordOperators.set(this.fold(o.symbol), i);
    });
    const punctuation = ['(', ')', '[', ']', ',', ':', ';', '.', '..', '{', '}', assignment];
    const separator = spec.lexical.statementSeparator;
    if (separator && !/^\w/.test(separator)) punctuation.push(separator);
    this.symbols = [
      ...new Set([...this.binaryOperators.map((o) => o.symbol).filter((s) => !/^\w/.test(s)), ...punctuation]),
    ].sort((a, b) => b.length - a.length);
    const { blockComments } = spec.lexical;
    this.blockComments = braceCommentsFit(spec) ? [...blockComments, ['{', '}']] : blockComments;
  }

  has(concept: GrammarConcept): boolean {
    return this.keywordByConcept.has(concept);
  }
}

/**
 * Real Pascal comments with `{ ... }` as well as `(* ... *)`, and configs written for it often
 * leave braces out: the keywords layout's grammar has no use for them, so they are comments
 * there unless the config gives a brace a meaning of its own (a marker, an operator, a
 * keyword, a function, the separator or the assignment).
 */
function braceCommentsFit(spec: LanguageSpec): boolean {
  if (spec.syntax.blockStyle !== 'keywords') return false;
  const { lexical } = spec;
  const spelled = [
    ...lexical.lineComments,
    ...lexical.blockComments.flat(),
    ...lexical.stringDelimiters,
    lexical.statementSeparator ?? '',
    lexical.lineContinuation ?? '',
    spec.syntax.assignmentOperator,
    ...[...spec.keywords.values()].map((k) => k.custom),
    ...[...spec.functions.values()].map((f) => f.name),
    ...spec.operators.map((o) => o.symbol),
  ];
  return !spelled.some((s) => s.includes('{') || s.includes('}'));
}

/** Whether a keyword, function or operator of the config already spells `word`. */
function spelledElsewhere(spec: LanguageSpec, word: string): boolean {
  const fold = spec.lexical.caseSensitive ? (s: string): string => s : (s: string): string => s.toLowerCase();
  const taken = [
    ...[...spec.keywords.values()].map((k) => k.custom),
    ...[...spec.functions.values()].map((f) => f.name),
    ...spec.operators.map((o) => o.symbol),
    spec.lexical.statementSeparator ?? '',
  ];
  return taken.some((s) => fold(s) === fold(word));
}

function findKeyword(spec: LanguageSpec, concept: GrammarConcept): KeywordSpec | undefined {
  const direct = spec.keywords.get(concept);
  if (direct) return direct;
  for (const keyword of spec.keywords.values()) {
    if (keyword.original === concept || ALIASES[concept]?.includes(keyword.original)) {
      // A keyword claimed by its own concept elsewhere (`to` in TempleCode) is not an alias.
      if (!(GRAMMAR_CONCEPTS as readonly string[]).includes(keyword.concept) || keyword.concept === concept)
        return keyword;
    }
  }
  return undefined;
}
