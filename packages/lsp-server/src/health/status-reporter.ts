import { MessageType, type Connection } from 'vscode-languageserver/node';
import { SERVER_STATUS_NOTIFICATION, type ServerHealth, type ServerStatus, type StatusLevel } from './server-health.js';

/**
 * Tells the client how the server is: `parsercraft/serverStatus` on every change when the
 * client declared `experimental.parsercraftServerStatus`; otherwise one showMessage per
 * transition into warning or error (never a storm), and one when it recovers.
 */
export class StatusReporter {
  private last: string | undefined;
  private lastLevel: StatusLevel = 'ok';
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly health: ServerHealth,
    private readonly notify: boolean,
    private readonly quiescent: () => boolean,
  ) {}

  start(): void {
    this.subscriptions.push(this.health.registry.onComponentChange(() => this.update()));
    this.subscriptions.push(this.health.registry.onChange(() => this.update()));
    this.update();
  }

  /** Sends the status if anything in it changed since the last one sent. */
  update(): void {
    const status = this.health.status(this.quiescent());
    const text = JSON.stringify(status);
    if (text === this.last) return;
    this.last = text;
    if (this.notify) void this.connection.sendNotification(SERVER_STATUS_NOTIFICATION, status);
    else this.showOnTransition(status);
  }

  current(): ServerStatus {
    return this.health.status(this.quiescent());
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  private showOnTransition(status: ServerStatus): void {
    if (status.health === this.lastLevel) return;
    const from = this.lastLevel;
    this.lastLevel = status.health;
    if (status.health === 'ok') {
      if (from !== 'ok')
        void this.connection.sendNotification('window/showMessage', {
          type: MessageType.Info,
          message: 'ParserCraft: all parts of the language server are working again.',
        });
      return;
    }
    const type = status.health === 'error' ? MessageType.Error : MessageType.Warning;
    void this.connection.sendNotification('window/showMessage', {
      type,
      message: `ParserCraft language server is degraded.\n${status.message}`,
    });
  }
}
