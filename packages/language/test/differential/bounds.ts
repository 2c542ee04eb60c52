/**
 * The magnitudes that keep every generated program well defined in both languages: each
 * store into a variable holds at most its type's bound, and every intermediate value of an
 * INTEGER expression fits in 32 bits (of an Int64 one, in 63), whichever width either
 * compiler computes it in.
 */
export const INTEGER_VAR_BOUND = 1_000_000;
export const INT64_VAR_BOUND = 1e12;
export const REAL_VAR_BOUND = 1e6;
export const LIMIT32 = 2 ** 31 - 1;
export const LIMIT64 = 2 ** 62;
/** The longest STRING literal generated, so Length() is bounded too. */
export const MAX_STRING = 8;
