import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built lock, imported by path: it is internal, not part of the package's exports. */
const PROCESS_LOCK = new URL('../dist/fs/process-lock.js', import.meta.url).href;
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A child Node process running `script` (an ES module), bounded: it is SIGKILLed past `killAfterMs`. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once its stdout has printed `text`; rejects if it exits first or after `timeoutMs`. */
  printed(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with its exit code (or signal) once it has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
  kill(): Promise<void>;
}

export function nodeChild(script: string, args: readonly string[] = [], killAfterMs = 60_000): Child {
  return spawned(spawn(process.execPath, ['--input-type=module', '-e', script, ...args], options()), killAfterMs);
}

/** `command` as a child with the same bounds (unshare, for the pid-namespace test). */
export function commandChild(command: string, args: readonly string[], killAfterMs = 60_000): Child {
  return spawned(spawn(command, args, options()), killAfterMs);
}

function options(): { cwd: string; stdio: ['ignore', 'pipe', 'pipe'] } {
  // The package folder, so a script's bare '@parsercraft/...' imports resolve.
  return { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] };
}

function spawned(child: ChildProcess, killAfterMs: number): Child {
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      for (const w of waiters) w();
      resolve(code ?? signal ?? 'SIGKILL');
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  return {
    process: child,
    pid: child.pid ?? -1,
    output: () => out + err,
    exited,
    printed: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (out.includes(text)) finish(resolve);
          else if (done || child.exitCode !== null || child.signalCode !== null)
            finish(() => reject(new Error(`child exited before printing ${text}: ${out}${err}`)));
        };
        const deadline = setTimeout(
          () => finish(() => reject(new Error(`child did not print ${text} in ${timeoutMs} ms: ${out}${err}`))),
          timeoutMs,
        );
        const finish = (then: () => void): void => {
          clearTimeout(deadline);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A process that takes the lock at `path` the way installs do, prints `held`, and keeps it
 * until killed: a real holder with a real record.
 */
export function lockHolder(path: string): Child {
  return nodeChild(
    [
      `import { withProcessLock } from '${PROCESS_LOCK}';`,
      `await withProcessLock(process.argv.at(-1), {}, async () => {`,
      `  console.log('held');`,
      `  await new Promise((resolve) => setTimeout(resolve, 120_000));`,
      `});`,
    ].join('\n'),
    [path],
  );
}

/**
 * Processes that each take the lock at `path`, record that they are inside in `inside`
 * (created exclusively, so two at once fail loudly), stay a moment, and leave; each prints
 * `done` after. Exits non-zero if it ever found another inside.
 */
export function lockTaker(path: string, inside: string): Child {
  return nodeChild(
    [
      `import { open, rm } from 'node:fs/promises';`,
      `import { withProcessLock } from '${PROCESS_LOCK}';`,
      `const [path, inside] = process.argv.slice(-2);`,
      `await withProcessLock(path, { waitMs: 30_000 }, async () => {`,
      `  await (await open(inside, 'wx')).close();`,
      `  await new Promise((resolve) => setTimeout(resolve, 30));`,
      `  await rm(inside);`,
      `});`,
      `console.log('done');`,
    ].join('\n'),
    [path, inside],
  );
}
