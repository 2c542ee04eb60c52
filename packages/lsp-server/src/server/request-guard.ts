import { classify, type Logger } from '@parsercraft/core';
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type TextDocumentChangeEvent,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

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

  /**
   * Wraps a notification handler (didOpen and the rest, through TextDocuments' events too):
   * what it throws, or the promise it returns rejects with, is logged with its classified
   * code, and the server keeps serving. vscode-jsonrpc would log a throw to the client only,
   * and a rejection nobody awaits ends the process.
   */
  notification<A extends unknown[]>(method: string, fn: (...args: A) => unknown): (...args: A) => void {
    const failed = (error: unknown): void => {
      this.log.error({ err: classify(error), method }, 'notification handler failed');
    };
    return (...args: A): void => {
      try {
        const result = fn(...args);
        if (result instanceof Promise) result.catch(failed);
      } catch (error) {
        failed(error);
      }
    };
  }
}

type DocumentHandler = (e: TextDocumentChangeEvent<TextDocument>) => unknown;

/**
 * The notifications the server handles, each registered inside `guard.notification`, so
 * a handler that throws or rejects is logged and the server keeps serving. (TextDocuments
 * fires didOpen and didChange as one content change.)
 */
export function guardedNotifications(
  c: Connection,
  documents: TextDocuments<TextDocument>,
  guard: RequestGuard,
): {
  initialized(handler: () => unknown): void;
  didChangeConfiguration(handler: () => unknown): void;
  didChangeContent(handler: DocumentHandler): void;
  didSave(handler: DocumentHandler): void;
  didClose(handler: DocumentHandler): void;
} {
  return {
    initialized: (handler) => void c.onInitialized(guard.notification('initialized', handler)),
    didChangeConfiguration: (handler) =>
      void c.onDidChangeConfiguration(guard.notification('workspace/didChangeConfiguration', handler)),
    didChangeContent: (handler) =>
      void documents.onDidChangeContent(guard.notification('textDocument/didOpen or didChange', handler)),
    didSave: (handler) => void documents.onDidSave(guard.notification('textDocument/didSave', handler)),
    didClose: (handler) => void documents.onDidClose(guard.notification('textDocument/didClose', handler)),
  };
}
