import type { CrashDecision, RestartPolicy } from './restart-policy.js';

export interface CrashResponderHooks {
  /** The server exited unasked and the policy says restart: schedule it after `delayMs`. */
  readonly restartLater: (decision: Extract<CrashDecision, { action: 'restart' }>) => void;
  /** Too many crashes: stop, and tell the user once. */
  readonly giveUp: (decision: Extract<CrashDecision, { action: 'stop' }>) => void;
  readonly now?: () => number;
}

/**
 * What the extension does when the connection to its server fails, in place of
 * vscode-languageclient's default handler, which restarts at once and after five crashes in
 * three minutes gives up with a toast nobody can act on. Every close goes to the restart
 * policy: a restart with backoff that the extension schedules, or a stop with one
 * notification. The client adapter (server-controller.ts) always answers the client
 * "do not restart, handled", so it never restarts by itself nor shows its own message.
 */
export class CrashResponder {
  constructor(
    private readonly policy: RestartPolicy,
    private readonly hooks: CrashResponderHooks,
  ) {}

  /** A read or write failed: a dead server also closes the connection, and onClose decides. Past three in a row, shut down. */
  onError(count: number | undefined): 'continue' | 'shutdown' {
    return (count ?? 1) <= 3 ? 'continue' : 'shutdown';
  }

  onClose(): CrashDecision {
    const decision = this.policy.crashed((this.hooks.now ?? Date.now)());
    if (decision.action === 'restart') this.hooks.restartLater(decision);
    else this.hooks.giveUp(decision);
    return decision;
  }
}
