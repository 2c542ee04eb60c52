import { buildParser } from '@lezer/generator';
import type { LRParser } from '@lezer/lr';
import type { Tree } from '@lezer/common';
import type { LanguageSpec } from '../../config/language-spec.js';
import { writeBaseGrammar } from './base-grammar.js';
import { indentationTracker } from './indentation.js';
import { Lexicon } from './lexicon.js';
import { createTokenizer } from './tokenizer.js';

export interface BaseParser {
  readonly parser: LRParser;
  readonly lexicon: Lexicon;
  readonly grammarText: string;
  /** Whether the parser expects the text to end in a line break (line and indentation layouts). */
  readonly needsFinalNewline: boolean;
}

// Built once per spec object: generating LR tables costs milliseconds, parsing microseconds.
const cache = new WeakMap<LanguageSpec, BaseParser>();

export function baseParserFor(spec: LanguageSpec): BaseParser {
  const cached = cache.get(spec);
  if (cached) return cached;
  const lexicon = new Lexicon(spec);
  const grammarText = writeBaseGrammar(lexicon);
  const style = spec.syntax.blockStyle;
  const parser = buildParser(grammarText, {
    externalTokenizer: (_name, terms) => createTokenizer(lexicon, terms),
    ...(style === 'indentation' && { contextTracker: (terms: { [name: string]: number }) => indentationTracker(terms) }),
    // Unused declared terms are expected: every grammar declares the full token set.
    warn: () => undefined,
  });
  const built = { parser, lexicon, grammarText, needsFinalNewline: style === 'lines' || style === 'indentation' };
  cache.set(spec, built);
  return built;
}

export interface ParseBudget {
  readonly signal?: AbortSignal;
  /** Wall-clock deadline (performance.now()); the parse stops there and returns what it has. */
  readonly deadline: number;
}

/**
 * Parses in Lezer's small steps, checking the signal and the deadline between steps, so a
 * huge or pathological input can neither block past the budget nor ignore a cancel.
 */
export function parseWithBudget(base: BaseParser, text: string, budget: ParseBudget): { tree: Tree; truncatedAt?: number } {
  const input = base.needsFinalNewline && !text.endsWith('\n') ? `${text}\n` : text;
  const parse = base.parser.startParse(input);
  let truncatedAt: number | undefined;
  for (let steps = 0; ; steps++) {
    const tree = parse.advance();
    if (tree) return truncatedAt === undefined ? { tree } : { tree, truncatedAt };
    if ((steps & 63) === 0 && truncatedAt === undefined) {
      budget.signal?.throwIfAborted();
      if (performance.now() > budget.deadline) {
        truncatedAt = parse.parsedPos;
        parse.stopAt(truncatedAt);
      }
    }
  }
}
