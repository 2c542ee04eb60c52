import type { Diagnostic } from '@parsercraft/language';
import type { Terminal } from './terminal.js';

export interface FileReport {
  readonly file: string;
  readonly config: string;
  readonly diagnostics: readonly Diagnostic[];
}

export type ReportFormat = 'text' | 'json' | 'github';

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', information: 'cyan', hint: 'dim' } as const;

/** Findings as compilers print them: `file:line:col: severity code: message`, 1-based, one per line, then a summary. */
export function textReport(reports: readonly FileReport[], terminal: Terminal): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const at = `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(
        `${terminal.paint('bold', at)}: ${terminal.paint(SEVERITY_STYLE[d.severity], d.severity)} ${d.code}: ${d.message}`,
      );
    }
  }
  const { errors, warnings } = count(reports);
  lines.push(
    `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${reports.length} file${reports.length === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}

export function jsonReport(reports: readonly FileReport[]): string {
  return JSON.stringify({ ...count(reports), files: reports }, null, 2);
}

/**
 * GitHub Actions workflow commands, which the runner turns into annotations on the pull
 * request (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
 * Only errors and warnings; hints would bury them.
 */
export function githubReport(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      const { start, end } = d.range;
      const props = [
        `file=${property(r.file)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${property(d.code)}`,
      ];
      lines.push(`::${d.severity} ${props.join(',')}::${data(d.message)}`);
    }
  }
  return lines.join('\n');
}

export function count(reports: readonly FileReport[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const r of reports)
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  return { errors, warnings };
}

// The runner's escaping: data escapes % CR LF; properties also : and ,.
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
