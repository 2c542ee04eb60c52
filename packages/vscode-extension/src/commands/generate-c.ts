import * as vscode from 'vscode';
import { COMMANDS } from '@parsercraft/lsp-server/protocol';
import type { ServerController } from '../client/server-controller.js';

/** The active document translated to C99 by the server, opened as a new C document; findings that prevent it are shown instead. */
export async function generateCForCurrentFile(controller: ServerController): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const client = controller.languageClient;
  if (!editor) {
    void vscode.window.showWarningMessage('Open a ParserCraft program to translate it to C.');
    return;
  }
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('The ParserCraft language server is not running; restart it first.');
    return;
  }
  const result = await client.sendRequest<{ c: string | null; diagnostics: readonly { message: string }[] }>(
    'workspace/executeCommand',
    {
      command: COMMANDS.generateC,
      arguments: [editor.document.uri.toString()],
    },
  );
  if (result.c === null) {
    void vscode.window.showErrorMessage(
      `No C for this program: ${result.diagnostics.map((d) => d.message).join('; ') || 'see the Problems view'}`,
    );
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'c', content: result.c });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
}
