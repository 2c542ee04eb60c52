import { ErrorCodes } from 'vscode-languageserver/node';
import type { RequestId } from './message-shape.js';

/** Where the connection is in LSP 3.17's lifecycle. */
export type LifecycleState = 'uninitialized' | 'initializing' | 'running' | 'shut-down';

/** What to do with a message, by the lifecycle alone. */
export type LifecycleVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'refuse'; readonly code: number; readonly message: string }
  | { readonly kind: 'drop'; readonly reason: string };

const PASS: LifecycleVerdict = { kind: 'pass' };

/**
 * LSP 3.17's lifecycle, to the letter: before initialize is answered, requests get
 * ServerNotInitialized (-32002) and notifications are dropped, except `exit`; initialize
 * is taken once (another is InvalidRequest, never passed on, so nothing is set up twice),
 * and again only if the first was answered with an error, as InitializeError allows;
 * after shutdown, requests get InvalidRequest and notifications but `exit` are dropped.
 * `judge` decides without changing state; `passed` records a message the gate let through.
 */
export class Lifecycle {
  private current: LifecycleState = 'uninitialized';
  private initializeId: RequestId | undefined;

  get state(): LifecycleState {
    return this.current;
  }

  /** A shutdown request was let through: `exit` ends with 0 from now on. */
  get shutdownReceived(): boolean {
    return this.current === 'shut-down';
  }

  judge(kind: 'request' | 'notification', method: string): LifecycleVerdict {
    if (kind === 'notification') {
      if (method === 'exit') return PASS;
      if (this.current === 'running') return PASS;
      return {
        kind: 'drop',
        reason: this.current === 'shut-down' ? 'the server is shut down' : 'the server is not initialized yet',
      };
    }
    switch (this.current) {
      case 'uninitialized':
        return method === 'initialize'
          ? PASS
          : refuse(
              ErrorCodes.ServerNotInitialized,
              `The server is not initialized; ${method} is refused until initialize is answered.`,
            );
      case 'initializing':
        return method === 'initialize'
          ? refuse(ErrorCodes.InvalidRequest, 'initialize was already sent; the server is initializing.')
          : refuse(
              ErrorCodes.ServerNotInitialized,
              `The server is still initializing; ${method} is refused until initialize is answered.`,
            );
      case 'running':
        return method === 'initialize'
          ? refuse(ErrorCodes.InvalidRequest, 'The server is already initialized; initialize is taken once.')
          : PASS;
      case 'shut-down':
        return refuse(ErrorCodes.InvalidRequest, `The server is shutting down; ${method} is refused.`);
    }
  }

  passed(kind: 'request' | 'notification', method: string, id?: RequestId): void {
    if (kind !== 'request') return;
    if (method === 'initialize' && this.current === 'uninitialized') {
      this.current = 'initializing';
      this.initializeId = id;
    } else if (method === 'shutdown' && this.current === 'running') {
      this.current = 'shut-down';
    }
  }

  /** The server answered request `id` (seen on its way out); `failed`: with an error. */
  answered(id: unknown, failed: boolean): void {
    if (this.current !== 'initializing' || id !== this.initializeId) return;
    this.current = failed ? 'uninitialized' : 'running';
    this.initializeId = undefined;
  }
}

const refuse = (code: number, message: string): LifecycleVerdict => ({ kind: 'refuse', code, message });
