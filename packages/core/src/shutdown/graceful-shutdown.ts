import type { Logger } from 'pino';
import { classify } from '../errors/classify.js';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';

/** Gets a signal that aborts when the handler's time is up, so it can stop early. */
export type ShutdownHandler = (signal: AbortSignal) => PromiseLike<void> | void;

export interface HandlerReport {
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'timeout';
  readonly durationMs: number;
  readonly error?: { readonly code: string; readonly message: string; readonly runbook: string };
}

export interface ShutdownReport {
  readonly reason: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Whether every handler finished in time without failing. */
  readonly ok: boolean;
  /** In the order they ran: last registered first. */
  readonly handlers: readonly HandlerReport[];
}

export interface GracefulShutdownOptions {
  /** Budget per handler unless it sets its own. Default 5000 ms. */
  readonly defaultTimeoutMs?: number;
  readonly logger?: Logger;
  /** How a signal ends the process. Default process.exit. */
  readonly exit?: (code: number) => void;
  /** Exit code after a signal-triggered shutdown. Default: 0 when the report is ok, else 1. */
  readonly exitCode?: (report: ShutdownReport) => number;
}

interface Registration {
  readonly name: string;
  readonly handler: ShutdownHandler;
  readonly timeoutMs: number;
}

/**
 * Stops a process in order: handlers run last-registered first (what started last depends
 * on what started first), one at a time, each within its own timeout. A handler that
 * fails or hangs is reported and skipped; the rest still run. Calling shutdown() again
 * returns the same report.
 */
export class GracefulShutdown {
  readonly #registrations: Registration[] = [];
  readonly #defaultTimeoutMs: number;
  readonly #logger: Logger | undefined;
  readonly #exit: (code: number) => void;
  readonly #exitCode: (report: ShutdownReport) => number;
  #running: Promise<ShutdownReport> | undefined;

  constructor(options: GracefulShutdownOptions = {}) {
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.#logger = options.logger;
    this.#exit = options.exit ?? ((code) => process.exit(code));
    this.#exitCode = options.exitCode ?? ((report) => (report.ok ? 0 : 1));
  }

  get shuttingDown(): boolean {
    return this.#running !== undefined;
  }

  /** Adds a handler; returns a function that removes it. */
  register(name: string, handler: ShutdownHandler, options: { timeoutMs?: number } = {}): () => void {
    const registration: Registration = { name, handler, timeoutMs: options.timeoutMs ?? this.#defaultTimeoutMs };
    this.#registrations.push(registration);
    return () => {
      const index = this.#registrations.indexOf(registration);
      if (index !== -1) this.#registrations.splice(index, 1);
    };
  }

  shutdown(reason = 'requested'): Promise<ShutdownReport> {
    this.#running ??= this.#run(reason);
    return this.#running;
  }

  /**
   * Shuts down on the given signals, then exits. A second signal while shutting down exits
   * at once (the user pressed Ctrl-C twice). Returns a function that removes the hooks.
   */
  installSignalHandlers(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.shuttingDown) {
        this.#logger?.warn({ signal }, 'second signal during shutdown, exiting now');
        this.#exit(1);
        return;
      }
      this.#logger?.info({ signal }, 'shutting down');
      void this.shutdown(signal).then((report) => this.#exit(this.#exitCode(report)));
    };
    for (const signal of signals) process.on(signal, onSignal);
    return () => {
      for (const signal of signals) process.off(signal, onSignal);
    };
  }

  async #run(reason: string): Promise<ShutdownReport> {
    const startedAt = Date.now();
    const handlers: HandlerReport[] = [];
    // Handlers registered while shutting down are not run: nothing new should start now.
    for (const registration of [...this.#registrations].reverse()) {
      const report = await runHandler(registration);
      handlers.push(report);
      if (report.status !== 'ok')
        this.#logger?.error({ handler: report }, `shutdown handler ${report.name} ${report.status}`);
    }
    const report: ShutdownReport = {
      reason,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      ok: handlers.every((h) => h.status === 'ok'),
      handlers,
    };
    this.#logger?.info({ shutdown: report }, 'shutdown complete');
    return report;
  }
}

async function runHandler({ name, handler, timeoutMs }: Registration): Promise<HandlerReport> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new PcError(C.PC_TIMEOUT, `Shutdown handler ${name} did not finish within ${timeoutMs} ms`));
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      Promise.resolve()
        .then(() => handler(controller.signal))
        .then(() => 'ok' as const),
      timedOut,
    ]);
    const durationMs = performance.now() - started;
    if (outcome === 'ok') return { name, status: 'ok', durationMs };
    const error = controller.signal.reason as PcError;
    return {
      name,
      status: 'timeout',
      durationMs,
      error: { code: error.code, message: error.message, runbook: error.runbook },
    };
  } catch (raw) {
    const error = classify(raw);
    return {
      name,
      status: 'failed',
      durationMs: performance.now() - started,
      error: { code: error.code, message: error.message, runbook: error.runbook },
    };
  } finally {
    clearTimeout(timer);
  }
}
