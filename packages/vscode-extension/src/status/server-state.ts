import type { ServerStatus } from '@parsercraft/lsp-server/protocol';

/**
 * What the extension knows about its language server, from two sources: the client's own
 * state changes (starting, running, stopped, crashed) and the server's
 * `parsercraft/serverStatus`. The server's word counts only while the client says it runs:
 * a crash, a restart or a stop drops it at once, so the status bar can never keep showing
 * "healthy" for a server that is gone (rust-analyzer's does).
 */
export type ServerState =
  | { readonly kind: 'starting' }
  /** `status` is undefined until the server's first report. */
  | { readonly kind: 'running'; readonly status: ServerStatus | undefined }
  | { readonly kind: 'restarting'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly kind: 'stopped'; readonly reason: string; readonly crashLoop: boolean }
  | { readonly kind: 'failed'; readonly message: string; readonly code?: string; readonly runbook?: string };

export type ServerEvent =
  | { readonly type: 'starting' }
  | { readonly type: 'running' }
  | { readonly type: 'status'; readonly status: ServerStatus }
  /** The server exited unasked; a restart is scheduled. */
  | { readonly type: 'crashed'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  /** Too many crashes: no more restarts until the user asks. */
  | { readonly type: 'gaveUp'; readonly reason: string }
  /** The client reports Stopped: after a crash it always does, so it only matters when nothing else explains it. */
  | { readonly type: 'clientStopped' }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string; readonly runbook?: string };

export const INITIAL_STATE: ServerState = { kind: 'starting' };

export function nextState(state: ServerState, event: ServerEvent): ServerState {
  switch (event.type) {
    case 'starting':
      return { kind: 'starting' };
    case 'running':
      return { kind: 'running', status: undefined };
    case 'status':
      // A report that arrives after the client saw the server go is stale: ignore it.
      return state.kind === 'running' ? { kind: 'running', status: event.status } : state;
    case 'crashed':
      return { kind: 'restarting', attempt: event.attempt, delayMs: event.delayMs, reason: event.reason };
    case 'gaveUp':
      return { kind: 'stopped', reason: event.reason, crashLoop: true };
    case 'clientStopped':
      // A crash's restart, a crash loop or a failed start already says why.
      return state.kind === 'restarting' || state.kind === 'failed' || state.kind === 'stopped'
        ? state
        : { kind: 'stopped', reason: 'The language server was stopped.', crashLoop: false };
    case 'failed':
      return {
        kind: 'failed',
        message: event.message,
        ...(event.code !== undefined && { code: event.code }),
        ...(event.runbook !== undefined && { runbook: event.runbook }),
      };
  }
}
