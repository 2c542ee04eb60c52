import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';
import { abortError } from '../util/abort.js';

export interface TokenBucketOptions {
  /** Largest burst: the most tokens the bucket holds. */
  readonly capacity: number;
  /** Tokens added per second, continuously. */
  readonly refillPerSecond: number;
  /** Tokens at start. Default: full. */
  readonly initialTokens?: number;
  /** For messages and metrics labels. */
  readonly name?: string;
  /** Monotonic milliseconds. Default performance.now (not Date.now: wall clocks jump). */
  readonly clock?: () => number;
}

export interface AcquireOptions {
  /** Refuse at once (PC_RATE_LIMITED) if the wait would be longer than this. Default: no limit. */
  readonly maxWaitMs?: number;
  readonly signal?: AbortSignal;
}

export interface TokenBucketStats {
  readonly name: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly tokens: number;
  /** Acquisitions granted (immediately or after waiting). */
  readonly granted: number;
  /** tryAcquire() calls that got nothing, and acquire() calls refused for maxWaitMs. */
  readonly rejected: number;
  /** acquire() calls that had to wait. */
  readonly waits: number;
  /** Total time acquire() calls spent waiting, in ms. */
  readonly waitedMs: number;
  /** acquire() calls waiting now. */
  readonly waiting: number;
  /** Until when a server's Retry-After holds all grants (ISO 8601), or null. */
  readonly pausedUntil: string | null;
}

interface Waiter {
  readonly n: number;
  readonly enqueuedAt: number;
  readonly resolve: () => void;
  readonly reject: (error: PcError) => void;
  readonly dispose: () => void;
}

/**
 * A token bucket (cockatiel has no rate limiter). Waiters are served first come, first
 * served on one timer for the head of the queue: no polling, and tryAcquire cannot jump
 * the queue.
 */
export class TokenBucket {
  readonly name: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly #perMs: number;
  readonly #clock: () => number;
  #tokens: number;
  #refilledAt: number;
  #pausedUntil = -Infinity;
  readonly #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #granted = 0;
  #rejected = 0;
  #waits = 0;
  #waitedMs = 0;

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity > 0) || !Number.isFinite(options.capacity))
      throw invalid(`capacity must be a positive number, got ${options.capacity}`);
    if (!(options.refillPerSecond > 0) || !Number.isFinite(options.refillPerSecond)) {
      throw invalid(`refillPerSecond must be a positive number, got ${options.refillPerSecond}`);
    }
    this.name = options.name ?? 'default';
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.#perMs = options.refillPerSecond / 1000;
    this.#clock = options.clock ?? (() => performance.now());
    this.#tokens = Math.min(options.initialTokens ?? options.capacity, options.capacity);
    this.#refilledAt = this.#clock();
  }

  /** Takes `n` tokens if they are there now; never waits. */
  tryAcquire(n = 1): boolean {
    if (!(n > 0 && n <= this.capacity)) throw invalid(`cannot take ${n} tokens from a bucket of ${this.capacity}`);
    if (this.#take(n, this.#clock())) return true;
    this.#rejected++;
    return false;
  }

  /**
   * Takes `n` tokens, waiting in line for them. Rejects with PC_RATE_LIMITED when the wait
   * would exceed `maxWaitMs`, and with the signal's reason when it aborts.
   */
  acquire(n = 1, options: AcquireOptions = {}): Promise<void> {
    if (!(n > 0 && n <= this.capacity))
      return Promise.reject(invalid(`cannot take ${n} tokens from a bucket of ${this.capacity}`));
    const { signal, maxWaitMs = Infinity } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal, `Waiting for rate limiter ${this.name}`));
    const now = this.#clock();
    if (this.#take(n, now)) return Promise.resolve();
    const waitMs = this.#estimatedWait(n, now);
    if (waitMs > maxWaitMs) {
      this.#rejected++;
      return Promise.reject(
        new PcError(
          C.PC_RATE_LIMITED,
          `Rate limiter ${this.name} needs ${Math.ceil(waitMs)} ms for ${n} token(s), more than the ${maxWaitMs} ms allowed`,
          {
            context: { limiter: this.name, tokens: n, waitMs: Math.ceil(waitMs), maxWaitMs },
            retryAfterMs: Math.ceil(waitMs),
          },
        ),
      );
    }
    this.#waits++;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        n,
        enqueuedAt: now,
        resolve,
        reject,
        dispose: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index === -1) return;
        this.#waiters.splice(index, 1);
        this.#waitedMs += this.#clock() - waiter.enqueuedAt;
        reject(abortError(signal!, `Waiting for rate limiter ${this.name}`));
        if (index === 0) this.#schedule();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      if (this.#waiters.length === 1) this.#schedule();
    });
  }

  /** Holds every grant until `epochMs` (a server's Retry-After date). Never shortens a pause. */
  pauseUntil(epochMs: number): void {
    const until = this.#clock() + (epochMs - Date.now());
    if (until <= this.#pausedUntil) return;
    this.#pausedUntil = until;
    if (this.#waiters.length > 0) this.#schedule();
  }

  /** Holds every grant for `ms` from now (a Retry-After in seconds, converted). */
  pauseFor(ms: number): void {
    this.pauseUntil(Date.now() + ms);
  }

  stats(): TokenBucketStats {
    const now = this.#clock();
    this.#refill(now);
    return {
      name: this.name,
      capacity: this.capacity,
      refillPerSecond: this.refillPerSecond,
      tokens: this.#tokens,
      granted: this.#granted,
      rejected: this.#rejected,
      waits: this.#waits,
      waitedMs: this.#waitedMs,
      waiting: this.#waiters.length,
      pausedUntil: this.#pausedUntil > now ? new Date(Date.now() + (this.#pausedUntil - now)).toISOString() : null,
    };
  }

  /** Rejects every waiter (PC_CANCELLED) and stops the timer, for shutdown. */
  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters.splice(0)) {
      waiter.dispose();
      waiter.reject(new PcError(C.PC_CANCELLED, `Rate limiter ${this.name} was closed`));
    }
  }

  /** Takes `n` tokens if nobody is waiting, no pause holds and they are there. */
  #take(n: number, now: number): boolean {
    if (this.#waiters.length > 0 || now < this.#pausedUntil) return false;
    this.#refill(now);
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    this.#granted++;
    return true;
  }

  #refill(now: number): void {
    const elapsed = now - this.#refilledAt;
    if (elapsed <= 0) return;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.#perMs);
    this.#refilledAt = now;
  }

  /** How long until `n` more tokens are free for a newcomer behind everyone waiting. */
  #estimatedWait(n: number, now: number): number {
    this.#refill(now);
    let needed = n - this.#tokens;
    for (const waiter of this.#waiters) needed += waiter.n;
    const refillWait = needed <= 0 ? 0 : needed / this.#perMs;
    return Math.max(refillWait, this.#pausedUntil - now);
  }

  /** Serves the head of the line if it can, and arms the timer for whoever is next. */
  #schedule(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const now = this.#clock();
    this.#refill(now);
    while (this.#waiters.length > 0 && now >= this.#pausedUntil && this.#tokens >= this.#waiters[0]!.n) {
      const waiter = this.#waiters.shift()!;
      this.#tokens -= waiter.n;
      this.#granted++;
      this.#waitedMs += now - waiter.enqueuedAt;
      waiter.dispose();
      waiter.resolve();
    }
    const head = this.#waiters[0];
    if (!head) return;
    const wait = Math.max((head.n - this.#tokens) / this.#perMs, this.#pausedUntil - now);
    // Waiters keep the process alive on purpose: they are work someone awaits.
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#schedule();
      },
      Math.max(1, Math.ceil(wait)),
    );
  }
}

function invalid(message: string): PcError {
  return new PcError(C.PC_INVALID_ARGUMENT, message);
}
