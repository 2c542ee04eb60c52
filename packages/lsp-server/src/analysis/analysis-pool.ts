import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { classify, CoreErrorCodes, PcError } from '@parsercraft/core';
import type { ResultOf, WorkerJob, WorkerRequest, WorkerResponse, WorkerStarted } from './worker-messages.js';

export interface AnalysisPoolOptions {
  /** Worker threads; each runs one analysis at a time. Default 1. */
  readonly size?: number;
  /** Hard deadline per analysis: past it the worker is terminated and replaced. */
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
  readonly resolve: (r: WorkerResponse & { ok: true }) => void;
  readonly reject: (e: PcError) => void;
  /** Stops listening to the caller's signal. */
  settled?: () => void;
}

interface Slot {
  worker: Worker;
  busy: (Waiting & { timer: NodeJS.Timeout }) | undefined;
}

export interface PoolEvents {
  /** A worker was terminated for running past its deadline (or died), and replaced. */
  replaced: [
    { readonly reason: PcError; readonly uri: string | undefined; readonly kind: WorkerJob['kind'] | undefined },
  ];
}

/**
 * Worker threads that run jobs (analysis, formatting, C generation) with a hard deadline. A job past its deadline has
 * its worker terminated (a runaway parse cannot be interrupted any other way) and replaced,
 * and rejects with PC_TIMEOUT; a worker that dies rejects with PC_INTERNAL. Jobs wait in
 * FIFO order for a free worker; `dispose` terminates everything.
 */
export class AnalysisPool extends EventEmitter<PoolEvents> {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private readonly workerUrl: URL;
  private disposed = false;

  constructor(private readonly options: AnalysisPoolOptions) {
    super();
    this.workerUrl = options.workerUrl ?? new URL('./analysis-worker.js', import.meta.url);
    for (let i = 0; i < (options.size ?? 1); i++) this.slots.push(this.spawn());
  }

  /**
   * Runs a job on the next free worker. `deadlineMs` overrides the pool's deadline for this
   * job; aborting `signal` (a recovery plan's timeout, a cancelled request) takes a waiting
   * job out of the queue and stops a running one's worker, rejecting with the abort reason.
   */
  run<J extends WorkerJob>(job: J, options: { deadlineMs?: number; signal?: AbortSignal } = {}): Promise<ResultOf<J>> {
    if (this.disposed)
      return Promise.reject(new PcError(CoreErrorCodes.PC_CANCELLED, 'The analysis pool is shut down.'));
    const { signal, deadlineMs = this.options.deadlineMs } = options;
    if (signal?.aborted) return Promise.reject(classify(signal.reason));
    return new Promise((resolve, reject) => {
      // The worker answers a job with the result of its kind (see analysis-worker.ts).
      const waiting: Waiting = {
        job,
        deadlineMs,
        resolve: resolve as (r: WorkerResponse & { ok: true }) => void,
        reject,
      };
      if (signal) {
        const onAbort = (): void => this.abort(waiting, classify(signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        const settled = (): void => signal.removeEventListener('abort', onAbort);
        waiting.settled = settled;
      }
      this.queue.push(waiting);
      this.dispatch();
    });
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

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  /** Tells every worker to drop what it kept for a document, or for all of them. */
  forget(uri?: string): void {
    const message: WorkerRequest = uri === undefined ? { kind: 'forget' } : { kind: 'forget', uri };
    for (const slot of this.slots) slot.worker.postMessage(message);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const waiting of this.queue.splice(0))
      waiting.reject(new PcError(CoreErrorCodes.PC_CANCELLED, 'The analysis pool is shut down.'));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.busy) {
          clearTimeout(slot.busy.timer);
          slot.busy.reject(new PcError(CoreErrorCodes.PC_CANCELLED, 'The analysis pool is shut down.'));
          slot.busy = undefined;
        }
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const slot: Slot = { worker: this.createWorker(), busy: undefined };
    this.listen(slot);
    return slot;
  }

  private createWorker(): Worker {
    const worker = new Worker(this.workerUrl, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb ?? 512 },
    });
    // Idle workers must not keep the server's process alive after `exit`.
    worker.unref();
    return worker;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = { ...next, timer: this.deadline(slot, next, next.deadlineMs + (this.options.loadAllowanceMs ?? 0)) };
      slot.worker.postMessage(next.job satisfies WorkerRequest);
    }
  }

  private deadline(slot: Slot, waiting: Waiting, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      const { job } = waiting;
      const what = JOB_NAMES[job.kind];
      this.replace(
        slot,
        new PcError(
          CoreErrorCodes.PC_TIMEOUT,
          `${what} of ${job.uri} ran past its ${waiting.deadlineMs} ms deadline; its worker was stopped.`,
          {
            context: { uri: job.uri, kind: job.kind, deadlineMs: waiting.deadlineMs },
          },
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
    else busy.reject(classify(response.error));
    this.dispatch();
  }

  /** Terminates a slot's worker, fails its job with `reason`, and puts a fresh worker in its place. */
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
    this.listen(slot);
    void old.terminate();
    this.emit('replaced', { reason, uri: busy?.job.uri, kind: busy?.job.kind });
    this.dispatch();
  }

  private listen(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (message: WorkerResponse | WorkerStarted) => {
      if ('started' in message) this.started(slot, message.id);
      else this.settle(slot, message);
    });
    worker.on('error', (error) =>
      this.replace(
        slot,
        new PcError(CoreErrorCodes.PC_INTERNAL, `An analysis worker failed: ${error.message}`, { cause: error }),
      ),
    );
    worker.on('exit', (code) => {
      if (!this.disposed && slot.worker === worker)
        this.replace(slot, new PcError(CoreErrorCodes.PC_INTERNAL, `An analysis worker exited with code ${code}.`));
    });
  }
}
