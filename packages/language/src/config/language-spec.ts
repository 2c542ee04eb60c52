import type { Range } from '../diagnostics/diagnostic.js';
import type { PegGrammar } from './peg-ast.js';

/** Which of ParserCraft's config layouts a file used; a file may mix them section by section. */
export type ConfigDialect = 'canonical' | 'flat' | 'legacy';

export interface KeywordSpec {
  /** The config's key for it (`begin`, `wend`); what the built-in grammars ask for. */
  readonly concept: string;
  /** The Python-ish name ParserCraft maps from (`endwhile` for WEND). */
  readonly original: string;
  /** How programs spell it. */
  readonly custom: string;
  readonly category?: string;
  readonly description?: string;
  /** `default` when the config did not define it and the documented default spelling applies. */
  readonly origin: 'config' | 'default';
  readonly range?: Range;
  /** Roles the config spelled the same way, which this later entry displaced (ParserCraft's rule). */
  readonly merged?: readonly string[];
}

export interface FunctionSpec {
  readonly key: string;
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` when any number of arguments is allowed (`-1` in configs). */
  readonly maxArgs: number;
  readonly description?: string;
  readonly enabled: boolean;
  readonly range?: Range;
}

export type Associativity = 'left' | 'right' | 'none';

export interface OperatorSpec {
  readonly symbol: string;
  readonly precedence: number;
  readonly associativity: Associativity;
  readonly description?: string;
  readonly range?: Range;
}

/**
 * How blocks are delimited in the built-in grammars: BEGIN/END keywords (Pascal), braces,
 * indentation (Python), lines closed by a construct's own end keyword (BASIC's WEND), or
 * none at all: a stack language's whitespace-separated postfix words (Forth's `: SQ DUP * ;`).
 */
export type BlockStyle = 'keywords' | 'braces' | 'indentation' | 'lines' | 'stack';

export interface LexicalSpec {
  readonly lineComments: readonly string[];
  readonly blockComments: readonly (readonly [string, string])[];
  readonly stringDelimiters: readonly string[];
  /** Separates statements; `null` when newlines alone do. */
  readonly statementSeparator: string | null;
  readonly caseSensitive: boolean;
  /** A line ending in this continues on the next line (BASIC's `_`). */
  readonly lineContinuation: string | null;
}

export interface SyntaxSpec {
  readonly blockStyle: BlockStyle;
  readonly assignmentOperator: string;
  readonly arrayIndexBase: number;
  /** Whether a call statement needs parentheses (`PRINT "x"` is allowed when false). */
  readonly parenthesesRequired: boolean;
}

/** One normalized language, whatever dialect its config was written in. */
export interface LanguageSpec {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly dialects: readonly ConfigDialect[];
  readonly fileExtensions: readonly string[];
  /** By concept (`begin`), in config order. */
  readonly keywords: ReadonlyMap<string, KeywordSpec>;
  /** By the name programs call (`WriteLn`). */
  readonly functions: ReadonlyMap<string, FunctionSpec>;
  readonly operators: readonly OperatorSpec[];
  readonly lexical: LexicalSpec;
  readonly syntax: SyntaxSpec;
  readonly grammar?: PegGrammar;
  /** The file the spec came from, when it came from a file. */
  readonly sourcePath?: string;
}
