import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { classify, CoreErrorCodes, PcError } from '@parsercraft/core';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ServerCodes } from '../errors/server-codes.js';
import type {
  ResultOf,
  SessionMessage,
  WorkerJob,
  WorkerRequest,
  WorkerResponse,
  WorkerStarted,
} from './worker-messages.js';

/** The current text of an open document, so the pool can open its session in any worker. */
export type DocumentSource = (uri: string) => { readonly version: number; readonly text: string } | undefined;

export interface AnalysisPoolOptions {
  /** Worker threads; each runs one job at a time. Default: the machine's cores, at least 2 and at most 4. */
  readonly size?: number;
  /** Hard deadline per job: past it the worker is terminated and replaced. */
  readonly deadlineMs: number;
  /** The worker's module; default the built analysis-worker.js beside this file. */
  readonly workerUrl?: URL;
  /**
   * Extra time a job has until its worker reports the job's config loaded (a fresh worker
   * builds the language's parser first), so a cold start is not a runaway. Default 0.
   */
  readonly loadAllowanceMs?: number;
  /** Each worker's old-generation heap cap; a worker over it dies and is replaced. Default 512 MB. */
  readonly workerHeapMb?: number;
  /** Where sessions get their text: the main thread's open documents. */
  readonly source: DocumentSource;
  /**
   * How long a document's worker may be busy with another document's job before the
   * document's next job moves to an idle worker. Default 100 ms.
   */
  readonly moveAfterMs?: number;
}

export interface RunOptions {
  /** Overrides the pool's deadline for this job. */
  readonly deadlineMs?: number;
  /** Aborting takes a waiting job out of the queue and stops a running one's worker. */
  readonly signal?: AbortSignal;
  /** Lower runs first (0: a request the user waits for). Default 1. */
  readonly priority?: number;
}

const JOB_NAMES: Readonly<Record<WorkerJob['kind'], string>> = {
  analyze: 'Analysis',
  index: 'Indexing',
  protocols: 'Protocol checking',
  format: 'Formatting',
  generateC: 'C generation',
  config: 'Checking the config',
};

interface Waiting {
  readonly job: WorkerJob;
  readonly deadlineMs: number;
  readonly priority: number;
  readonly seq: number;
  readonly resolve: (r: WorkerResponse & { ok: true }) => void;
  readonly reject: (e: PcError) => void;
  /** Stops listening to the caller's signal. */
  settled?: () => void;
}

interface Slot {
  readonly index: number;
  worker: Worker;
  busy: (Waiting & { timer: NodeJS.Timeout; since: number }) | undefined;
  /** The version of each session this slot's worker holds, as of the messages sent to it. */
  readonly sessions: Map<string, number>;
}

export interface PoolEvents {
  /** A worker was terminated for running past its deadline (or died), and replaced. */
  replaced: [
    {
      readonly reason: PcError;
      readonly uri: string | undefined;
      readonly kind: WorkerJob['kind'] | undefined;
    },
  ];
}

/** The default pool size: one worker per core, but two at least, so one runaway never holds every document up. */
export function defaultPoolSize(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
}

/**
 * Worker threads that run jobs (analysis, indexing, formatting, C generation) on sessions
 * of the open documents, with a hard deadline each.
 *
 * Affinity: a document's jobs go to its home worker, which holds its session (the text,
 * kept current by `changed`, and the last analyses to reuse). When the home worker has
 * been busy with another document's job for `moveAfterMs` and another worker is idle, the
 * document moves there (its session is opened from `source`), so one runaway delays no
 * other document for longer than that.
 *
 * A job past its deadline has its worker terminated (a runaway parse cannot be interrupted
 * any other way) and replaced, and rejects with PC_TIMEOUT; a worker that dies rejects with
 * PC_INTERNAL; a job whose document moved to another version before it ran rejects with
 * PC_SERVER_CONTENT_MODIFIED. Jobs wait by priority, then in order; `dispose` ends everything.
 */
export class AnalysisPool extends EventEmitter<PoolEvents> {
  private readonly slots: Slot[] = [];
  /** Waiting jobs, by priority and then arrival. */
  private readonly queue: Waiting[] = [];
  private readonly home = new Map<string, Slot>();
  private readonly workerUrl: URL;
  private readonly moveAfterMs: number;
  private moveTimer: NodeJS.Timeout | undefined;
  private seq = 0;
  private disposed = false;

  constructor(private readonly options: AnalysisPoolOptions) {
    super();
    this.workerUrl = options.workerUrl ?? new URL('./analysis-worker.js', import.meta.url);
    this.moveAfterMs = options.moveAfterMs ?? 100;
    const size = options.size ?? defaultPoolSize();
    for (let index = 0; index < size; index++) {
      const slot: Slot = { index, worker: this.createWorker(), busy: undefined, sessions: new Map() };
      this.listen(slot);
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  run<J extends WorkerJob>(job: J, options: RunOptions = {}): Promise<ResultOf<J>> {
    if (this.disposed)
      return Promise.reject(new PcError(CoreErrorCodes.PC_CANCELLED, 'The analysis pool is shut down.'));
    const { signal, deadlineMs = this.options.deadlineMs, priority = 1 } = options;
    if (signal?.aborted) return Promise.reject(classify(signal.reason));
    return new Promise((resolve, reject) => {
      // The worker answers a job with the result of its kind (see analysis-worker.ts).
      const waiting: Waiting = {
        job,
        deadlineMs,
        priority,
        seq: this.seq++,
        resolve: resolve as (r: WorkerResponse & { ok: true }) => void,
        reject,
      };
      if (signal) {
        const onAbort = (): void => this.abort(waiting, classify(signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.settled = () => signal.removeEventListener('abort', onAbort);
      }
      this.enqueue(waiting);
      this.dispatch();
    });
  }

  /** The client edited a document from version `from` to `to`: its home worker's session follows. */
  changed(uri: string, from: number, to: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const slot = this.home.get(uri);
    if (!slot) return;
    if (slot.sessions.get(uri) === from) {
      this.post(slot, { kind: 'change', uri, version: to, changes });
      slot.sessions.set(uri, to);
    } else {
      // The worker's copy is of some other version: its next job opens it afresh.
      slot.sessions.delete(uri);
    }
  }

  /** The document was closed: its session goes, and its waiting jobs are dropped as they come up. */
  close(uri: string): void {
    const slot = this.home.get(uri);
    this.home.delete(uri);
    if (slot?.sessions.delete(uri)) this.post(slot, { kind: 'close', uri });
  }

  /** Every worker drops its cached analyses (sessions keep their text). */
  forget(): void {
    for (const slot of this.slots) this.post(slot, { kind: 'forget' });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.moveTimer);
    const shutDown = (): PcError => new PcError(CoreErrorCodes.PC_CANCELLED, 'The analysis pool is shut down.');
    for (const waiting of this.queue.splice(0)) {
      waiting.settled?.();
      waiting.reject(shutDown());
    }
    await Promise.all(
      this.slots.map(async (slot) => {
        const busy = slot.busy;
        slot.busy = undefined;
        if (busy) {
          clearTimeout(busy.timer);
          busy.settled?.();
          busy.reject(shutDown());
        }
        await slot.worker.terminate();
      }),
    );
  }

  private enqueue(waiting: Waiting): void {
    // Binary search for the first job that runs after this one.
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.queue[mid] as Waiting;
      if (other.priority < waiting.priority || (other.priority === waiting.priority && other.seq < waiting.seq))
        lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, waiting);
  }

  private abort(waiting: Waiting, reason: PcError): void {
    const queued = this.queue.indexOf(waiting);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      waiting.settled?.();
      waiting.reject(reason);
      return;
    }
    const slot = this.slots.find((s) => s.busy?.job === waiting.job);
    if (slot) this.replace(slot, reason);
  }

  /** Starts what can start: each idle worker takes the first waiting job it may run. */
  private dispatch(): void {
    if (this.disposed) return;
    clearTimeout(this.moveTimer);
    this.moveTimer = undefined;
    const now = performance.now();
    for (const slot of this.slots) {
      while (!slot.busy) {
        const i = this.queue.findIndex((w) => this.mayRun(slot, w, now));
        if (i === -1) break;
        const [waiting] = this.queue.splice(i, 1) as [Waiting];
        this.start(slot, waiting, now);
      }
    }
    this.watchForMoves(now);
  }

  /** A job runs on its document's home worker, on any worker if it has none, or on another once home is held up. */
  private mayRun(slot: Slot, waiting: Waiting, now: number): boolean {
    if (waiting.job.kind === 'config') return true;
    const home = this.home.get(waiting.job.uri);
    if (!home || home === slot) return true;
    const busy = home.busy;
    // Home is idle and takes it itself in this same round.
    if (!busy) return false;
    return busy.job.uri !== waiting.job.uri && now - busy.since >= this.moveAfterMs;
  }

  /** Jobs wait for a home held up by another document's job: look again when they may move. */
  private watchForMoves(now: number): void {
    if (this.queue.length === 0 || this.slots.every((s) => s.busy)) return;
    let soonest = Infinity;
    for (const waiting of this.queue) {
      const busy = this.home.get(waiting.job.uri)?.busy;
      if (busy && busy.job.uri !== waiting.job.uri) soonest = Math.min(soonest, busy.since + this.moveAfterMs);
    }
    if (soonest === Infinity) return;
    this.moveTimer = setTimeout(() => this.dispatch(), Math.max(1, soonest - now));
    this.moveTimer.unref();
  }

  private start(slot: Slot, waiting: Waiting, now: number): void {
    const { job } = waiting;
    if (job.kind !== 'config') {
      const current = this.options.source(job.uri);
      if (!current || current.version !== job.version) {
        waiting.settled?.();
        waiting.reject(
          new PcError(
            ServerCodes.PC_SERVER_CONTENT_MODIFIED,
            `${JOB_NAMES[job.kind]} of ${job.uri} version ${job.version} was dropped: the document ${current ? `is at version ${current.version}` : 'was closed'}.`,
            { context: { uri: job.uri, version: job.version } },
          ),
        );
        return;
      }
      const home = this.home.get(job.uri);
      if (home !== slot) {
        if (home?.sessions.delete(job.uri)) this.post(home, { kind: 'close', uri: job.uri });
        this.home.set(job.uri, slot);
      }
      if (slot.sessions.get(job.uri) !== job.version) {
        this.post(slot, { kind: 'open', uri: job.uri, version: current.version, text: current.text });
        slot.sessions.set(job.uri, current.version);
      }
    }
    const timer = this.deadline(slot, waiting, waiting.deadlineMs + (this.options.loadAllowanceMs ?? 0));
    slot.busy = { ...waiting, timer, since: now };
    this.post(slot, job);
  }

  private post(slot: Slot, message: WorkerRequest | SessionMessage): void {
    slot.worker.postMessage(message);
  }

  private deadline(slot: Slot, waiting: Waiting, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      const { job } = waiting;
      this.replace(
        slot,
        new PcError(
          CoreErrorCodes.PC_TIMEOUT,
          `${JOB_NAMES[job.kind]} of ${job.uri} ran past its ${waiting.deadlineMs} ms deadline; its worker was stopped.`,
          { context: { uri: job.uri, kind: job.kind, deadlineMs: waiting.deadlineMs } },
        ),
      );
    }, ms);
  }

  /** The worker has the job's config loaded: from now on the job gets its own deadline only. */
  private started(slot: Slot, id: number): void {
    const busy = slot.busy;
    if (!busy || busy.job.id !== id) return;
    clearTimeout(busy.timer);
    busy.timer = this.deadline(slot, busy, busy.deadlineMs);
  }

  private settle(slot: Slot, response: WorkerResponse): void {
    const busy = slot.busy;
    if (!busy || busy.job.id !== response.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    busy.settled?.();
    if (response.ok) busy.resolve(response);
    else if ('stale' in response)
      busy.reject(
        new PcError(
          ServerCodes.PC_SERVER_CONTENT_MODIFIED,
          `${JOB_NAMES[busy.job.kind]} of ${busy.job.uri} was dropped: the document moved on while it waited.`,
          { context: { uri: busy.job.uri, sessionVersion: response.stale.sessionVersion } },
        ),
      );
    else busy.reject(classify(response.error));
    this.dispatch();
  }

  /** Terminates a slot's worker, fails its job with `reason`, and puts a fresh worker (with no sessions) in its place. */
  private replace(slot: Slot, reason: PcError): void {
    if (this.disposed) return;
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.settled?.();
      busy.reject(reason);
    }
    const old = slot.worker;
    slot.worker = this.createWorker();
    slot.sessions.clear();
    this.listen(slot);
    void old.terminate();
    this.emit('replaced', { reason, uri: busy?.job.uri, kind: busy?.job.kind });
    this.dispatch();
  }

  private createWorker(): Worker {
    const worker = new Worker(this.workerUrl, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb ?? 512 },
    });
    // Idle workers must not keep the server's process alive after `exit`.
    worker.unref();
    return worker;
  }

  private listen(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (message: WorkerResponse | WorkerStarted) => {
      if (slot.worker !== worker) return;
      if ('started' in message) this.started(slot, message.id);
      else this.settle(slot, message);
    });
    worker.on('error', (error) => {
      if (slot.worker !== worker) return;
      const oom = (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.replace(
        slot,
        new PcError(
          oom ? CoreErrorCodes.PC_RESOURCE_MEMORY : CoreErrorCodes.PC_INTERNAL,
          `An analysis worker failed: ${error.message}`,
          { cause: error },
        ),
      );
    });
    worker.on('exit', (code) => {
      if (!this.disposed && slot.worker === worker)
        this.replace(slot, new PcError(CoreErrorCodes.PC_INTERNAL, `An analysis worker exited with code ${code}.`));
    });
  }
}
