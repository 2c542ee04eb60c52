import { execFile } from 'node:child_process';

export interface ChildResult {
  /** Whether it exited with status 0 within its time. */
  readonly ok: boolean;
  readonly stdout: string;
  /** stderr, and how it ended when it did not end well. */
  readonly log: string;
}

/** Runs at most `limit` child processes at once; the rest wait their turn. */
export class ChildLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run(command: string, args: readonly string[], timeoutMs: number, cwd?: string): Promise<ChildResult> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await runChild(command, args, timeoutMs, cwd);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** One child process, killed after `timeoutMs`; stdout as bytes (latin1), so any output compares exactly. */
function runChild(command: string, args: readonly string[], timeoutMs: number, cwd?: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 2 ** 20, encoding: 'latin1' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout, log: stderr });
        const how = error.killed ? `killed after ${timeoutMs} ms` : `exit ${String(error.code ?? error.signal)}`;
        resolve({ ok: false, stdout, log: `${command} ${how}\n${stderr}\n${stdout}`.slice(0, 4000) });
      },
    );
  });
}
