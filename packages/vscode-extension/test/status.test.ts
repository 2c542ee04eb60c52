import type { ServerStatus } from '@parsercraft/lsp-server/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { INITIAL_STATE, nextState, type ServerEvent, type ServerState } from '../src/status/server-state.js';
import { present } from '../src/status/status-presentation.js';
import { StatusView } from '../src/status/status-view.js';
import { created, LanguageStatusSeverity } from './fake-vscode.js';

const OK: ServerStatus = {
  health: 'ok',
  quiescent: true,
  message: 'ok',
  components: [{ name: 'analysis', status: 'ok' }],
};
const DEGRADED: ServerStatus = {
  health: 'warning',
  quiescent: true,
  message: 'analysis degraded',
  components: [
    {
      name: 'analysis',
      status: 'warning',
      reason: 'syntax-only after a timeout [see *docs*]',
      code: 'PC_SERVER_ANALYSIS_DEGRADED',
      runbook: 'RUNBOOK.md#pc_server_analysis_degraded',
    },
    { name: 'codegen', status: 'ok' },
  ],
};
const UNHEALTHY: ServerStatus = {
  health: 'error',
  quiescent: true,
  message: 'down',
  components: [{ name: 'analysis', status: 'error', reason: 'breaker open' }],
};

const run = (...events: ServerEvent[]): ServerState => events.reduce(nextState, INITIAL_STATE);

describe('server state', () => {
  it('a crash drops the last health at once, and a status that arrives after it cannot bring "healthy" back', () => {
    const healthy = run({ type: 'running' }, { type: 'status', status: OK });
    expect(present(healthy).text).toBe('$(check) ParserCraft');
    const crashed = nextState(healthy, {
      type: 'crashed',
      attempt: 1,
      delayMs: 1000,
      reason: 'the server process exited unexpectedly',
    });
    expect(crashed.kind).toBe('restarting');
    // The client reports Stopped after every crash, and a notification may still be in flight.
    const after = [{ type: 'clientStopped' }, { type: 'status', status: OK }] as const;
    expect(after.reduce<ServerState>(nextState, crashed)).toEqual(crashed);
    // Only the restarted client's Running, then the new server's report, make it healthy again.
    expect(
      run(
        { type: 'running' },
        { type: 'status', status: OK },
        { type: 'crashed', attempt: 1, delayMs: 1000, reason: 'x' },
        { type: 'starting' },
        { type: 'running' },
      ).kind,
    ).toBe('running');
    expect(
      present(
        run(
          { type: 'running' },
          { type: 'status', status: OK },
          { type: 'crashed', attempt: 1, delayMs: 1000, reason: 'x' },
          { type: 'running' },
        ),
      ).text,
    ).toBe('$(sync~spin) ParserCraft');
  });

  it('a crash loop and a failed start keep saying why when the client then reports Stopped', () => {
    const loop = run(
      { type: 'running' },
      { type: 'gaveUp', reason: 'crashed 5 times in 3 minutes' },
      { type: 'clientStopped' },
    );
    expect(loop).toEqual({ kind: 'stopped', reason: 'crashed 5 times in 3 minutes', crashLoop: true });
    const failed = run({ type: 'failed', message: 'bad config', code: 'PC_CONFIG_INVALID' }, { type: 'clientStopped' });
    expect(failed).toMatchObject({ kind: 'failed', code: 'PC_CONFIG_INVALID' });
    expect(run({ type: 'running' }, { type: 'clientStopped' })).toMatchObject({ kind: 'stopped', crashLoop: false });
  });
});

describe('what the status shows', () => {
  it('healthy, analysing, degraded and unhealthy, with the click action while running', () => {
    expect(present(run({ type: 'running' }, { type: 'status', status: OK }), 'showLogs')).toMatchObject({
      text: '$(check) ParserCraft',
      background: undefined,
      severity: 'information',
      busy: false,
      command: 'parsercraft.showLogs',
    });
    expect(present(run({ type: 'running' }, { type: 'status', status: { ...OK, quiescent: false } }))).toMatchObject({
      text: '$(sync~spin) ParserCraft',
      busy: true,
    });
    const degraded = present(run({ type: 'running' }, { type: 'status', status: DEGRADED }));
    expect(degraded).toMatchObject({
      text: '$(warning) ParserCraft',
      background: 'warning',
      severity: 'warning',
      command: 'parsercraft.showHealthReport',
    });
    expect(present(run({ type: 'running' }, { type: 'status', status: UNHEALTHY }))).toMatchObject({
      text: '$(error) ParserCraft',
      background: 'error',
      severity: 'error',
    });
  });

  it('a degraded tooltip lists each failing part with its reason (as text) and its code linked to the runbook, and the actions', () => {
    const { tooltip } = present(run({ type: 'running' }, { type: 'status', status: DEGRADED }));
    const lines = tooltip.split('\n');
    const analysis = lines.find((l) => l.includes('**analysis**')) ?? '';
    // Server text cannot inject markdown or links.
    expect(analysis).toContain('syntax\\-only after a timeout \\[see \\*docs\\*\\]');
    expect(analysis).toContain(
      `[PC_SERVER_ANALYSIS_DEGRADED](command:parsercraft.openRunbook?${encodeURIComponent('["PC_SERVER_ANALYSIS_DEGRADED"]')}`,
    );
    expect(tooltip).not.toContain('**codegen**');
    for (const command of ['showLogs', 'restartServer', 'runDoctor', 'showHealthReport'])
      expect(tooltip).toContain(`(command:parsercraft.${command})`);
  });

  it('restarting and stopped say what happens next, and a click restarts whatever the setting', () => {
    const restarting = present(
      run(
        { type: 'running' },
        { type: 'crashed', attempt: 2, delayMs: 2000, reason: 'the server process exited unexpectedly' },
      ),
      'showLogs',
    );
    expect(restarting).toMatchObject({
      text: '$(sync~spin) ParserCraft: restarting',
      background: 'warning',
      command: 'parsercraft.restartServer',
    });
    expect(restarting.tooltip).toContain('Restart 2 in 2 s.');
    const stopped = present(
      run({ type: 'gaveUp', reason: 'The language server crashed 5 times in 3 minutes.' }),
      'showLogs',
    );
    expect(stopped).toMatchObject({
      text: '$(debug-stop) ParserCraft: stopped',
      background: 'error',
      severity: 'error',
      command: 'parsercraft.restartServer',
    });
    expect(stopped.tooltip).toContain('Click to restart');
    const failed = present(run({ type: 'failed', message: 'no config', code: 'PC_FS_NOT_FOUND' }));
    expect(failed).toMatchObject({ text: '$(error) ParserCraft: failed to start', background: 'error' });
    expect(failed.tooltip).toContain('[PC_FS_NOT_FOUND](command:parsercraft.openRunbook');
  });
});

describe('StatusView', () => {
  beforeEach(() => {
    created.statusBarItems.length = 0;
    created.languageStatusItems.length = 0;
  });

  it('draws the state on a status bar item that is always shown and on a language status item', () => {
    const view = new StatusView([{ language: 'pascal' }], () => 'showHealthReport');
    const [bar] = created.statusBarItems;
    const [language] = created.languageStatusItems;
    expect(bar?.visible).toBe(true);
    view.render(run({ type: 'running' }, { type: 'status', status: DEGRADED }));
    expect(bar).toMatchObject({
      text: '$(warning) ParserCraft',
      command: 'parsercraft.showHealthReport',
      accessibilityInformation: { label: 'ParserCraft language server: degraded' },
    });
    expect(bar?.backgroundColor?.id).toBe('statusBarItem.warningBackground');
    expect(bar?.tooltip?.isTrusted).toEqual({
      enabledCommands: expect.arrayContaining(['parsercraft.openRunbook', 'parsercraft.restartServer']) as unknown,
    });
    expect(language).toMatchObject({
      text: '$(warning) ParserCraft',
      severity: LanguageStatusSeverity.Warning,
      busy: false,
    });

    view.render(run({ type: 'running' }, { type: 'status', status: OK }));
    expect(bar?.backgroundColor).toBeUndefined();
    view.render(run({ type: 'gaveUp', reason: 'crashed' }));
    expect(bar).toMatchObject({ text: '$(debug-stop) ParserCraft: stopped', command: 'parsercraft.restartServer' });
    expect(language?.severity).toBe(LanguageStatusSeverity.Error);
    view.dispose();
    expect(bar?.disposed && language?.disposed).toBe(true);
  });
});
