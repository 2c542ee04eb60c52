import * as vscode from 'vscode';

/**
 * `parsercraft doctor` in a terminal in the workspace folder (the command is a setting:
 * `npx --no parsercraft doctor` by default: never fetched from a registry), so its table, its fixes and their runbook links
 * are where the user can read and act on them.
 */
export function runDoctor(command: string): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const terminal = vscode.window.createTerminal({ name: 'ParserCraft Doctor', ...(folder && { cwd: folder.uri }) });
  terminal.show();
  terminal.sendText(command);
}
