import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { Fix } from '@parsercraft/language';
import type { DiagnosticData } from '../protocol/diagnostic-data.js';

/**
 * Quick fixes for the diagnostics the client sends back: each fix the analysis attached
 * (a similar name for an undefined one, missing protocol members) becomes a code action.
 */
export function codeActions(
  uri: string,
  diagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
): CodeAction[] {
  if (
    only &&
    !only.some(
      (k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty,
    )
  )
    return [];
  return diagnostics.flatMap((d) =>
    fixesOf(d).map((fix): CodeAction => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
      ...(fix.preferred && { isPreferred: true }),
    })),
  );
}

function fixesOf(d: Diagnostic): readonly Fix[] {
  const data = d.data as DiagnosticData | undefined;
  const fixes: unknown = data?.fixes;
  // Data comes back from the client: trust its shape only as far as it is checked.
  return Array.isArray(fixes)
    ? (fixes as Fix[]).filter((f) => typeof f?.title === 'string' && Array.isArray(f.edits))
    : [];
}
