/**
 * Reading the current text around the cursor, for requests that must follow what the user
 * is typing (completion, signature help) rather than the last analysed version. Bounded
 * scans only: the main thread never parses.
 */
const WORD = /[\w$]/;

/**
 * Where a request is: its offset in the current text, and the same position in the version
 * the last good index is of. They differ while an edit waits for its analysis.
 */
export interface Cursor {
  readonly text: string;
  readonly offset: number;
  readonly indexOffset: number;
}

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The identifier-like word the offset is in or right after. */
export function wordAround(text: string, offset: number): Span | undefined {
  let from = offset;
  let to = offset;
  while (from > 0 && WORD.test(text[from - 1] ?? '')) from--;
  while (to < text.length && WORD.test(text[to] ?? '')) to++;
  return to > from ? { from, to } : undefined;
}

/** Where the word being typed starts (the offset itself when none is). */
export function wordStart(text: string, offset: number): number {
  let from = offset;
  while (from > 0 && WORD.test(text[from - 1] ?? '')) from--;
  return from;
}

/** `p.` before the word being typed: the span of `p`, when there is one. */
export function memberReceiver(text: string, wordFrom: number): Span | undefined {
  let dot = wordFrom - 1;
  while (dot > 0 && (text[dot] === ' ' || text[dot] === '\t')) dot--;
  if (text[dot] !== '.' || text[dot - 1] === '.') return undefined;
  let to = dot;
  while (to > 0 && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
  const from = wordStart(text, to);
  return to > from ? { from, to } : undefined;
}

export interface CallContext {
  /** The span of the called name. */
  readonly callee: Span;
  /** Which argument the cursor is in, from 0. */
  readonly argument: number;
}

/**
 * The call whose argument list holds the offset: the nearest unclosed `(` before it, looking
 * back at most `limit` characters, skipping nested parentheses and quoted text.
 */
export function enclosingCall(text: string, offset: number, limit = 2000): CallContext | undefined {
  let depth = 0;
  let commas = 0;
  let quote: string | undefined;
  const stop = Math.max(0, offset - limit);
  for (let i = offset - 1; i >= stop; i--) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ')' || c === ']') depth++;
    else if (c === '[' && depth > 0) depth--;
    else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      let to = i;
      while (to > 0 && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
      const from = wordStart(text, to);
      return to > from ? { callee: { from, to }, argument: commas } : undefined;
    } else if (c === ',' && depth === 0) commas++;
    // A statement ends before the cursor with no call open; arguments may span lines, so a newline does not.
    else if (c === ';' && depth === 0) return undefined;
  }
  return undefined;
}
