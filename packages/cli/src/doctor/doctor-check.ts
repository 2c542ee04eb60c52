/** One finding of `parsercraft doctor`. */
export interface CheckResult {
  readonly status: 'ok' | 'warning' | 'error';
  /** What was found, in one line. */
  readonly detail: string;
  /** The classified code behind a warning or error, and its runbook entry. */
  readonly code?: string;
  readonly runbook?: string;
  /** The command that fixes it, when there is one. */
  readonly fix?: string;
  /** What --fix did. */
  readonly fixed?: string;
}

export interface DoctorContext {
  readonly projectDir: string;
  readonly cacheDir: string;
  /** Make the safe repairs (`--fix`). */
  readonly fix: boolean;
  /** Aborted at the check's own timeout. */
  readonly signal: AbortSignal;
  /** When that timeout falls (performance.now() time): a check that waits on the network ends its waits before it. */
  readonly deadline: number;
  /** The whole budget the deadline came from (`--timeout`). */
  readonly budgetMs: number;
}

export interface DoctorCheck {
  readonly name: string;
  /** Loads the modules the check needs: inside its budget, outside the duration it reports. */
  readonly load?: () => Promise<unknown>;
  run(context: DoctorContext): Promise<CheckResult | readonly NamedResult[]>;
}

/** A check that reports several things (one row per registry). */
export interface NamedResult extends CheckResult {
  readonly name: string;
}
