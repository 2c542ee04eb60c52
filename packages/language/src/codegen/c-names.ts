import type { LanguageSymbol } from '../semantics/symbol.js';

/** C99's keywords and the names the generated code itself uses from the C library. */
const RESERVED: ReadonlySet<string> = new Set([
  'auto',
  'break',
  'case',
  'char',
  'const',
  'continue',
  'default',
  'do',
  'double',
  'else',
  'enum',
  'extern',
  'float',
  'for',
  'goto',
  'if',
  'inline',
  'int',
  'long',
  'register',
  'restrict',
  'return',
  'short',
  'signed',
  'sizeof',
  'static',
  'struct',
  'switch',
  'typedef',
  'union',
  'unsigned',
  'void',
  'volatile',
  'while',
  '_Bool',
  '_Complex',
  '_Imaginary',
  'main',
  'printf',
  'putchar',
  'fputs',
  'stdout',
  'strcmp',
  'bool',
  'true',
  'false',
  'NULL',
]);

/**
 * C names for program symbols: the Pascal name where it is a legal, free C identifier,
 * else the name with a numbered suffix. One C name per symbol, never two symbols per name,
 * so a Pascal variable called `int` or two locals differing only by case stay distinct.
 */
export class CNames {
  private readonly bySymbol = new Map<LanguageSymbol, string>();
  private readonly taken = new Set<string>();

  of(symbol: LanguageSymbol): string {
    const known = this.bySymbol.get(symbol);
    if (known) return known;
    const name = this.fresh(symbol.name.replace(/[^A-Za-z0-9_]/g, '_'));
    this.bySymbol.set(symbol, name);
    return name;
  }

  /** A name no symbol and no earlier call has, for temporaries (`pc_limit_1`). */
  fresh(base: string): string {
    let name = /^[A-Za-z_]/.test(base) ? base : `_${base}`;
    // Suffixes continue from the last one given for this base: a program with a thousand
    // FOR loops asks for pc_limit a thousand times.
    let n = this.suffixes.get(base) ?? 0;
    while (RESERVED.has(name) || this.taken.has(name)) name = `${base}_${++n}`;
    this.suffixes.set(base, n);
    this.taken.add(name);
    return name;
  }

  private readonly suffixes = new Map<string, number>();
}
