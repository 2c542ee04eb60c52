import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic } from '@parsercraft/language';
import type { DiagnosticData } from './diagnostic-data.js';
import type { RunbookLinks } from './runbook-links.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;
const TAG = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

/**
 * Our diagnostic as LSP's. Codes with a RUNBOOK.md entry (config `PC_*` codes, protocol and
 * codegen findings) link to it through `codeDescription`, which editors show as a link.
 */
export function toLspDiagnostic(d: Diagnostic, uri: string, runbook: RunbookLinks): LspDiagnostic {
  const href = runbook.href(d.code);
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: d.source,
    message: d.message,
    ...(href !== undefined && { codeDescription: { href } }),
    ...(d.tags?.length && { tags: d.tags.map((t) => TAG[t]) }),
    ...(d.related?.length && {
      relatedInformation: d.related.map((r) => ({ location: { uri, range: r.range }, message: r.message })),
    }),
    // Clients send diagnostics back with code action requests, data included (LSP 3.16).
    ...(d.fixes?.length && { data: { fixes: d.fixes } satisfies DiagnosticData }),
  };
}
