import * as vscode from 'vscode';

/**
 * RUNBOOK.md (shipped in the extension) at the entry of an error code: what an operator does
 * about it. Without a code, from the top. Opened as text at the heading, which works in
 * every VS Code, code-server included, whatever the markdown preview supports.
 */
export async function openRunbook(context: vscode.ExtensionContext, code?: unknown): Promise<void> {
  const uri = vscode.Uri.joinPath(context.extensionUri, 'RUNBOOK.md');
  const document = await vscode.workspace.openTextDocument(uri);
  const heading = typeof code === 'string' && /^PC_[A-Z0-9_]+$/.test(code) ? `### ${code}` : undefined;
  const line = heading
    ? document
        .getText()
        .split('\n')
        .findIndex((l) => l.trim() === heading)
    : -1;
  const at = new vscode.Position(Math.max(0, line), 0);
  await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(at, at) });
  if (heading && line === -1) void vscode.window.showWarningMessage(`RUNBOOK.md has no entry for ${String(code)}.`);
}
