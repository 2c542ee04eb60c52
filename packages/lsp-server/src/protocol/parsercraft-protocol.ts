/**
 * The server's additions to LSP, shared with clients (`@parsercraft/lsp-server/protocol`):
 * names and shapes only, no code, so a client (the VS Code extension) can use them without
 * loading the server.
 */

/** rust-analyzer's three levels, as `parsercraft/serverStatus` reports them. */
export type StatusLevel = 'ok' | 'warning' | 'error';

export interface ComponentStatus {
  readonly name: string;
  readonly status: StatusLevel;
  readonly reason?: string;
  readonly code?: string;
  readonly runbook?: string;
}

/** The `parsercraft/serverStatus` notification: rust-analyzer's serverStatus plus components. */
export interface ServerStatus {
  readonly health: StatusLevel;
  /** No analysis is waiting or running: what the client sees is up to date. */
  readonly quiescent: boolean;
  readonly message: string;
  readonly components: readonly ComponentStatus[];
}

/** Sent on every change to clients whose capabilities have `experimental.parsercraftServerStatus: true`. */
export const SERVER_STATUS_NOTIFICATION = 'parsercraft/serverStatus';
/** Request: the core health snapshot and recent recoveries. */
export const HEALTH_REQUEST = 'parsercraft/health';
/** workspace/executeCommand names: `generateC` takes `[uri]` and returns `{ code }`; `health` is HEALTH_REQUEST's answer. */
export const COMMANDS = { generateC: 'parsercraft.generateC', health: 'parsercraft.health' } as const;
