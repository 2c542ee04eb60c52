import type { HealthComponent } from '@parsercraft/core';
import { ServerCodes } from '../errors/server-codes.js';

export interface HeapWatchOptions {
  readonly limitBytes: number;
  readonly intervalMs: number;
  readonly component: HealthComponent;
  /** Frees what can be rebuilt (cached analyses); called once per time the heap goes over. */
  readonly dropCaches: () => void;
  readonly heapUsed?: () => number;
}

/**
 * Checks the main thread's heap every `intervalMs`: over the limit, caches are dropped and
 * the memory component is degraded with the reason; back under, it is healthy again.
 * Worker heaps are capped by their own resource limits instead (see analysis-pool.ts).
 */
export function watchHeap(options: HeapWatchOptions): () => void {
  const used = options.heapUsed ?? ((): number => process.memoryUsage().heapUsed);
  let over = false;
  const check = (): void => {
    const bytes = used();
    const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`;
    if (bytes > options.limitBytes) {
      if (!over) options.dropCaches();
      over = true;
      options.component.mark(
        'heap',
        'degraded',
        `heap ${mb(bytes)} is over the ${mb(options.limitBytes)} limit; cached analyses were dropped`,
        {
          code: ServerCodes.PC_SERVER_HEAP_OVER_LIMIT.code,
          runbook: ServerCodes.PC_SERVER_HEAP_OVER_LIMIT.runbook,
        },
      );
    } else if (over) {
      over = false;
      options.component.clearMark('heap');
    }
  };
  const timer = setInterval(check, options.intervalMs);
  timer.unref();
  check();
  return () => clearInterval(timer);
}
