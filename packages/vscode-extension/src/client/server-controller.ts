import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_STATUS_NOTIFICATION, type ServerStatus } from '@parsercraft/lsp-server/protocol';
import { INITIAL_STATE, nextState, type ServerEvent, type ServerState } from '../status/server-state.js';
import { CrashResponder } from './crash-responder.js';
import { describeStartFailure } from './start-failure.js';
import { RestartPolicy } from './restart-policy.js';
import { readSettings, type ExtensionSettings } from './settings.js';

/**
 * Owns the language client and says, through `onDidChangeState`, what the server is doing.
 * The server runs as a separate Node process (the bundled `server.mjs`, node-module
 * transport over IPC); when it exits unasked the restart policy decides, and the restart
 * is scheduled here, so no restart happens without the status saying so first.
 */
export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private state: ServerState = INITIAL_STATE;
  private restartTimer: NodeJS.Timeout | undefined;
  private policy: RestartPolicy;
  private settings: ExtensionSettings;
  private readonly changed = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.settings = readSettings();
    this.policy = new RestartPolicy(this.settings.restart);
  }

  get current(): ServerState {
    return this.state;
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    this.client ??= this.createClient();
    this.policy.started(Date.now());
    try {
      await this.client.start();
    } catch (error) {
      // initializationFailedHandler has already said why; the client is stopped.
      this.log.error(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The Restart command: a fresh start with the current settings, past crashes forgotten. */
  async restart(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    // Settings read at start (log level, health port, registry, restart policy) apply from here.
    this.settings = readSettings();
    this.policy = new RestartPolicy(this.settings.restart);
    const client = this.client;
    this.client = undefined;
    this.emit({ type: 'starting' });
    if (client)
      await client.dispose().catch((error: unknown) => this.log.warn(`Stopping the old server: ${String(error)}`));
    await this.start();
  }

  dispose(): void {
    clearTimeout(this.restartTimer);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    void this.client?.dispose();
    this.changed.dispose();
  }

  private createClient(): LanguageClient {
    const serverModule = vscode.Uri.joinPath(this.context.extensionUri, 'out', 'server.mjs').fsPath;
    const args = this.settings.healthPort === undefined ? [] : ['--health-port', String(this.settings.healthPort)];
    const env = { ...process.env, ...(this.settings.logLevel && { PARSERCRAFT_LOG_LEVEL: this.settings.logLevel }) };
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, args, options: { env } },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        args,
        options: { env, execArgv: ['--inspect=6009'] },
      },
    };
    const crashes = new CrashResponder(this.policy, {
      restartLater: (decision) => {
        this.emit({
          type: 'crashed',
          attempt: decision.attempt,
          delayMs: decision.delayMs,
          reason: 'the server process exited unexpectedly',
        });
        this.log.warn(
          `The language server exited unexpectedly; restart ${decision.attempt} in ${decision.delayMs} ms.`,
        );
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          void this.start();
        }, decision.delayMs);
      },
      giveUp: (decision) => {
        const minutes = Math.round(decision.windowMs / 60_000);
        const reason = `The language server crashed ${decision.crashes} times in ${minutes} minute${minutes === 1 ? '' : 's'}, so it was not restarted again.`;
        this.emit({ type: 'gaveUp', reason });
        this.log.error(reason);
        void this.notifyStopped(reason);
      },
    });
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.settings.documentSelector,
      outputChannel: this.log,
      errorHandler: {
        error: (_error, _message, count) => ({
          action: crashes.onError(count) === 'continue' ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: () => {
          crashes.onClose();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      initializationOptions: {
        languages: this.settings.languages,
        ...(this.settings.registry && { registry: this.settings.registry }),
      },
      initializationFailedHandler: (error: unknown) => {
        const failure = describeStartFailure(error);
        this.emit({ type: 'failed', ...failure });
        void vscode.window
          .showErrorMessage(
            `ParserCraft language server failed to start: ${failure.message}${failure.code ? ` (${failure.code})` : ''}`,
            'Open Runbook',
            'Show Logs',
          )
          .then((choice) => {
            if (choice === 'Open Runbook') void vscode.commands.executeCommand('parsercraft.openRunbook', failure.code);
            if (choice === 'Show Logs') this.log.show();
          });
        // Not retried: a server that cannot initialize fails the same way again.
        return false;
      },
      synchronize: { configurationSection: 'parsercraft' },
    };
    const client = new LanguageClient('parsercraft', 'ParserCraft', serverOptions, clientOptions);
    // Asks the server for parsercraft/serverStatus notifications (see the server's status-reporter.ts).
    client.registerFeature({
      fillClientCapabilities: (capabilities) => {
        // `experimental` is LSPAny; ours is an object of flags.
        const experimental = capabilities.experimental as Record<string, unknown> | undefined;
        capabilities.experimental = { ...experimental, parsercraftServerStatus: true };
      },
      getState: () => ({ kind: 'static' }),
      initialize: () => undefined,
      clear: () => undefined,
    });
    // A client being replaced by Restart still reports its stop: only the current one speaks.
    this.subscriptions.push(
      client.onDidChangeState(({ newState }) => {
        if (client !== this.client) return;
        if (newState === State.Starting) this.emit({ type: 'starting' });
        else if (newState === State.Running) this.emit({ type: 'running' });
        else this.emit({ type: 'clientStopped' });
      }),
      client.onNotification(SERVER_STATUS_NOTIFICATION, (status: ServerStatus) => {
        if (client === this.client) this.emit({ type: 'status', status });
      }),
    );
    return client;
  }

  /** One notification for a crash loop, with what the user can do about it; never one per crash. */
  private async notifyStopped(reason: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(reason, 'Show Logs', 'Restart', 'Run Doctor');
    if (choice === 'Show Logs') this.log.show();
    else if (choice === 'Restart') await this.restart();
    else if (choice === 'Run Doctor') await vscode.commands.executeCommand('parsercraft.runDoctor');
  }

  private emit(event: ServerEvent): void {
    const next = nextState(this.state, event);
    if (next === this.state) return;
    this.state = next;
    this.changed.fire(next);
  }
}
