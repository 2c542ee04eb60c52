import { classify, CoreErrorCodes, type PcError } from '@parsercraft/core';

/**
 * Runs `work` over `items`, at most `limit` at a time; the first failure stops new work.
 * Of the failures, the first that is not a breaker refusal is thrown: when one origin
 * fails for several packages at once, its breaker opens and refuses the others, and the
 * cause is more use to a reader than the refusals it caused.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: PcError[] = [];
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failures.push(classify(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const cause = failures.find((f) => f.code !== CoreErrorCodes.PC_CIRCUIT_OPEN.code) ?? failures[0];
  if (cause) throw cause;
}
