/**
 * The C functions a translated program may call, each written once here and put in front of
 * the program only when it uses them (`runtimePrelude`). Each reproduces what Free Pascal's
 * run-time library does, measured against fpc 3.2.2 (see the language README).
 */
export type RuntimePart = keyof typeof PARTS;

export function runtimePrelude(used: ReadonlySet<RuntimePart>): string[] {
  const out: string[] = [];
  const done = new Set<RuntimePart>();
  const add = (part: RuntimePart): void => {
    if (done.has(part)) return;
    done.add(part);
    for (const need of PARTS[part].needs) add(need);
    out.push(...PARTS[part].lines, '');
  };
  for (const part of ORDER) if (used.has(part)) add(part);
  return out;
}

const PARTS = {
  /**
   * Strings are immutable and NUL-terminated; a new one is never freed (a program's strings
   * live as long as it does, as short programs' do). Out of memory ends the program as Free
   * Pascal's heap overflow does, with run-time error 203.
   */
  newString: {
    needs: [],
    lines: [
      'static char *pc_new_string(size_t length) {',
      '    char *s = malloc(length + 1);',
      '    if (!s) {',
      '        fputs("Runtime error 203\\n", stderr);',
      '        exit(203);',
      '    }',
      "    s[length] = '\\0';",
      '    return s;',
      '}',
    ],
  },
  /** One buffer per character, so each one-character string stays valid for the whole run. */
  charString: {
    needs: [],
    lines: [
      'static char pc_char_strings[256][2];',
      'static const char *pc_char_string(long c) {',
      '    unsigned char u = (unsigned char)c;',
      '    pc_char_strings[u][0] = (char)u;',
      '    return pc_char_strings[u];',
      '}',
    ],
  },
  concat: {
    needs: ['newString'],
    lines: [
      'static const char *pc_concat(const char *a, const char *b) {',
      '    size_t la = strlen(a), lb = strlen(b);',
      '    char *s = pc_new_string(la + lb);',
      '    memcpy(s, a, la);',
      '    memcpy(s + la, b, lb);',
      '    return s;',
      '}',
    ],
  },
  /** Copy(s, index, count) as fpc clamps it: an index below 1 starts at 1, past the end gives ''. */
  copy: {
    needs: ['newString'],
    lines: [
      'static const char *pc_copy(const char *s, long index, long count) {',
      '    long n = (long)strlen(s);',
      '    if (index < 1) index = 1;',
      '    if (index > n || count <= 0) return "";',
      '    if (count > n - index + 1) count = n - index + 1;',
      '    char *r = pc_new_string((size_t)count);',
      '    memcpy(r, s + index - 1, (size_t)count);',
      '    return r;',
      '}',
    ],
  },
  pos: {
    needs: [],
    lines: [
      'static long pc_pos(const char *sub, const char *s) {',
      "    if (sub[0] == '\\0') return 0;",
      '    const char *at = strstr(s, sub);',
      '    return at ? (long)(at - s) + 1 : 0;',
      '}',
    ],
  },
  /** `s[i] := c` on an immutable string: a changed copy. */
  setChar: {
    needs: ['newString'],
    lines: [
      'static const char *pc_set_char(const char *s, long index, long c) {',
      '    size_t n = strlen(s);',
      '    char *r = pc_new_string(n);',
      '    memcpy(r, s, n);',
      '    if (index >= 1 && (size_t)index <= n) r[index - 1] = (char)c;',
      '    return r;',
      '}',
    ],
  },
  upcase: {
    needs: [],
    lines: [
      'static unsigned char pc_upcase(long c) {',
      "    return (unsigned char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);",
      '}',
    ],
  },
  // Sqr evaluates its argument once, in its own type.
  sqrLong: { needs: [], lines: ['static long pc_sqr_long(long x) {', '    return x * x;', '}'] },
  sqrFloat: { needs: [], lines: ['static float pc_sqrf(float x) {', '    return x * x;', '}'] },
  sqrDouble: { needs: [], lines: ['static double pc_sqr(double x) {', '    return x * x;', '}'] },
  sqrLongDouble: { needs: [], lines: ['static long double pc_sqrl(long double x) {', '    return x * x;', '}'] },
  /** Insert and Delete as fpc clamps their positions: the result is a new string. */
  insert: {
    needs: ['newString'],
    lines: [
      'static const char *pc_insert(const char *source, const char *s, long index) {',
      '    size_t n = strlen(s), k = strlen(source);',
      '    size_t at = index < 1 ? 0 : (size_t)index - 1 > n ? n : (size_t)index - 1;',
      '    char *r = pc_new_string(n + k);',
      '    memcpy(r, s, at);',
      '    memcpy(r + at, source, k);',
      '    memcpy(r + at + k, s + at, n - at);',
      '    return r;',
      '}',
    ],
  },
  delete: {
    needs: ['newString'],
    lines: [
      'static const char *pc_delete(const char *s, long index, long count) {',
      '    long n = (long)strlen(s);',
      '    if (index < 1 || index > n || count <= 0) return s;',
      '    if (count > n - index + 1) count = n - index + 1;',
      '    char *r = pc_new_string((size_t)(n - count));',
      '    memcpy(r, s, (size_t)(index - 1));',
      '    memcpy(r + index - 1, s + index - 1 + count, (size_t)(n - index + 1 - count));',
      '    return r;',
      '}',
    ],
  },
  /**
   * DIV and MOD: C99's / and % truncate as Pascal's do; by zero, the program stops as Free
   * Pascal's does, with its stdout as far as it got, the message on stderr and exit code 200.
   */
  divisionByZero: {
    needs: [],
    lines: [
      'static void pc_division_by_zero(void) {',
      '    fflush(stdout);',
      '    fputs("Runtime error 200\\n", stderr);',
      '    exit(200);',
      '}',
    ],
  },
  div: {
    needs: ['divisionByZero'],
    lines: [
      'static long pc_div(long a, long b) {',
      '    if (b == 0) pc_division_by_zero();',
      '    return b == -1 ? (long)(0UL - (unsigned long)a) : a / b;',
      '}',
    ],
  },
  mod: {
    needs: ['divisionByZero'],
    lines: [
      'static long pc_mod(long a, long b) {',
      '    if (b == 0) pc_division_by_zero();',
      '    return b == -1 ? 0 : a % b;',
      '}',
    ],
  },
  /**
   * Sets of ordinals 0..255 (Free Pascal's limit), as 256 bits: built, combined and compared
   * by value, as Pascal's sets are.
   */
  sets: {
    needs: [],
    lines: ['typedef struct {', '    unsigned char bits[32];', '} pc_set;'],
  },
  setEmpty: {
    needs: ['sets'],
    lines: [
      'static pc_set pc_set_empty(void) {',
      '    pc_set s;',
      '    memset(&s, 0, sizeof s);',
      '    return s;',
      '}',
    ],
  },
  setAdd: {
    needs: ['sets'],
    lines: [
      'static pc_set pc_set_add(pc_set s, long lo, long hi) {',
      '    for (long i = lo < 0 ? 0 : lo; i <= hi && i <= 255; i++) s.bits[i >> 3] |= (unsigned char)(1u << (i & 7));',
      '    return s;',
      '}',
    ],
  },
  setIn: {
    needs: ['sets'],
    lines: [
      'static int pc_set_in(long x, pc_set s) {',
      '    return x >= 0 && x <= 255 && (s.bits[x >> 3] >> (x & 7) & 1);',
      '}',
    ],
  },
  setCombine: {
    needs: ['sets'],
    lines: [
      'static pc_set pc_set_combine(pc_set a, pc_set b, int op) {',
      '    for (int i = 0; i < 32; i++)',
      "        a.bits[i] = (unsigned char)(op == '+' ? a.bits[i] | b.bits[i] : op == '*' ? a.bits[i] & b.bits[i] : a.bits[i] & ~b.bits[i]);",
      '    return a;',
      '}',
    ],
  },
  setCompare: {
    needs: ['sets'],
    lines: [
      '/* -1: a is not within b; 0: equal; 1: a is within b and smaller. */',
      'static int pc_set_compare(pc_set a, pc_set b) {',
      '    int smaller = 0;',
      '    for (int i = 0; i < 32; i++) {',
      '        if (a.bits[i] & ~b.bits[i]) return -1;',
      '        if (a.bits[i] != b.bits[i]) smaller = 1;',
      '    }',
      '    return smaller;',
      '}',
    ],
  },
  /**
   * Free Pascal's floating-point exceptions: it unmasks invalid operation, division by zero
   * and overflow, and stops with run-time error 207, 208 or 205; C's flags say the same.
   */
  floatErrors: {
    needs: [],
    lines: [
      'static void pc_check_floats(void) {',
      '    int code = fetestexcept(FE_INVALID) ? 207 : fetestexcept(FE_DIVBYZERO) ? 208 : fetestexcept(FE_OVERFLOW) ? 205 : 0;',
      '    if (code == 0) return;',
      '    fflush(stdout);',
      '    fprintf(stderr, "Runtime error %d\\n", code);',
      '    exit(code);',
      '}',
    ],
  },
  floatCheckedValue: {
    needs: ['floatErrors'],
    lines: ['static long double pc_float_value(long double v) {', '    pc_check_floats();', '    return v;', '}'],
  },
  /** A constant expression: Free Pascal folds it while compiling, so it raises nothing at run time. */
  floatFolded: {
    needs: [],
    lines: [
      'static long double pc_float_folded(long double v) {',
      '    feclearexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW);',
      '    return v;',
      '}',
    ],
  },
  floatChecked: {
    needs: ['floatErrors'],
    lines: ['static int pc_float_checked(int condition) {', '    pc_check_floats();', '    return condition;', '}'],
  },
  /** A BOOLEAN as an int C does not know is one: comparing BOOLEANs is valid Pascal. */
  boolValue: { needs: [], lines: ['static int pc_bool(int b) {', '    return b;', '}'] },
  /** A LongInt result of a 64-bit computation (Abs and Sqr of a LongInt wrap, as in fpc). */
  int32: { needs: [], lines: ['static long pc_int32(long x) {', '    return (int32_t)x;', '}'] },
  /** A result of a folded constant `value`: a LongInt when the value fits one, as fpc types constants. */
  constantWidth: {
    needs: [],
    lines: [
      'static long pc_constant_width(long value, long result) {',
      '    return value >= INT32_MIN && value <= INT32_MAX ? (int32_t)result : result;',
      '}',
    ],
  },
  /** A value compared with itself (`x = x`, valid Pascal), which C compilers would call pointless. */
  sameLong: { needs: [], lines: ['static long pc_same_long(long x) {', '    return x;', '}'] },
  sameReal: { needs: [], lines: ['static long double pc_same_real(long double x) {', '    return x;', '}'] },
  /** A Write width: a negative one is none, as Free Pascal takes it. */
  width: {
    needs: [],
    lines: ['static int pc_width(long w) {', '    return w < 0 ? 0 : w > 100000 ? 100000 : (int)w;', '}'],
  },
  intToStr: {
    needs: ['newString'],
    lines: [
      'static const char *pc_int_to_str(long long x) {',
      '    char buf[32];',
      '    int n = snprintf(buf, sizeof buf, "%lld", x);',
      '    char *s = pc_new_string((size_t)n);',
      '    memcpy(s, buf, (size_t)n);',
      '    return s;',
      '}',
    ],
  },
  /**
   * Free Pascal's Str of a float, as Write prints it: its Grisu1 conversion gives `digits`
   * significant digits correctly rounded (10 for Single, 17 for Double, 21 for Extended);
   * a width or a count of decimals rounds those digits again, half away from zero, with its
   * "aggressive round-up" of a 4 followed by 9s. Which trailing zeros its digit buffer holds
   * decides that round-up, so they are rebuilt as it keeps them. Matched byte for byte on
   * 12,000 values in each format and type (language README).
   */
  strReal: {
    needs: [],
    lines: [
      'static int pc_round_digits(char *d, int *n, int at) {',
      "    int len = *n, r = d[at] - '0';",
      '    *n = at;',
      "    if (r == 4 && at < len - 3 && d[len - 2] >= '8') {",
      '        int i = len - 2;',
      "        do i--; while (i != at && d[i] == '9');",
      '        if (i == at) r = 9;',
      '    }',
      '    if (r < 5) return 0;',
      '    while (at > 0) {',
      '        at--;',
      "        if (++d[at] <= '9') {",
      '            *n = at + 1;',
      '            return 0;',
      '        }',
      '    }',
      "    d[0] = '1';",
      '    *n = 1;',
      '    return 1;',
      '}',
      '',
      'static void pc_write_real(long double v, int digits, int exp_digits, long width, long frac) {',
      '    char buf[80], d[48], all[48], body[600];',
      '    int neg = signbit(v) != 0, n = 0, dot, len = 0;',
      '    if (isnan(v) || isinf(v)) {',
      '        /* As fpc: Nan, +Inf or -Inf, right-aligned in the default width of the type. */',
      '        const char *special = isnan(v) ? "Nan" : neg ? "-Inf" : "+Inf";',
      '        long w = width < 0 ? digits + exp_digits + 4 : width;',
      '        printf("%*s", w > (long)strlen(special) ? (int)w : 0, special);',
      '        return;',
      '    }',
      '    if (neg) v = -v;',
      '    snprintf(buf, sizeof buf, "%.*Le", digits - 1, v);',
      "    for (const char *p = buf; *p && *p != 'e'; p++)",
      "        if (*p != '.') d[n++] = *p;",
      "    dot = atoi(strchr(buf, 'e') + 1) + 1;",
      '    if (v == 0) {',
      '        n = 0;',
      '    } else {',
      '        int m = 0, longer = 0, kept;',
      '        snprintf(buf, sizeof buf, "%.39Le", v);',
      "        for (const char *p = buf; *p && *p != 'e'; p++)",
      "            if (*p != '.') all[m++] = *p;",
      "        kept = atoi(strchr(buf, 'e') + 1) + 1 == dot;",
      '        for (int i = digits; i < m; i++)',
      "            if (all[i] != '0') longer = 1;",
      '        for (int i = 0; i < digits && kept; i++)',
      '            if (all[i] != d[i]) kept = 0;',
      '        if (!(longer && kept))',
      "            while (n > 0 && d[n - 1] == '0') n--;",
      '    }',
      '    if (frac > 200) frac = 200;',
      '    if (frac >= 0 && dot + frac < 250) {',
      '        int cut = dot + (int)frac;',
      '        if (cut < 0) n = 0;',
      '        else if (cut < n) dot += pc_round_digits(d, &n, cut);',
      "        if (neg) body[len++] = '-';",
      "        if (dot <= 0 || n == 0) body[len++] = '0';",
      '        else',
      "            for (int i = 0; i < dot; i++) body[len++] = i < n ? d[i] : '0';",
      '        if (frac > 0) {',
      "            body[len++] = '.';",
      '            for (int i = 0; i < frac; i++) {',
      '                int k = dot + i;',
      "                body[len++] = n > 0 && k >= 0 && k < n ? d[k] : '0';",
      '            }',
      '        }',
      '    } else {',
      '        int sci = width < 0 ? digits : (int)(width > 100 ? 100 : width) - 4 - exp_digits;',
      '        if (sci < 2) sci = 2;',
      '        if (sci > digits) sci = digits;',
      '        if (n > sci) dot += pc_round_digits(d, &n, sci);',
      '        int e = n == 0 ? 0 : dot - 1;',
      "        body[len++] = neg ? '-' : ' ';",
      "        body[len++] = n > 0 ? d[0] : '0';",
      "        body[len++] = '.';",
      "        for (int j = 1; j < sci; j++) body[len++] = j < n ? d[j] : '0';",
      `        len += snprintf(body + len, sizeof body - (size_t)len, "E%c%0*d", e < 0 ? '-' : '+', exp_digits, e < 0 ? -e : e);`,
      '    }',
      "    body[len] = '\\0';",
      '    printf("%*s", width > len ? (int)width : 0, body);',
      '}',
    ],
  },
  /**
   * ReadLn and Read from stdin as Free Pascal reads text: a number skips blanks and line
   * ends before it; ReadLn then drops the rest of its line; a string is the rest of the line.
   */
  /**
   * ReadLn and Read from stdin as Free Pascal reads text: a number skips blanks and line
   * ends before it; ReadLn then drops the rest of its line; a string is the rest of the line.
   */
  // A line ends at LF, CR LF or a lone CR, as Free Pascal reads text.
  skipLine: {
    needs: [],
    lines: [
      'static void pc_skip_line(void) {',
      '    int c;',
      "    while ((c = getchar()) != EOF && c != '\\n' && c != '\\r') {",
      '    }',
      "    if (c == '\\r' && (c = getchar()) != '\\n' && c != EOF) ungetc(c, stdin);",
      '}',
    ],
  },
  /** An integer as fpc's Read takes one: decimal, $hex, %binary, &octal or 0x hex, signed. */
  readInteger: {
    needs: [],
    lines: [
      'static long long pc_read_integer(void) {',
      '    int c, negative = 0, base = 10, digit;',
      '    unsigned long long x = 0;',
      "    while ((c = getchar()) == ' ' || c == '\\t' || c == '\\n' || c == '\\r') {",
      '    }',
      "    if (c == '-' || c == '+') {",
      "        negative = c == '-';",
      '        c = getchar();',
      '    }',
      "    if (c == '$' || c == '%' || c == '&') {",
      "        base = c == '$' ? 16 : c == '%' ? 2 : 8;",
      '        c = getchar();',
      "    } else if (c == '0') {",
      '        c = getchar();',
      "        if (c == 'x' || c == 'X') {",
      '            base = 16;',
      '            c = getchar();',
      '        }',
      '    }',
      '    for (;;) {',
      "        digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;",
      '        if (digit >= base) break;',
      '        x = x * (unsigned long long)base + (unsigned long long)digit;',
      '        c = getchar();',
      '    }',
      '    if (c != EOF) ungetc(c, stdin);',
      '    return negative ? (long long)(0ULL - x) : (long long)x;',
      '}',
    ],
  },
  readReal: {
    needs: [],
    lines: [
      'static long double pc_read_real(void) {',
      '    char buf[256];',
      '    size_t n = 0;',
      '    int c;',
      "    while ((c = getchar()) == ' ' || c == '\\t' || c == '\\n' || c == '\\r') {",
      '    }',
      "    while (c != EOF && c != ' ' && c != '\\t' && c != '\\n' && c != '\\r') {",
      '        if (n + 1 < sizeof buf) buf[n++] = (char)c;',
      '        c = getchar();',
      '    }',
      '    if (c != EOF) ungetc(c, stdin);',
      "    buf[n] = '\\0';",
      '    return strtold(buf, NULL);',
      '}',
    ],
  },
  readString: {
    needs: [],
    lines: [
      'static const char *pc_read_string(void) {',
      '    size_t n = 0, size = 64;',
      '    char *s = malloc(size);',
      '    int c;',
      '    if (!s) exit(203);',
      "    while ((c = getchar()) != EOF && c != '\\n' && c != '\\r') {",
      '        if (n + 1 >= size) {',
      '            char *t = realloc(s, size *= 2);',
      '            if (!t) exit(203);',
      '            s = t;',
      '        }',
      '        s[n++] = (char)c;',
      '    }',
      '    if (c != EOF) ungetc(c, stdin);',
      "    s[n] = '\\0';",
      '    return s;',
      '}',
    ],
  },
} as const satisfies Record<string, { readonly needs: readonly string[]; readonly lines: readonly string[] }>;

const ORDER = Object.keys(PARTS) as RuntimePart[];

/** Every name the run-time parts define, so no program name is given one of them. */
export const RUNTIME_NAMES: ReadonlySet<string> = new Set(
  Object.values(PARTS).flatMap((part) =>
    part.lines.flatMap((line) =>
      [...line.matchAll(/^(?:static [^=(]*?|\} )\b(pc_\w+)(?:\(|\[| =|;)/g)].map((m) => m[1] ?? ''),
    ),
  ),
);
