import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { z } from 'zod';
import { isSealed } from '../protocol/fix-seal.js';

const Position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
/** A fix as the server attached it; data comes back from the client, so anything else is dropped. */
const FixSchema = z.object({
  title: z.string(),
  preferred: z.boolean().optional(),
  edits: z.array(z.object({ range: z.object({ start: Position, end: Position }), newText: z.string() })),
});
const DataSchema = z.object({
  fixes: z.array(z.unknown()),
  revision: z.number().int(),
  spans: z.array(z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)]))),
  seal: z.string(),
});

/** Where a span of the text of `revision` is in the current text, or undefined when edits since touched it. */
export type LocateSpan = (revision: number, from: number, to: number) => Range | undefined;

/**
 * Quick fixes for the diagnostics the client sends back: each fix the analysis attached
 * (a similar name for an undefined one, missing protocol members) becomes a code action,
 * its edits placed in the current text through the edits since the text it was made for;
 * a fix whose text an edit touched is left out. With `version`, the edit names the
 * document version it is for, so a client refuses it if the text changes again before it
 * is applied.
 */
export function codeActions(
  uri: string,
  diagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
  locate: LocateSpan,
  version: number | undefined,
): CodeAction[] {
  if (
    only &&
    !only.some(
      (k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty,
    )
  )
    return [];
  return diagnostics.flatMap((d) =>
    fixesOf(uri, d, locate).map(({ title, preferred, edits }): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: workspaceEdit(uri, edits, version),
      ...(preferred && { isPreferred: true }),
    })),
  );
}

function workspaceEdit(uri: string, edits: TextEdit[], version: number | undefined): WorkspaceEdit {
  if (version === undefined) return { changes: { [uri]: edits } };
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/** The fixes of a diagnostic that can still be applied, with their edits in the current text. */
function fixesOf(
  uri: string,
  d: Diagnostic,
  locate: LocateSpan,
): { title: string; preferred?: boolean; edits: TextEdit[] }[] {
  // Data comes back from the client: anything not in the shape the server gave it is dropped.
  const data = DataSchema.safeParse(d.data);
  if (!data.success) return [];
  const { fixes, revision, spans, seal } = data.data;
  if (!isSealed(seal, uri, revision, fixes, spans)) return [];
  return fixes.flatMap((f: unknown, i) => {
    const fix = FixSchema.safeParse(f);
    const at = spans[i];
    if (!fix.success || !at || at.length !== fix.data.edits.length) return [];
    const edits: TextEdit[] = [];
    for (const [j, e] of fix.data.edits.entries()) {
      const [from, to] = at[j] as readonly [number, number];
      const range = from <= to ? locate(revision, from, to) : undefined;
      if (!range) return [];
      edits.push({ range, newText: e.newText });
    }
    return [
      { title: fix.data.title, ...(fix.data.preferred !== undefined && { preferred: fix.data.preferred }), edits },
    ];
  });
}
