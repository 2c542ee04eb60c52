import { classify, type Logger } from '@parsercraft/core';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

/** Rejects with RequestCancelled (-32800) as soon as the client cancels. */
export function cancellable<T>(token: CancellationToken, work: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const cancelled = (): void =>
      reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.'));
    if (token.isCancellationRequested) return cancelled();
    const subscription = token.onCancellationRequested(cancelled);
    work.then(resolve, reject).finally(() => subscription.dispose());
  });
}

/**
 * What every request handler runs inside: refused with InvalidRequest once the server is
 * shutting down, answered with RequestCancelled once cancelled, and, when it throws
 * anything but a ResponseError, answered with -32603 carrying the classified code in `data`
 * while the server keeps running.
 */
export class RequestGuard {
  constructor(
    private readonly log: Logger,
    private readonly refusing: () => boolean,
  ) {}

  async request<T>(method: string, token: CancellationToken, fn: () => T | Promise<T>): Promise<T> {
    if (this.refusing())
      throw new ResponseError(ErrorCodes.InvalidRequest, `The server is shutting down; ${method} is refused.`);
    const result = await this.guard(method, fn);
    if (token.isCancellationRequested)
      throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    return result;
  }

  /** Runs a handler; anything it throws that is not already a ResponseError becomes one with our code in `data`. */
  async guard<T>(method: string, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      const e = classify(error);
      this.log.error({ err: e, method }, 'request handler failed');
      throw new ResponseError(ErrorCodes.InternalError, e.message, { code: e.code, runbook: e.runbook, id: e.id });
    }
  }
}
