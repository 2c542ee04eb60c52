import * as vscode from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient/node';
import type { RestartPolicyOptions } from './restart-policy.js';
import type { ClickAction } from '../status/status-presentation.js';

/** `parsercraft.*` settings, as package.json declares them. */
export interface ExtensionSettings {
  /** `{id: {config, extensions}}`, as parsercraft.json's `languages`; passed to the server. */
  readonly languages: Readonly<
    Record<string, { readonly config?: string; readonly package?: string; readonly extensions?: readonly string[] }>
  >;
  /** A registry list over parsercraft.json's default, for language-package installs; undefined: none. */
  readonly registry: string | undefined;
  readonly logLevel: string | undefined;
  readonly healthPort: number | undefined;
  readonly clickAction: ClickAction;
  readonly doctorCommand: string;
  readonly restart: RestartPolicyOptions;
  /** The bundled languages' ids, and a file pattern for each extension the settings add. */
  readonly documentSelector: DocumentSelector;
}

const CLICK_ACTIONS: readonly ClickAction[] = ['showHealthReport', 'showLogs', 'restartServer', 'runDoctor'];

export function readSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration('parsercraft');
  const languages = config.get<ExtensionSettings['languages']>('languages') ?? {};
  const healthPort = config.get<number | null>('healthPort');
  const click = config.get<string>('statusBar.clickAction') ?? 'showHealthReport';
  const extensions = [...new Set(Object.values(languages).flatMap((l) => l.extensions ?? []))];
  return {
    languages,
    registry: config.get<string>('registry')?.trim() || undefined,
    logLevel: config.get<string>('logLevel'),
    healthPort:
      typeof healthPort === 'number' && Number.isInteger(healthPort) && healthPort >= 0 && healthPort <= 65535
        ? healthPort
        : undefined,
    clickAction: CLICK_ACTIONS.includes(click as ClickAction) ? (click as ClickAction) : 'showHealthReport',
    doctorCommand: config.get<string>('doctor.command') ?? 'npx --no parsercraft doctor',
    restart: {
      maxCrashes: config.get<number>('restart.maxCrashes') ?? 5,
      windowMs: (config.get<number>('restart.windowMinutes') ?? 3) * 60_000,
    },
    documentSelector: [{ language: 'pascal' }, ...extensions.map((ext) => ({ scheme: 'file', pattern: `**/*${ext}` }))],
  };
}
