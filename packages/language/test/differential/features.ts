/**
 * What the program generator may produce, one switch per construct, so a construct generateC
 * declines can be left out and new ones (string operations, sets, Write widths) added later.
 */
export const FEATURES = [
  'int64',
  'real',
  'boolean',
  'char',
  'string',
  'const',
  'if',
  'elsif',
  'while',
  'for',
  'repeat',
  'case',
  'procedures',
  'functions',
  'varParams',
  'recursion',
  'arrays',
  'records',
  'arrayOfRecords',
  /** Locals, parameters and fields named as C keywords, macros and libc functions (`int`, `NULL`, `printf`). */
  'cLikeNames',
  /** REAL operations whose operands are all constants, which Free Pascal folds in extended precision. */
  'realConstantFolding',
  /** Write of a REAL CONST or constant expression, which Free Pascal formats by the smallest float type holding it. */
  'writeRealConstant',
  /** Routines, globals, constants, parameters and locals the program never reads (C's -Wall -Wextra flag them). */
  'unusedDeclarations',
  /** A comparison of an expression with itself (`x = x`). */
  'selfComparison',
  /** BOOLEAN values ordered with < > <= >= (`(a < b) >= FALSE`). */
  'booleanOrdering',
  /** Integer operations on literals alone whose result needs more than 32 bits (Int64 expressions). */
  'wideLiteralArithmetic',
] as const;

export type Feature = (typeof FEATURES)[number];

/**
 * Switched off, each with the reason: constructs generateC declines (codegen-unsupported),
 * recorded in the findings rather than generated.
 */
export const DISABLED: ReadonlyMap<Feature, string> = new Map<Feature, string>([]);

export const DEFAULT_FEATURES: ReadonlySet<Feature> = new Set(FEATURES.filter((f) => !DISABLED.has(f)));
