import { classify, PcError, redactString } from '@parsercraft/core/errors';
import { seeRunbook } from '../runbook-file.js';
import type { Terminal } from './terminal.js';

export interface ErrorDetail {
  /** The cause chain, one line each. */
  readonly verbose: boolean;
  /** The stack trace too: for reporting bugs, never by default. */
  readonly debug: boolean;
}

/**
 * A failure as the user reads it: one line with the stable code, the message and where the
 * runbook says what to do; the causes below it with --verbose; a stack only with --debug.
 */
export function formatError(error: unknown, terminal: Terminal, detail: ErrorDetail): string {
  const e = classify(error);
  const lines = [
    `${terminal.paint('red', 'error')} ${terminal.paint('bold', e.code)} ${e.message} ${terminal.paint('dim', `(${seeRunbook(e.code, e.runbook)})`)}`,
  ];
  if (detail.verbose || detail.debug) for (const cause of causes(e)) lines.push(`  caused by ${cause}`);
  if (detail.debug) {
    // A wrapped foreign error carries no stack of its own (classify() skips capturing one); the original has it.
    const stack = [e, ...rawCauses(e)]
      .map((c) => (c instanceof Error ? c.stack : undefined))
      .find((s) => s?.includes('\n    at '));
    // A foreign error's message and stack were never redacted; a URL or header may be in them.
    if (stack) lines.push(redactString(stack, Number.MAX_SAFE_INTEGER));
  }
  return lines.join('\n');
}

/**
 * The cause chain as written: our errors by code, anything else by name (classify() would
 * wrap a foreign cause in a new error whose cause is that same one, forever). Stops at a
 * cycle or ten levels.
 */
function causes(e: PcError): string[] {
  return rawCauses(e).map((cause) => {
    if (PcError.is(cause)) return `${cause.code}: ${cause.message}`;
    if (cause instanceof Error)
      return redactString(`${cause.name}${'code' in cause ? ` (${String(cause.code)})` : ''}: ${cause.message}`);
    return redactString(String(cause));
  });
}

function rawCauses(e: PcError): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>([e]);
  for (let cause = e.cause; cause !== undefined && !seen.has(cause) && out.length < 10; cause = causeOf(cause)) {
    seen.add(cause);
    out.push(cause);
  }
  return out;
}

function causeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
}
