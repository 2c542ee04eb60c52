/**
 * Ctrl-C as users press it, in a real child process: the first SIGINT or SIGTERM aborts
 * the work's signal and lets it wind down; a second one ends the process at once, even
 * when the work ignores the abort (a wind-down that hangs must not trap the user).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../dist/commands/cancel-on-signals.js', import.meta.url));

/** A process whose work ignores its abort, printing what it saw; bounded to 10 s. */
function stubborn(): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const script = `
    const { cancelOnSignals } = await import(${JSON.stringify(MODULE)});
    const scope = cancelOnSignals();
    scope.signal.addEventListener('abort', () => console.log('aborted: ' + scope.signal.reason.code + ' ' + scope.received()));
    console.log('ready');
    setTimeout(() => process.exit(0), 10_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(check()).toBe(true);
}

describe('cancelOnSignals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('the first %s aborts with PC_CANCELLED; a second exits at once with %i', async (signal, code) => {
    const { child, output, exited } = stubborn();
    await until(() => output().includes('ready'));
    child.kill(signal);
    await until(() => output().includes('aborted'));
    expect(output()).toContain(`aborted: PC_CANCELLED ${signal}`);
    const started = performance.now();
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
