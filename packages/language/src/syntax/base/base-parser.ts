import type { LRParser } from '@lezer/lr';
import { TreeFragment, type Tree } from '@lezer/common';
import { changedLines } from './changed-range.js';
import { GenError } from '@lezer/generator';
import type { BlockStyle, LanguageSpec } from '../../config/language-spec.js';
import { operatorGroups, writeBaseGrammar, type OperatorGroup } from './base-grammar.js';
import { retreatsFrom, unhiddenTerms, writeUnparsedGrammar, type GrammarProblem } from './grammar-fallback.js';
import { indentationTracker } from './indentation.js';
import { Lexicon } from './lexicon.js';
import { loadOrBuildParser, writeParserTables } from './parser-tables.js';
import { createTokenizer } from './tokenizer.js';
import type { RepairMemo } from './error-repair.js';

export interface BaseParser {
  readonly parser: LRParser;
  readonly lexicon: Lexicon;
  readonly grammarText: string;
  /** Whether the parser expects the text to end in a line break (line and indentation layouts). */
  readonly needsFinalNewline: boolean;
  /** The binary operators' precedences, which the conversion to a SyntaxNode tree applies. */
  readonly operatorGroups: readonly OperatorGroup[];
  /** Set when the layout's grammar could not be built from the config as it is: what this parser is instead. */
  readonly problem?: GrammarProblem;
}

// Built once per spec object (and kept on disk by grammar, see parser-tables.ts): generating
// LR tables costs hundreds of milliseconds, parsing microseconds.
const cache = new WeakMap<LanguageSpec, BaseParser>();

/**
 * The parser of a spec's built-in grammar. Never throws for a spec the config loader made:
 * a grammar the generator refuses (an LR conflict no layout rule foresaw) is built again
 * without the config entry the conflict names, and failing that, as a grammar that reads any
 * tokens into an empty Program; `problem` says which.
 */
export function baseParserFor(spec: LanguageSpec): BaseParser {
  const cached = cache.get(spec);
  if (cached) return cached;
  const lexicon = new Lexicon(spec);
  const style = spec.syntax.blockStyle;
  const full = tryBuild(lexicon, style);
  let built: BaseParser;
  if (!(full instanceof Error)) built = full;
  else {
    const reason = conciseReason(full.message);
    built = retreat(lexicon, style, reason, full.message) ?? unparsed(lexicon, reason);
  }
  cache.set(spec, built);
  return built;
}

function retreat(lexicon: Lexicon, style: BlockStyle, reason: string, message: string): BaseParser | undefined {
  for (const r of retreatsFrom(message, lexicon)) {
    const attempt = tryBuild(new Lexicon(r.spec, r.omit), style);
    if (attempt instanceof Error) continue;
    const problem: GrammarProblem = {
      key: r.key,
      ...(r.range && { range: r.range }),
      reason,
      fallback: 'without-entry',
    };
    return { ...attempt, problem };
  }
  return undefined;
}

function unparsed(lexicon: Lexicon, reason: string): BaseParser {
  const grammarText = writeUnparsedGrammar(lexicon);
  const { parser } = loadOrBuildParser(grammarText, {
    configTokens: (terms) => createTokenizer(lexicon, unhiddenTerms(terms)),
  });
  return {
    parser,
    lexicon,
    grammarText,
    needsFinalNewline: false,
    operatorGroups: [],
    problem: { key: `syntax.block_style (${lexicon.spec.syntax.blockStyle})`, reason, fallback: 'unparsed' },
  };
}

/** The layout's parser from this lexicon, or the generator's error (Lezer's GenError: a conflict, a bad rule). */
function tryBuild(lexicon: Lexicon, style: BlockStyle): BaseParser | Error {
  const grammarText = writeBaseGrammar(lexicon);
  try {
    const { parser } = loadOrBuildParser(grammarText, {
      configTokens: (terms) => createTokenizer(lexicon, terms),
      ...(style === 'indentation' && { indentation: indentationTracker }),
    });
    return {
      parser,
      lexicon,
      grammarText,
      needsFinalNewline: style === 'lines' || style === 'indentation',
      operatorGroups: operatorGroups(lexicon),
    };
  } catch (error) {
    if (error instanceof GenError) return error;
    throw error;
  }
}

/** The generator's reason on one line: a conflict's kind and the two rules in it, without the input dump. */
function conciseReason(message: string): string {
  return (
    message
      .split(/\nWith input|\nThe reduction/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? message
  );
}

/**
 * Writes the LR tables of a language's built-in grammar into a seed folder (see
 * parserTableSeeds), for a tool that ships languages to build at its own build time.
 * Returns the entry's path. (A config with its own PEG grammar still gets them: they parse
 * its programs when that grammar cannot be used.)
 */
export function prebuildParserTables(spec: LanguageSpec, dir: string): string {
  try {
    return writeParserTables(writeBaseGrammar(new Lexicon(spec)), dir);
  } catch (error) {
    if (!(error instanceof GenError)) throw error;
    // The tables the language's programs are parsed with instead (see baseParserFor).
    return writeParserTables(baseParserFor(spec).grammarText, dir);
  }
}

export interface ParseBudget {
  readonly signal?: AbortSignal;
  /** Wall-clock deadline (performance.now()); the parse stops there and returns what it has. */
  readonly deadline: number;
}

/** A finished parse that the next parse of an edited text can reuse the unchanged parts of. */
export interface ReusableParse {
  readonly base: BaseParser;
  readonly input: string;
  readonly tree: Tree;
  /** The syntax repair of this text, when the next version may reuse it. */
  readonly repair?: RepairMemo;
}

export interface BaseParse {
  readonly tree: Tree;
  /** Set when the parse stopped early; the tree covers the text up to here. */
  readonly truncatedAt?: number;
  /** Why it stopped: the time budget ran out, or the text nests deeper than Lezer parses. */
  readonly truncatedBy?: 'budget' | 'nesting';
  /** Absent when the parse stopped early: a partial tree is not reused. */
  readonly reusable?: ReusableParse;
}

/**
 * How deep a built-in grammar parses: parser states on Lezer's stack. Past 2,800 (Lezer's
 * own `Rec.CutDepth`, 8,400 stack entries of three) Lezer force-reduces the stack so its
 * recursive tree functions stay safe, which breaks the parse into false syntax errors. A
 * bracket costs one state, a Pascal `IF c THEN` three; the parse stops a few states short
 * of Lezer's cut and says so instead (see the `nesting-limit` diagnostic).
 */
export const MAX_PARSER_DEPTH = 2772;
const LEZER_STACK_ENTRIES_PER_STATE = 3;

/** The one internal of Lezer's Parse read here: its stacks' depths. Pinned by the version range in package.json. */
interface LezerParseStacks {
  readonly stacks?: readonly { readonly stack?: readonly unknown[] }[];
}

function deepestStack(parse: LezerParseStacks): number {
  let deepest = 0;
  for (const s of parse.stacks ?? []) deepest = Math.max(deepest, s.stack?.length ?? 0);
  return deepest / LEZER_STACK_ENTRIES_PER_STATE;
}

/**
 * Parses in Lezer's small steps, checking the signal and the deadline between steps, so a
 * huge or pathological input can neither block past the budget nor ignore a cancel. Given
 * the parse of an earlier version of the text, Lezer reuses the subtrees outside the
 * changed lines, so an edit costs a re-parse of about one line instead of the whole file.
 * A text nesting deeper than MAX_PARSER_DEPTH is parsed up to where it gets that deep.
 */
export function parseWithBudget(
  base: BaseParser,
  text: string,
  budget: ParseBudget,
  previous?: ReusableParse,
): BaseParse {
  const input = base.needsFinalNewline && !text.endsWith('\n') ? `${text}\n` : text;
  const parse = base.parser.startParse(input, previous?.base === base ? fragmentsOf(previous, input) : undefined);
  let truncatedAt: number | undefined;
  let truncatedBy: BaseParse['truncatedBy'];
  for (let steps = 0; ; steps++) {
    const tree = parse.advance();
    if (tree)
      return truncatedAt === undefined
        ? { tree, reusable: { base, input, tree } }
        : { tree, truncatedAt, ...(truncatedBy && { truncatedBy }) };
    if (truncatedAt !== undefined) continue;
    // A step shifts at most one state onto a stack, so checking every 8th step stops at
    // most 8 states past MAX_PARSER_DEPTH, 20 short of the cut.
    if ((steps & 7) === 0 && deepestStack(parse as LezerParseStacks) >= MAX_PARSER_DEPTH) {
      truncatedAt = parse.parsedPos;
      truncatedBy = 'nesting';
      parse.stopAt(truncatedAt);
    } else if ((steps & 63) === 0) {
      budget.signal?.throwIfAborted();
      if (performance.now() > budget.deadline) {
        truncatedAt = parse.parsedPos;
        truncatedBy = 'budget';
        parse.stopAt(truncatedAt);
      }
    }
  }
}

function fragmentsOf(previous: ReusableParse, input: string): readonly TreeFragment[] {
  const fragments = TreeFragment.addTree(previous.tree);
  const changed = changedLines(previous.input, input);
  return changed ? TreeFragment.applyChanges(fragments, [changed]) : fragments;
}
