import type { Logger } from '@parsercraft/core';

/** `edit`: the user changed or opened the document; `background`: a reload or a retry of a degraded one. */
export type Urgency = 'edit' | 'background';

export interface SchedulerOptions {
  /** Documents analysed at once: the pool's size, so queued work waits here, where nothing times out. */
  readonly concurrency: number;
  /** Quiet time after an edit before analysing. */
  readonly debounceMs: number;
  /**
   * Analyses a document's current version and publishes the outcome; never rejects. It may
   * call `release` once its worker work is done but it still waits (for a typing pause): the
   * slot goes to another document, while `uri` still counts as running.
   */
  readonly analyse: (uri: string, release: () => void) => Promise<void>;
  readonly log: Logger;
  /** Told when the scheduler goes idle or busy (for `quiescent`). */
  readonly onChange: () => void;
}

/**
 * Which document is analysed next. Admission never drops work: every scheduled document
 * waits here until a worker is free, edited ones before background ones, and among those
 * the one the user touched last (an edit or a request: what is on screen) first. A
 * document scheduled while its analysis runs is analysed again right after.
 */
export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Background work due later (a degraded document's retry): nothing the client waits for, so not busy. */
  private readonly later = new Set<string>();
  private readonly queued = new Map<string, Urgency>();
  private readonly running = new Set<string>();
  /** Running documents that gave their slot back (see `analyse`). */
  private readonly released = new Set<string>();
  private readonly again = new Map<string, Urgency>();
  private readonly touched = new Map<string, number>();
  private readonly settledWaiters = new Map<string, (() => void)[]>();
  private clock = 0;

  constructor(private readonly options: SchedulerOptions) {}

  /** Analyse `uri` after `delayMs` (default: the debounce time for edits, none for background work). */
  schedule(uri: string, urgency: Urgency = 'edit', delayMs?: number): void {
    if (urgency === 'edit') this.touch(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.later.delete(uri);
    const delay = delayMs ?? (urgency === 'edit' ? this.options.debounceMs : 0);
    if (delay <= 0) return this.enqueue(uri, urgency);
    if (delayMs !== undefined && urgency === 'background') this.later.add(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.later.delete(uri);
      this.enqueue(uri, urgency);
    }, delay);
    // A retry minutes away must not keep a server that was told to exit alive.
    timer.unref();
    this.timers.set(uri, timer);
    this.options.onChange();
  }

  /** The user is looking at `uri`: it goes first among its kind. */
  touch(uri: string): void {
    this.touched.set(uri, ++this.clock);
  }

  /** The document was closed: nothing more for it. */
  cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.later.delete(uri);
    this.queued.delete(uri);
    this.again.delete(uri);
    this.touched.delete(uri);
    if (!this.running.has(uri)) this.notifySettled(uri);
    this.options.onChange();
  }

  /** Resolves once nothing is waiting, queued or running for `uri`. */
  settled(uri: string): Promise<void> {
    if (!this.pending(uri)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.settledWaiters.get(uri) ?? [];
      list.push(resolve);
      this.settledWaiters.set(uri, list);
    });
  }

  /** Nothing is waiting, queued or running. */
  get idle(): boolean {
    return this.timers.size === this.later.size && this.queued.size === 0 && this.running.size === 0;
  }

  /** Waiting and running documents, for health (retries due later not counted). */
  get backlog(): number {
    return this.timers.size - this.later.size + this.queued.size + this.running.size;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.later.clear();
    this.queued.clear();
    this.again.clear();
    for (const uri of [...this.settledWaiters.keys()]) this.notifySettled(uri);
  }

  private enqueue(uri: string, urgency: Urgency): void {
    const target = this.running.has(uri) ? this.again : this.queued;
    const known = target.get(uri);
    target.set(uri, known === 'edit' ? 'edit' : urgency);
    this.pump();
    this.options.onChange();
  }

  private pump(): void {
    while (this.running.size - this.released.size < this.options.concurrency) {
      const next = this.next();
      if (next === undefined) return;
      this.queued.delete(next);
      this.start(next);
    }
  }

  private next(): string | undefined {
    let best: string | undefined;
    let bestRank = -Infinity;
    for (const [uri, urgency] of this.queued) {
      const rank = (urgency === 'edit' ? 2 ** 40 : 0) + (this.touched.get(uri) ?? 0);
      if (rank > bestRank) {
        best = uri;
        bestRank = rank;
      }
    }
    return best;
  }

  private start(uri: string): void {
    this.running.add(uri);
    const release = (): void => {
      if (!this.running.has(uri) || this.released.has(uri)) return;
      this.released.add(uri);
      this.pump();
    };
    this.options
      .analyse(uri, release)
      .catch((error: unknown) => this.options.log.error({ err: error, uri }, 'analysing a document failed'))
      .finally(() => {
        this.running.delete(uri);
        this.released.delete(uri);
        const urgency = this.again.get(uri);
        this.again.delete(uri);
        if (urgency) this.queued.set(uri, urgency);
        this.pump();
        if (!this.pending(uri)) this.notifySettled(uri);
        this.options.onChange();
      });
  }

  private pending(uri: string): boolean {
    return (
      (this.timers.has(uri) && !this.later.has(uri)) ||
      this.queued.has(uri) ||
      this.running.has(uri) ||
      this.again.has(uri)
    );
  }

  private notifySettled(uri: string): void {
    const list = this.settledWaiters.get(uri);
    this.settledWaiters.delete(uri);
    for (const resolve of list ?? []) resolve();
  }
}
