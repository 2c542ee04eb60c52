/** What to do about a server that just exited without being asked to. */
export type CrashDecision =
  | { readonly action: 'restart'; readonly delayMs: number; readonly attempt: number }
  | { readonly action: 'stop'; readonly crashes: number; readonly windowMs: number };

export interface RestartPolicyOptions {
  /** First delay; each further crash doubles it. Default 1 s. */
  readonly initialDelayMs?: number;
  /** Default 30 s. */
  readonly maxDelayMs?: number;
  /** This many crashes within `windowMs` stop the server for good (until the user restarts it). Default 5. */
  readonly maxCrashes?: number;
  /** Default 3 minutes. */
  readonly windowMs?: number;
  /** A server that ran this long since its last start has recovered: the delay starts again at the first. Default 60 s. */
  readonly stableAfterMs?: number;
}

/**
 * When to restart a crashed language server. vscode-languageclient's default restarts at
 * once and gives up for good after five crashes in three minutes; this one waits 1, 2, 4 ...
 * 30 s between restarts, so a server that crashes on start does not spin, and stops only
 * after `maxCrashes` within `windowMs`, leaving the user a restart. Pure: the caller passes
 * the time, so tests need no clock.
 */
export class RestartPolicy {
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxCrashes: number;
  private readonly windowMs: number;
  private readonly stableAfterMs: number;
  private crashes: number[] = [];
  private attempt = 0;
  private startedAt: number | undefined;

  constructor(options: RestartPolicyOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxCrashes = options.maxCrashes ?? 5;
    this.windowMs = options.windowMs ?? 180_000;
    this.stableAfterMs = options.stableAfterMs ?? 60_000;
  }

  /** The server (re)started now. */
  started(now: number): void {
    this.startedAt = now;
  }

  /** The server exited without being asked to, now. */
  crashed(now: number): CrashDecision {
    if (this.startedAt !== undefined && now - this.startedAt >= this.stableAfterMs) this.attempt = 0;
    this.crashes = [...this.crashes.filter((t) => now - t < this.windowMs), now];
    if (this.crashes.length >= this.maxCrashes)
      return { action: 'stop', crashes: this.crashes.length, windowMs: this.windowMs };
    const delayMs = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** this.attempt);
    this.attempt++;
    return { action: 'restart', delayMs, attempt: this.attempt };
  }

  /** The user restarted the server by hand: a fresh start, crashes forgotten. */
  reset(): void {
    this.crashes = [];
    this.attempt = 0;
    this.startedAt = undefined;
  }
}
