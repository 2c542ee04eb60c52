/**
 * The candidates nearest to what was typed, for "did you mean": those containing it first
 * (`net_reset` finds PC_NET_RESET), then by edit distance, case ignored. Hand-written: the
 * usual libraries for this are larger than the ten lines it takes, and commander keeps its
 * own suggester private.
 */
export function nearest(typed: string, candidates: readonly string[], count = 3): string[] {
  const t = typed.toLowerCase();
  const scored = candidates.map((c) => {
    const lower = c.toLowerCase();
    return { c, contains: t.length > 0 && lower.includes(t), distance: editDistance(t, lower) };
  });
  scored.sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance || a.c.localeCompare(b.c));
  return scored.slice(0, count).map((s) => s.c);
}

/** Levenshtein distance with one row of memory. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
