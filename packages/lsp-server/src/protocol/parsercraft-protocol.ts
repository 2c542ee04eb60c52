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
  /** Long-running work in progress (absent: none). */
  readonly activities?: readonly ServerActivity[];
}

/** Sent on every change to clients whose capabilities have `experimental.parsercraftServerStatus: true`. */
export const SERVER_STATUS_NOTIFICATION = 'parsercraft/serverStatus';
/** Request: the core health snapshot and recent recoveries. */
export const HEALTH_REQUEST = 'parsercraft/health';
/** workspace/executeCommand names: `generateC` takes `[uri]` and returns `{ code }`; `health` is HEALTH_REQUEST's answer. */
export const COMMANDS = { generateC: 'parsercraft.generateC', health: 'parsercraft.health' } as const;

/**
 * Request, no params: answered at once on the server's main thread, never behind analysis,
 * so a client can tell a frozen or wedged server (no answer within its deadline) from a
 * busy one. The pid lets the client end a server that stopped answering: a frozen process
 * answers neither this nor `shutdown`.
 */
export const PING_REQUEST = 'parsercraft/ping';
export interface PingResult {
  readonly pid: number;
  readonly uptimeMs: number;
}

/** Work the server is doing that the user waits on (a package install), while it lasts more than a moment. */
export interface ServerActivity {
  /** The component the work belongs to (`packages`). */
  readonly name: string;
  /** What it is doing, in words: `Installing @acme/pascal-lang from http://127.0.0.1:4873`. */
  readonly message: string;
  /** How long it has run, in milliseconds, when the status was sent. */
  readonly elapsedMs: number;
  /** No progress (no bytes, no answer) for a while: the user should know it may never finish. */
  readonly stalled: boolean;
}

/**
 * Notification, sent after initialize and after every change: the languages the server
 * serves, so a client can give their files a language id and send them (a VS Code client
 * cannot know `parsercraft.json`'s languages otherwise), and which files to watch.
 */
export const LANGUAGES_NOTIFICATION = 'parsercraft/languages';
export interface ServedLanguage {
  readonly id: string;
  /** With the dot: `.pas`. */
  readonly extensions: readonly string[];
  /** The config file's absolute path. */
  readonly configPath: string;
  /** `parsercraft.json`, `settings`, `bundled` ... */
  readonly origin: string;
}
export interface LanguagesParams {
  readonly languages: readonly ServedLanguage[];
}
