import { errorCodeSpec } from '@parsercraft/core/errors';
import type { Terminal } from '../output/terminal.js';
import { runbookHref, seeRunbook } from '../runbook-file.js';
import type { Row } from './run-checks.js';

export type Overall = 'healthy' | 'degraded' | 'unhealthy';

export function overall(rows: readonly Row[]): Overall {
  if (rows.some((r) => r.status === 'error')) return 'unhealthy';
  return rows.some((r) => r.status === 'warning') ? 'degraded' : 'healthy';
}

const MARK = { ok: ['green', 'ok'], warning: ['yellow', 'warn'], error: ['red', 'FAIL'] } as const;

/** A row's runbook anchor: its own, or its code's. */
const runbookOf = (r: Row): string | undefined => r.runbook ?? (r.code ? errorCodeSpec(r.code)?.runbook : undefined);

/** The table: status, check, detail, duration; under a row that is not ok, its code, runbook and fix. */
export function tableReport(rows: readonly Row[], terminal: Terminal): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => {
    const [style, word] = MARK[r.status];
    const head = `${terminal.paint(style, word.padEnd(4))}  ${r.name.padEnd(width)}  ${r.detail} ${terminal.paint('dim', `(${Math.round(r.durationMs)} ms)`)}`;
    const more: string[] = [];
    if (r.status !== 'ok' && r.code) more.push(`${r.code}: ${seeRunbook(r.code, runbookOf(r) ?? 'RUNBOOK.md')}`);
    if (r.status !== 'ok' && r.fix) more.push(`fix: ${r.fix}`);
    if (r.fixed) more.push(`fixed: ${r.fixed}`);
    return [head, ...more.map((m) => `      ${' '.repeat(width)}  ${terminal.paint('dim', m)}`)].join('\n');
  });
  const state = overall(rows);
  const summary =
    state === 'healthy'
      ? terminal.paint('green', 'All checks passed.')
      : state === 'degraded'
        ? terminal.paint('yellow', 'Degraded: see the warnings above.')
        : terminal.paint('red', 'Unhealthy: see the failures above.');
  return [...lines, '', summary].join('\n');
}

export function jsonReport(rows: readonly Row[]): string {
  return JSON.stringify(
    {
      status: overall(rows),
      checks: rows.map((r) => {
        const anchor = runbookOf(r);
        return {
          ...r,
          durationMs: Math.round(r.durationMs),
          ...(anchor !== undefined && { runbook: runbookHref(anchor) }),
        };
      }),
    },
    null,
    2,
  );
}
