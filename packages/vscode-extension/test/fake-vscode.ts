/**
 * The few `vscode` APIs the status view touches, recording what was set, so unit tests can
 * read what a user would see. Anything else is deliberately missing: a test that reaches it
 * fails loudly instead of passing on a guess.
 */
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum LanguageStatusSeverity {
  Information = 0,
  Warning = 1,
  Error = 2,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  isTrusted: boolean | { enabledCommands: readonly string[] } = false;
  constructor(
    readonly value: string,
    readonly supportThemeIcons = false,
  ) {}
}

export interface FakeStatusBarItem {
  id: string;
  text: string;
  name?: string;
  tooltip?: MarkdownString;
  command?: string;
  backgroundColor?: ThemeColor;
  accessibilityInformation?: { label: string; role?: string };
  visible: boolean;
  disposed: boolean;
  show(): void;
  dispose(): void;
}

export interface FakeLanguageStatusItem {
  id: string;
  selector: unknown;
  text: string;
  name?: string;
  detail?: string;
  busy: boolean;
  severity: LanguageStatusSeverity;
  command?: { title: string; command: string };
  disposed: boolean;
  dispose(): void;
}

export const created = {
  statusBarItems: [] as FakeStatusBarItem[],
  languageStatusItems: [] as FakeLanguageStatusItem[],
};

export const window = {
  createStatusBarItem(id: string): FakeStatusBarItem {
    const item: FakeStatusBarItem = {
      id,
      text: '',
      visible: false,
      disposed: false,
      show() {
        item.visible = true;
      },
      dispose() {
        item.disposed = true;
      },
    };
    created.statusBarItems.push(item);
    return item;
  },
};

export const languages = {
  createLanguageStatusItem(id: string, selector: unknown): FakeLanguageStatusItem {
    const item: FakeLanguageStatusItem = {
      id,
      selector,
      text: '',
      busy: false,
      severity: LanguageStatusSeverity.Information,
      disposed: false,
      dispose() {
        item.disposed = true;
      },
    };
    created.languageStatusItems.push(item);
    return item;
  },
};
