/**
 * Every identifier the headers a translation includes declare or define, outside the
 * implementation's reserved `_` names: functions, types (`float_t`, `div_t`), struct tags and
 * members, macros (`INT8_MAX`, `FP_NAN`, `SEEK_SET`). A Pascal name equal to one gets a
 * suffix (c-names.ts), or it would be redeclared or macro-expanded. Made on Debian 12
 * (glibc 2.36, gcc 12) from the preprocessed headers and their macros:
 *
 *   printf '#include <fenv.h>\n#include <math.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n' > h.c
 *   { cc -std=c99 -E h.c | grep -v '^#' | grep -oE '\b[A-Za-z][A-Za-z0-9_]*\b'
 *     cc -std=c99 -dM -E h.c | awk '{print $2}' | cut -d'(' -f1 | grep -E '^[A-Za-z]'; } | sort -u
 */
export const C_HEADER_NAMES: ReadonlySet<string> = new Set(
  [
    'BUFSIZ EOF EXIT_FAILURE EXIT_SUCCESS FE_ALL_EXCEPT FE_DFL_ENV FE_DIVBYZERO FE_DOWNWARD',
    'FE_INEXACT FE_INVALID FE_OVERFLOW FE_TONEAREST FE_TOWARDZERO FE_UNDERFLOW FE_UPWARD FILE',
    'FILENAME_MAX FOPEN_MAX FP_ILOGB0 FP_ILOGBNAN FP_INFINITE FP_NAN FP_NORMAL FP_SUBNORMAL FP_ZERO',
    'HUGE_VAL HUGE_VALF HUGE_VALL INFINITY INT16_C INT16_MAX INT16_MIN INT32_C INT32_MAX INT32_MIN',
    'INT64_C INT64_MAX INT64_MIN INT8_C INT8_MAX INT8_MIN INTMAX_C INTMAX_MAX INTMAX_MIN INTPTR_MAX',
    'INTPTR_MIN INT_FAST16_MAX INT_FAST16_MIN INT_FAST32_MAX INT_FAST32_MIN INT_FAST64_MAX',
    'INT_FAST64_MIN INT_FAST8_MAX INT_FAST8_MIN INT_LEAST16_MAX INT_LEAST16_MIN INT_LEAST32_MAX',
    'INT_LEAST32_MIN INT_LEAST64_MAX INT_LEAST64_MIN INT_LEAST8_MAX INT_LEAST8_MIN L_tmpnam',
    'MATH_ERREXCEPT MATH_ERRNO MB_CUR_MAX NAN NULL PTRDIFF_MAX PTRDIFF_MIN RAND_MAX SEEK_CUR SEEK_END',
    'SEEK_SET SIG_ATOMIC_MAX SIG_ATOMIC_MIN SIZE_MAX TMP_MAX UINT16_C UINT16_MAX UINT32_C UINT32_MAX',
    'UINT64_C UINT64_MAX UINT8_C UINT8_MAX UINTMAX_C UINTMAX_MAX UINTPTR_MAX UINT_FAST16_MAX',
    'UINT_FAST32_MAX UINT_FAST64_MAX UINT_FAST8_MAX UINT_LEAST16_MAX UINT_LEAST32_MAX',
    'UINT_LEAST64_MAX UINT_LEAST8_MAX WCHAR_MAX WCHAR_MIN WINT_MAX WINT_MIN abort abs acos acosf',
    'acosh acoshf acoshl acosl asin asinf asinh asinhf asinhl asinl atan atan2 atan2f atan2l atanf',
    'atanh atanhf atanhl atanl atexit atof atoi atol atoll bsearch calloc cbrt cbrtf cbrtl ceil ceilf',
    'ceill char clearerr const copysign copysignf copysignl cos cosf cosh coshf coshl cosl div div_t',
    'double double_t enum erf erfc erfcf erfcl erff erfl exit exp exp2 exp2f exp2l expf expl expm1',
    'expm1f expm1l extern fabs fabsf fabsl fclose fdim fdimf fdiml feclearexcept fegetenv',
    'fegetexceptflag fegetround feholdexcept fenv_t feof feraiseexcept ferror fesetenv',
    'fesetexceptflag fesetround fetestexcept feupdateenv fexcept_t fflush fgetc fgetpos fgets float',
    'float_t floor floorf floorl fma fmaf fmal fmax fmaxf fmaxl fmin fminf fminl fmod fmodf fmodl',
    'fopen fpclassify fpos_t fprintf fputc fputs fread free freopen frexp frexpf frexpl fscanf fseek',
    'fsetpos ftell fwrite getc getchar getenv gets hypot hypotf hypotl ilogb ilogbf ilogbl int',
    'int16_t int32_t int64_t int8_t int_fast16_t int_fast32_t int_fast64_t int_fast8_t int_least16_t',
    'int_least32_t int_least64_t int_least8_t intmax_t intptr_t isfinite isgreater isgreaterequal',
    'isinf isless islessequal islessgreater isnan isnormal isunordered labs ldexp ldexpf ldexpl ldiv',
    'ldiv_t lgamma lgammaf lgammal llabs lldiv lldiv_t llrint llrintf llrintl llround llroundf',
    'llroundl log log10 log10f log10l log1p log1pf log1pl log2 log2f log2l logb logbf logbl logf logl',
    'long lrint lrintf lrintl lround lroundf lroundl malloc math_errhandling mblen mbstowcs mbtowc',
    'memchr memcmp memcpy memmove memset modf modff modfl nan nanf nanl nearbyint nearbyintf',
    'nearbyintl nextafter nextafterf nextafterl nexttoward nexttowardf nexttowardl perror pow powf',
    'powl printf putc putchar puts qsort quot rand realloc rem remainder remainderf remainderl remove',
    'remquo remquof remquol rename rewind rint rintf rintl round roundf roundl scalbln scalblnf',
    'scalblnl scalbn scalbnf scalbnl scanf setbuf setvbuf short signbit signed sin sinf sinh sinhf',
    'sinhl sinl size_t sizeof snprintf sprintf sqrt sqrtf sqrtl srand sscanf stderr stdin stdout',
    'strcat strchr strcmp strcoll strcpy strcspn strerror strlen strncat strncmp strncpy strpbrk',
    'strrchr strspn strstr strtod strtof strtok strtol strtold strtoll strtoul strtoull struct',
    'strxfrm system tan tanf tanh tanhf tanhl tanl tgamma tgammaf tgammal tmpfile tmpnam trunc truncf',
    'truncl typedef uint16_t uint32_t uint64_t uint8_t uint_fast16_t uint_fast32_t uint_fast64_t',
    'uint_fast8_t uint_least16_t uint_least32_t uint_least64_t uint_least8_t uintmax_t uintptr_t',
    'ungetc union unsigned vfprintf vfscanf void vprintf vscanf vsnprintf vsprintf vsscanf wchar_t',
    'wcstombs wctomb',
  ]
    .join(' ')
    .split(' '),
);
