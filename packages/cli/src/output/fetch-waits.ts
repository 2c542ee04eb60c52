import type { FetchProgress, FetchSubject } from '@parsercraft/registry-client';

/** A pipe or CI log gets a line at least this often while a request waits. */
export const WAIT_LINE_INTERVAL_MS = 5_000;
/** A terminal shows a wait once it has lasted this long; shorter ones are normal traffic. */
const SHOW_ON_TERMINAL_AFTER_MS = 1_000;
const TICK_MS = 500;
/** A retry after a shorter pause is a hiccup, left to the periodic line: CI logs stay readable. */
const RETRY_LINE_FROM_MS = 1_000;
/** A line is due one tick early, so that with a late tick the gap is still at most the interval. */
const LINE_DUE_MS = WAIT_LINE_INTERVAL_MS - TICK_MS;
/** A gap between requests shorter than this does not end a busy spell. */
const IDLE_MS = 1_000;

interface Waiting {
  readonly about: FetchSubject;
  /** When the call's first attempt started. */
  readonly since: number;
  attempt: number;
  attempts: number;
  /** During a retry's backoff: when the next attempt starts, and what the last one failed with. */
  retryAt?: number;
  failedWith?: string;
}

export interface FetchWaitsOptions {
  /** On a terminal the progress bar shows waits (see `current`); elsewhere they are printed as lines. */
  readonly interactive: boolean;
  /** Prints one plain line (stderr). */
  readonly writeLine: (line: string) => void;
  /** Called on every tick on a terminal, to redraw the bar with `current()`. */
  readonly redraw?: () => void;
  readonly now?: () => number;
}

/**
 * What an install is waiting for, from the fetcher's progress events, so a slow or dead
 * registry shows while it is slow: "waiting for <url> (<package>, attempt 2 of 4, 12 s)".
 * In a pipe or CI, a retry that pauses a second or more is a line when it happens, and a
 * wait is a line at least every 5 s; on a terminal the progress bar shows the longest wait.
 */
export class FetchWaits {
  readonly #waiting = new Map<string, Waiting>();
  readonly #pausedUntil = new Map<string, number>();
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #lastLine: number;
  /** When requests started being in flight after a quiet spell; a silence is counted from then. */
  #busySince: number | undefined;
  #idleSince: number | undefined;

  constructor(private readonly o: FetchWaitsOptions) {
    this.#now = o.now ?? (() => performance.now());
    this.#lastLine = this.#now();
    this.#timer = setInterval(() => this.tick(), TICK_MS);
    // Reporting on a wait must never be what keeps a process alive.
    this.#timer.unref();
  }

  observe(event: FetchProgress): void {
    const id = `${event.what}\u0000${event.url}`;
    const now = this.#now();
    switch (event.phase) {
      case 'request': {
        // Requests one after another (a chain of dependencies) are one busy spell, not many.
        if (this.#waiting.size === 0 && (this.#idleSince === undefined || now - this.#idleSince > IDLE_MS))
          this.#busySince = now;
        const known = this.#waiting.get(id);
        const waiting = known ?? { about: event, since: now, attempt: event.attempt, attempts: event.attempts };
        waiting.attempt = event.attempt;
        waiting.attempts = event.attempts;
        delete waiting.retryAt;
        this.#waiting.set(id, waiting);
        return;
      }
      case 'retry': {
        const waiting = this.#waiting.get(id);
        if (waiting) {
          waiting.retryAt = now + event.delayMs;
          waiting.failedWith = event.code;
          waiting.attempts = event.attempts;
        }
        if (this.o.interactive || event.delayMs < RETRY_LINE_FROM_MS) return;
        const asked = event.retryAfterMs === undefined ? '' : ", as the registry's Retry-After asks";
        this.#line(
          `retrying ${event.url} (${event.package}): attempt ${event.attempt} of ${event.attempts} failed with ${event.code}; attempt ${event.attempt + 1} in ${duration(event.delayMs)}${asked}`,
        );
        return;
      }
      case 'pause': {
        const until = now + event.ms;
        if ((this.#pausedUntil.get(event.origin) ?? 0) >= now) return;
        this.#pausedUntil.set(event.origin, until);
        if (!this.o.interactive)
          this.#line(
            `registry ${event.origin} asked for a pause of ${duration(event.ms)} (Retry-After): its requests wait`,
          );
        return;
      }
      case 'request-done':
        this.#waiting.delete(id);
        if (this.#waiting.size === 0) this.#idleSince = now;
        return;
    }
  }

  /** The longest wait now, described; undefined while nothing has waited long enough to mention. */
  current(minimumMs = SHOW_ON_TERMINAL_AFTER_MS): string | undefined {
    let oldest: Waiting | undefined;
    for (const w of this.#waiting.values()) if (!oldest || w.since < oldest.since) oldest = w;
    const now = this.#now();
    if (!oldest || now - oldest.since < minimumMs) return undefined;
    const { about, attempt, attempts, retryAt, failedWith } = oldest;
    const waited = `${Math.round((now - oldest.since) / 1000)} s`;
    if (retryAt !== undefined && retryAt > now)
      return `waiting for ${about.url} (${about.package}, attempt ${attempt + 1} of ${attempts} in ${duration(retryAt - now)} after ${failedWith ?? 'a failure'}, ${waited})`;
    const paused = this.#pausedUntil.get(new URL(about.url).origin);
    const pause =
      paused !== undefined && paused > now ? `, paused by the registry for ${duration(paused - now)} more` : '';
    return `waiting for ${about.url} (${about.package}, attempt ${attempt} of ${attempts}${pause}, ${waited})`;
  }

  /** The timer calls it twice a second. */
  tick(): void {
    if (this.o.interactive) {
      this.o.redraw?.();
      return;
    }
    const now = this.#now();
    if (this.#waiting.size === 0 || now - Math.max(this.#lastLine, this.#busySince ?? now) < LINE_DUE_MS) return;
    // Any request in flight counts, however young: a chain of 4 s requests is a long silence too.
    const wait = this.current(0);
    if (wait) this.#line(this.#waiting.size > 1 ? `${wait}, and ${this.#waiting.size - 1} more` : wait);
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #line(text: string): void {
    this.#lastLine = this.#now();
    this.o.writeLine(text);
  }
}

function duration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
