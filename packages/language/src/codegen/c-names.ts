import type { LanguageSymbol } from '../semantics/symbol.js';
import { C_HEADER_NAMES } from './c-header-names.js';
import { RUNTIME_NAMES } from './c-runtime.js';

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
  // What the included headers declare (math.h, stdio.h, stdlib.h, string.h, stdint.h): a
  // Pascal variable named `exp` or `floor` would be redeclared as another kind of symbol.
  ...[
    'acos',
    'asin',
    'atan',
    'atan2',
    'ceil',
    'cos',
    'cosh',
    'exp',
    'exp2',
    'expm1',
    'fabs',
    'floor',
    'fmax',
    'fmin',
    'fmod',
  ],
  ...['frexp', 'hypot', 'ldexp', 'lgamma', 'log', 'log10', 'log1p', 'log2', 'lrint', 'lround', 'modf', 'nan', 'pow'],
  ...[
    'remainder',
    'rint',
    'round',
    'signbit',
    'sin',
    'sinh',
    'sqrt',
    'tan',
    'tanh',
    'tgamma',
    'trunc',
    'cbrt',
    'erf',
    'erfc',
  ],
  ...['isnan', 'isinf', 'isfinite', 'fpclassify', 'NAN', 'INFINITY', 'HUGE_VAL'],
  ...['puts', 'getchar', 'gets', 'fgets', 'fprintf', 'sprintf', 'snprintf', 'scanf', 'sscanf', 'fscanf', 'fopen'],
  ...['fclose', 'fflush', 'fread', 'fwrite', 'fputc', 'fgetc', 'getc', 'putc', 'ungetc', 'remove', 'rename', 'perror'],
  ...[
    'stdin',
    'stderr',
    'EOF',
    'FILE',
    'BUFSIZ',
    'abs',
    'labs',
    'llabs',
    'div',
    'ldiv',
    'atoi',
    'atol',
    'atof',
    'strtol',
  ],
  ...[
    'strtod',
    'strtoul',
    'malloc',
    'calloc',
    'realloc',
    'free',
    'exit',
    'abort',
    'atexit',
    'getenv',
    'system',
    'rand',
  ],
  ...['srand', 'qsort', 'bsearch', 'RAND_MAX', 'EXIT_SUCCESS', 'EXIT_FAILURE', 'strlen', 'strcpy', 'strncpy', 'strcat'],
  ...[
    'strncat',
    'strncmp',
    'strchr',
    'strrchr',
    'strstr',
    'strtok',
    'strspn',
    'strcspn',
    'strpbrk',
    'strerror',
    'memcpy',
  ],
  ...[
    'memmove',
    'memset',
    'memcmp',
    'memchr',
    'size_t',
    'int8_t',
    'int16_t',
    'int32_t',
    'int64_t',
    'uint8_t',
    'uint16_t',
  ],
  ...['uint32_t', 'uint64_t', 'INT32_MAX', 'INT32_MIN', 'INT64_MAX', 'INT64_MIN', 'errno', 'assert'],
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
    // `pc_` names are the translation's own (run-time functions, temporaries, loop indexes).
    const spelled = symbol.name.replace(/[^A-Za-z0-9_]/g, '_');
    const name = this.fresh(spelled.startsWith('pc_') ? `u_${spelled}` : spelled);
    this.bySymbol.set(symbol, name);
    return name;
  }

  /** A name no symbol and no earlier call has, for temporaries (`pc_limit_1`). */
  fresh(base: string): string {
    let name = /^[A-Za-z_]/.test(base) ? base : `_${base}`;
    // Suffixes continue from the last one given for this base: a program with a thousand
    // FOR loops asks for pc_limit a thousand times.
    let n = this.suffixes.get(base) ?? 0;
    while (RESERVED.has(name) || C_HEADER_NAMES.has(name) || RUNTIME_NAMES.has(name) || this.taken.has(name))
      name = `${base}_${++n}`;
    this.suffixes.set(base, n);
    this.taken.add(name);
    return name;
  }

  private readonly suffixes = new Map<string, number>();
}
