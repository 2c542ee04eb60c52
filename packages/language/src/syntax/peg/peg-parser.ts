import peggy from 'peggy';
import type { LanguageSpec } from '../../config/language-spec.js';
import type { PegGrammar } from '../../config/peg-ast.js';
import { writePeggyGrammar } from './peg-to-peggy.js';

export interface PegParsers {
  readonly strict: peggy.Parser;
  readonly recovering: peggy.Parser;
}

const cache = new WeakMap<PegGrammar, PegParsers | Error>();

/** Both parsers of a grammar section, built once; an Error when peggy rejects the translation. */
export function pegParsersFor(grammar: PegGrammar, spec: LanguageSpec): PegParsers | Error {
  const cached = cache.get(grammar);
  if (cached) return cached;
  let built: PegParsers | Error;
  try {
    // cache: packrat memoization keeps every parse linear in the input, whatever the grammar.
    built = {
      strict: peggy.generate(writePeggyGrammar(grammar, spec, false), { cache: true }),
      recovering: peggy.generate(writePeggyGrammar(grammar, spec, true), { cache: true }),
    };
  } catch (error) {
    built = error instanceof Error ? error : new Error(String(error));
  }
  cache.set(grammar, built);
  return built;
}
