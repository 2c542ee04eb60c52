import { setMaxListeners } from 'node:events';
import { constants } from 'node:os';
import { CoreErrorCodes, PcError } from '@parsercraft/core';

/** What a command sees of Ctrl-C and `kill`: a signal to pass on, and which one came. */
export interface SignalScope {
  readonly signal: AbortSignal;
  /** The first SIGINT or SIGTERM received, if any. */
  received(): NodeJS.Signals | undefined;
  dispose(): void;
}

/** 128 + the signal's number, as shells report a process a signal ended: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * While a command runs, the first SIGINT or SIGTERM aborts its work through an AbortSignal,
 * so it can roll back and say so; a second one ends the process at once, as users who
 * press Ctrl-C twice expect. Work written to switch atomically (installs) is still whole
 * after the second: only temp files are left, and the next run removes them.
 */
export function cancelOnSignals(): SignalScope {
  const controller = new AbortController();
  // Each request, retry, timeout and unpack in flight listens to it: dozens at once is normal, not a leak.
  setMaxListeners(1_000, controller.signal);
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first) process.exit(signalExitCode(signal));
    first = signal;
    controller.abort(new PcError(CoreErrorCodes.PC_CANCELLED, `Cancelled by ${signal}.`, { context: { signal } }));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
