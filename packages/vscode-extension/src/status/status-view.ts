import * as vscode from 'vscode';
import type { ServerState } from './server-state.js';
import { COMMAND_IDS, present, type ClickAction } from './status-presentation.js';

/**
 * The server's state in two places: a status bar item that is always there (ESLint moved
 * its indicator into the language status and users lost it), and a language status item
 * next to the language mode of ParserCraft documents. Both are redrawn from the state on
 * every change, never patched.
 */
export class StatusView implements vscode.Disposable {
  private readonly bar: vscode.StatusBarItem;
  private readonly language: vscode.LanguageStatusItem;

  constructor(
    selector: vscode.DocumentSelector,
    private readonly clickAction: () => ClickAction,
  ) {
    this.bar = vscode.window.createStatusBarItem('parsercraft.status', vscode.StatusBarAlignment.Left, 10);
    this.bar.name = 'ParserCraft Language Server';
    this.language = vscode.languages.createLanguageStatusItem('parsercraft.status', selector);
    this.language.name = 'ParserCraft Language Server';
    this.bar.show();
  }

  render(state: ServerState): void {
    const p = present(state, this.clickAction());
    const tooltip = new vscode.MarkdownString(p.tooltip, true);
    // Command links run only these commands, with no other trust given to the text.
    tooltip.isTrusted = { enabledCommands: Object.values(COMMAND_IDS) };
    this.bar.text = p.text;
    this.bar.tooltip = tooltip;
    this.bar.command = p.command;
    this.bar.backgroundColor = p.background && new vscode.ThemeColor(`statusBarItem.${p.background}Background`);
    this.bar.accessibilityInformation = { label: `ParserCraft language server: ${p.label}`, role: 'button' };
    this.language.text = p.text;
    this.language.detail = p.label;
    this.language.busy = p.busy;
    this.language.severity =
      p.severity === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : p.severity === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    this.language.command = { title: 'Details', command: p.command, tooltip: 'ParserCraft language server' };
  }

  dispose(): void {
    this.bar.dispose();
    this.language.dispose();
  }
}
