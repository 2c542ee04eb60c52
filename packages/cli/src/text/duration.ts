/** Node's timers hold at most 2^31 - 1 ms; past that they fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000 };

/**
 * A duration as people type it: `1500ms`, `30s`, `2m`, `1.5s`, or a bare number of
 * milliseconds (as `doctor --timeout` takes). Undefined for anything else, zero, or
 * more than a timer can hold: the caller says what it wanted.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  if (!match) return undefined;
  const ms = Math.round(Number(match[1]) * (UNIT_MS[(match[2] ?? 'ms').toLowerCase()] ?? 1));
  return Number.isSafeInteger(ms) && ms >= 1 && ms <= MAX_TIMER_MS ? ms : undefined;
}
