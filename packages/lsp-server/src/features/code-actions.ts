import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { z } from 'zod';
import type { DiagnosticData } from '../protocol/diagnostic-data.js';

const Position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
/** A fix as the server attached it; data comes back from the client, so anything else is dropped. */
const FixSchema = z.object({
  title: z.string(),
  preferred: z.boolean().optional(),
  edits: z.array(z.object({ range: z.object({ start: Position, end: Position }), newText: z.string() })),
});
type CheckedFix = z.infer<typeof FixSchema>;

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

function fixesOf(d: Diagnostic): readonly CheckedFix[] {
  const data: unknown = d.data;
  const fixes: unknown = data && typeof data === 'object' ? (data as DiagnosticData).fixes : undefined;
  if (!Array.isArray(fixes)) return [];
  return fixes.flatMap((f: unknown) => {
    const checked = FixSchema.safeParse(f);
    return checked.success ? [checked.data] : [];
  });
}
