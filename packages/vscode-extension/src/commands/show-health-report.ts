import * as vscode from 'vscode';
import { HEALTH_REQUEST } from '@parsercraft/lsp-server/protocol';
import type { ServerController } from '../client/server-controller.js';

/**
 * A markdown report of what the extension knows (the state the status bar shows) and what
 * the server says of itself (core's health snapshot and its recent recoveries), opened
 * beside the editor. A server that is not running is reported as such, not asked.
 */
export async function showHealthReport(controller: ServerController): Promise<void> {
  const state = controller.current;
  const client = controller.languageClient;
  let server: string;
  if (client?.isRunning()) {
    try {
      server = JSON.stringify(await client.sendRequest(HEALTH_REQUEST), null, 2);
    } catch (error) {
      server = `The server did not answer ${HEALTH_REQUEST}: ${error instanceof Error ? error.message : String(error)}`;
    }
  } else {
    server = 'The server is not running.';
  }
  const status = state.kind === 'running' ? state.status : undefined;
  const rows = status?.components.map((c) => `| ${c.name} | ${c.status} | ${c.reason ?? ''} | ${c.code ?? ''} |`) ?? [];
  const content = [
    '# ParserCraft language server health',
    '',
    `State: **${state.kind}**${status ? `, health **${status.health}**${status.quiescent ? '' : ' (analysing)'}` : ''}`,
    ...(rows.length ? ['', '| component | status | reason | code |', '|---|---|---|---|', ...rows] : []),
    '',
    "## The server's report",
    '',
    '```json',
    server,
    '```',
    '',
  ].join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
