/**
 * parsercraft-vscode: the language client for ParserCraft languages. See the package README
 * and ARCHITECTURE.md ("The VS Code extension").
 */
import * as vscode from 'vscode';
import { ServerController } from './client/server-controller.js';
import { readSettings } from './client/settings.js';
import { generateCForCurrentFile } from './commands/generate-c.js';
import { openRunbook } from './commands/open-runbook.js';
import { runDoctor } from './commands/run-doctor.js';
import { showHealthReport } from './commands/show-health-report.js';
import { COMMAND_IDS } from './status/status-presentation.js';
import { StatusView } from './status/status-view.js';

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('ParserCraft', { log: true });
  const server = new ServerController(context, log);
  controller = server;
  const view = new StatusView(
    readSettings().documentSelector as vscode.DocumentSelector,
    () => readSettings().clickAction,
  );
  view.render(server.current);
  context.subscriptions.push(
    log,
    server,
    view,
    server.onDidChangeState((state) => {
      view.render(state);
      log.info(
        `server state: ${state.kind}${state.kind === 'running' && state.status ? ` (${state.status.health})` : ''}`,
      );
    }),
    vscode.commands.registerCommand(COMMAND_IDS.showHealthReport, () => showHealthReport(server)),
    vscode.commands.registerCommand(COMMAND_IDS.restartServer, () => server.restart()),
    vscode.commands.registerCommand(COMMAND_IDS.showLogs, () => log.show()),
    vscode.commands.registerCommand(COMMAND_IDS.runDoctor, () => runDoctor(readSettings().doctorCommand)),
    vscode.commands.registerCommand(COMMAND_IDS.generateC, () => generateCForCurrentFile(server)),
    vscode.commands.registerCommand(COMMAND_IDS.openRunbook, (code?: unknown) => openRunbook(context, code)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Settings read when the server starts (log level, health port, restart policy, registry) take a new server process.
      if (
        ['logLevel', 'healthPort', 'restart', 'registry'].some((key) => e.affectsConfiguration(`parsercraft.${key}`))
      ) {
        void vscode.window
          .showInformationMessage('ParserCraft: restart the language server to apply the new settings.', 'Restart')
          .then((choice) => {
            if (choice === 'Restart') void server.restart();
          });
      }
      if (e.affectsConfiguration('parsercraft.statusBar')) view.render(server.current);
    }),
  );
  await server.start();
}

export async function deactivate(): Promise<void> {
  const client = controller?.languageClient;
  controller = undefined;
  if (client?.isRunning()) await client.stop();
}
