import type { ComponentStatus } from '@parsercraft/lsp-server/protocol';
import type { ServerState } from './server-state.js';

/** What the status bar item and the language status item show; pure, so tests need no VS Code. */
export interface StatusPresentation {
  /** With codicons: `$(check) ParserCraft`. */
  readonly text: string;
  /** Markdown; its command links are the extension's own commands only. */
  readonly tooltip: string;
  /** The status bar item's background: VS Code allows only these two colours there. */
  readonly background: 'warning' | 'error' | undefined;
  /** The language status item's severity. */
  readonly severity: 'information' | 'warning' | 'error';
  /** Work in progress (the language status item's spinner). */
  readonly busy: boolean;
  /** What a click runs: a stopped server is restarted whatever the setting says. */
  readonly command: string;
  /** The state in words, for screen readers (and end-to-end tests): `healthy`, `degraded`, `restarting` ... */
  readonly label: string;
}

export type ClickAction = 'showHealthReport' | 'showLogs' | 'restartServer' | 'runDoctor';

export const COMMAND_IDS = {
  showHealthReport: 'parsercraft.showHealthReport',
  restartServer: 'parsercraft.restartServer',
  showLogs: 'parsercraft.showLogs',
  runDoctor: 'parsercraft.runDoctor',
  generateC: 'parsercraft.generateCForCurrentFile',
  openRunbook: 'parsercraft.openRunbook',
} as const;

const NAME = 'ParserCraft';

export function present(state: ServerState, clickAction: ClickAction = 'showHealthReport'): StatusPresentation {
  const click = COMMAND_IDS[clickAction];
  switch (state.kind) {
    case 'starting':
      return {
        text: `$(sync~spin) ${NAME}`,
        tooltip: tooltip('**Starting** the ParserCraft language server.'),
        background: undefined,
        severity: 'information',
        busy: true,
        command: COMMAND_IDS.showLogs,
        label: 'starting',
      };
    case 'running': {
      const status = state.status;
      if (!status)
        return {
          text: `$(sync~spin) ${NAME}`,
          tooltip: tooltip('The language server is **running**; waiting for its first health report.'),
          background: undefined,
          severity: 'information',
          busy: true,
          command: click,
          label: 'starting',
        };
      const busy = !status.quiescent;
      if (status.health === 'ok') {
        const what = busy ? 'Healthy, analysing.' : 'Healthy: every part of the language server works.';
        return {
          text: `${busy ? '$(sync~spin)' : '$(check)'} ${NAME}`,
          tooltip: tooltip(`**${what}**`),
          background: undefined,
          severity: 'information',
          busy,
          command: click,
          label: busy ? 'healthy, analysing' : 'healthy',
        };
      }
      const level = status.health === 'error' ? 'error' : 'warning';
      const headline =
        level === 'error'
          ? '**Unhealthy**: a part the server needs has failed.'
          : '**Degraded**: the server works, with parts failing.';
      return {
        text: `$(${level}) ${NAME}`,
        tooltip: tooltip(`${headline}\n\n${componentLines(status.components)}`),
        background: level,
        severity: level,
        busy,
        command: click,
        label: level === 'error' ? 'unhealthy' : 'degraded',
      };
    }
    case 'restarting':
      return {
        text: `$(sync~spin) ${NAME}: restarting`,
        tooltip: tooltip(
          `**Restarting**: the language server exited (${escape(state.reason)}). Restart ${state.attempt} in ${seconds(state.delayMs)}.`,
        ),
        background: 'warning',
        severity: 'warning',
        busy: true,
        command: COMMAND_IDS.restartServer,
        label: 'restarting',
      };
    case 'stopped':
      return {
        text: `$(debug-stop) ${NAME}: stopped`,
        tooltip: tooltip(
          state.crashLoop
            ? `**Stopped**: ${escape(state.reason)} Click to restart it.`
            : `**Stopped.** ${escape(state.reason)} Click to start it again.`,
        ),
        background: state.crashLoop ? 'error' : undefined,
        severity: state.crashLoop ? 'error' : 'warning',
        busy: false,
        command: COMMAND_IDS.restartServer,
        label: 'stopped',
      };
    case 'failed':
      return {
        text: `$(error) ${NAME}: failed to start`,
        tooltip: tooltip(
          `**Failed to start**: ${escape(state.message)}${state.code ? ` ${codeLink(state.code)}` : ''}`,
        ),
        background: 'error',
        severity: 'error',
        busy: false,
        command: COMMAND_IDS.restartServer,
        label: 'failed to start',
      };
  }
}

/** Each part not ok, with its reason and a link to its runbook entry. */
function componentLines(components: readonly ComponentStatus[]): string {
  const failing = components.filter((c) => c.status !== 'ok');
  if (failing.length === 0) return '';
  return failing
    .map(
      (c) =>
        `- $(${c.status}) **${escape(c.name)}**: ${escape(c.reason ?? c.status)}${c.code ? ` ${codeLink(c.code)}` : ''}`,
    )
    .join('\n');
}

/** A code, linked to its RUNBOOK.md entry through the Open Runbook command. */
function codeLink(code: string): string {
  return `[${code}](command:${COMMAND_IDS.openRunbook}?${encodeURIComponent(JSON.stringify([code]))} "What to do about ${code}")`;
}

function tooltip(body: string): string {
  const links = [
    `[Show Logs](command:${COMMAND_IDS.showLogs})`,
    `[Restart](command:${COMMAND_IDS.restartServer})`,
    `[Run Doctor](command:${COMMAND_IDS.runDoctor})`,
    `[Health Report](command:${COMMAND_IDS.showHealthReport})`,
  ];
  return `${body}\n\n---\n\n${links.join(' · ')}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Server-supplied text is shown as text, never as markdown or links. */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, (c) => `\\${c}`);
}
