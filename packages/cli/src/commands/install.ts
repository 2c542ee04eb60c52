import { classify, defaultCacheDir } from '@parsercraft/core';
import { install, type CacheMode } from '@parsercraft/registry-client';
import { formatError } from '../output/report-error.js';
import { ProgressBar } from '../output/progress-bar.js';
import type { Terminal } from '../output/terminal.js';
import { INSTALL_EXIT, installExitCode } from './install-exit-codes.js';

export interface InstallCommandOptions {
  readonly cwd: string;
  readonly frozenLockfile: boolean;
  readonly cacheMode: CacheMode;
  readonly registry?: string;
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
 * (install-exit-codes.ts). With --json, the result or the error as JSON on stdout.
 */
export async function installCommand(options: InstallCommandOptions): Promise<number> {
  const bar = new ProgressBar(options.stderr, options.errTerminal);
  const warnings: string[] = [];
  try {
    const result = await install({
      projectDir: options.cwd,
      cacheDir: defaultCacheDir(),
      cacheMode: options.cacheMode,
      frozenLockfile: options.frozenLockfile,
      ...(options.registry !== undefined && { registry: options.registry }),
      onProgress: (event) => {
        if (event.phase === 'warning') warnings.push(event.message);
        // At once, not after the install: a wait for another install must not look like a hang.
        else if (event.phase === 'waiting') options.writeError(event.message);
        else if (event.phase === 'fetched' || event.phase === 'installed')
          bar.update(
            event.done,
            event.total,
            `${event.phase === 'fetched' ? 'fetching' : 'installing'} ${event.name}@${event.version}`,
          );
      },
    });
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
    bar.done();
    const e = classify(error);
    if (options.json) options.write(JSON.stringify({ ok: false, error: e.toJSON() }, null, 2));
    else options.writeError(formatError(e, options.errTerminal, { verbose: options.verbose, debug: options.debug }));
    return installExitCode(e);
  }
}
