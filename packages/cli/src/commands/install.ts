import { classify, defaultCacheDir } from '@parsercraft/core';
import { install, type CacheMode } from '@parsercraft/registry-client';
import { FetchWaits } from '../output/fetch-waits.js';
import { formatError } from '../output/report-error.js';
import { ProgressBar } from '../output/progress-bar.js';
import type { Terminal } from '../output/terminal.js';
import { cancelOnSignals, signalExitCode } from './cancel-on-signals.js';
import { INSTALL_EXIT, installExitCode } from './install-exit-codes.js';

export interface InstallCommandOptions {
  readonly cwd: string;
  readonly frozenLockfile: boolean;
  readonly cacheMode: CacheMode;
  readonly registry?: string;
  /** Each registry request's budget (`--timeout`). */
  readonly requestTimeoutMs?: number;
  /** Retries of a failed registry request (`--retries`). */
  readonly retries?: number;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly debug: boolean;
  readonly stderr: NodeJS.WriteStream;
  readonly errTerminal: Terminal;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
}

/**
 * `parsercraft install`: the registry client's install, with a progress bar on a terminal
 * and a summary; a failure is its classified line and an exit code by category
 * (install-exit-codes.ts). With --json, the result or the error as JSON on stdout. SIGINT
 * or SIGTERM cancels it: the previous install stays, one PC_CANCELLED line, exit 130/143. What
 * the install waits for (a slow registry, retries, Retry-After pauses) shows as it waits:
 * in the bar on a terminal, as lines on stderr elsewhere (see FetchWaits).
 */
export async function installCommand(options: InstallCommandOptions): Promise<number> {
  const bar = new ProgressBar(options.stderr, options.errTerminal);
  const warnings: string[] = [];
  let shown = { done: 0, total: 0, label: '' };
  const redraw = (): void => {
    const label = waits.current() ?? shown.label;
    if (shown.total > 0) bar.update(shown.done, shown.total, label);
    else if (label !== '') bar.status(label);
  };
  const waits = new FetchWaits({
    interactive: options.errTerminal.interactive,
    writeLine: (line) => options.writeError(options.errTerminal.paint('dim', line)),
    redraw,
  });
  const signals = cancelOnSignals();
  try {
    const result = await install({
      projectDir: options.cwd,
      signal: signals.signal,
      cacheDir: defaultCacheDir(),
      cacheMode: options.cacheMode,
      frozenLockfile: options.frozenLockfile,
      ...(options.registry !== undefined && { registry: options.registry }),
      ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.retries !== undefined && { retries: options.retries }),
      onProgress: (event) => {
        if (event.phase === 'warning') warnings.push(event.message);
        // At once, not after the install: a wait for another install must not look like a hang.
        else if (event.phase === 'waiting') options.writeError(event.message);
        else if (event.phase === 'fetched' || event.phase === 'installed') {
          const verb = event.phase === 'fetched' ? 'fetching' : 'installing';
          shown = { done: event.done, total: event.total, label: `${verb} ${event.name}@${event.version}` };
          redraw();
        } else if (event.phase !== 'resolved') waits.observe(event);
      },
    });
    waits.close();
    bar.done();
    if (options.json) {
      options.write(JSON.stringify({ ok: true, ...result }, null, 2));
      return INSTALL_EXIT.installed;
    }
    for (const w of warnings) options.writeError(`${options.errTerminal.paint('yellow', 'warning')} ${w}`);
    const fromLock = result.packages.filter((p) => p.source === 'lockfile').length;
    const n = result.packages.length;
    options.write(
      `installed ${n} package${n === 1 ? '' : 's'} (${fromLock} as locked), lockfile ${result.lockfileChanged ? 'updated' : 'unchanged'}`,
    );
    return INSTALL_EXIT.installed;
  } catch (error) {
    waits.close();
    bar.done();
    const e = classify(error);
    if (options.json) options.write(JSON.stringify({ ok: false, error: e.toJSON() }, null, 2));
    else options.writeError(formatError(e, options.errTerminal, { verbose: options.verbose, debug: options.debug }));
    const signal = signals.received();
    return signal ? signalExitCode(signal) : installExitCode(e);
  } finally {
    signals.dispose();
  }
}
