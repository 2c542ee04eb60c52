/** Percentiles and the one way the benchmark prints a figure beside its target. */

export const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

export const ms = (x: number): string => (Number.isNaN(x) ? 'no samples' : `${x.toFixed(1)} ms`);

/** "  what: figure (target <= 100 ms: met)", so a run's output reads as the table it becomes. */
export function line(what: string, figure: string, target?: { readonly text: string; readonly met: boolean }): string {
  return `  ${what}: ${figure}${target ? ` (target ${target.text}: ${target.met ? 'met' : 'MISSED'})` : ''}`;
}
