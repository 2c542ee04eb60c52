/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * adjacent characters each cost one, so `OFR` is one slip from `FOR` (plain Levenshtein
 * counts two). With `limit`, returns `limit + 1` as soon as the distance is sure to exceed it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current.push(d);
      smallest = Math.min(smallest, d);
    }
    // A swap reads the row before this one, so the early exit waits for two rows over the limit.
    if (smallest > limit && Math.min(...previous) > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
