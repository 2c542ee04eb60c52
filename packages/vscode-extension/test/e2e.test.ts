/**
 * End to end in real VS Code: code-server 4.100.3 driven through Debian's Chromium by
 * playwright-core. The .vsix is packaged and installed as a user would, a workspace with a
 * Pascal sample holding one error is opened, and the suite reads what the user sees: the
 * status bar, the Problems count, the notifications. Screenshots of each state go to
 * `.tmp/e2e-screenshots/` (the README's come from there).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, languageServerPids, missingTools, startCodeServer, type CodeServer } from './e2e/code-server.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const VSCE = fileURLToPath(new URL('../../../node_modules/@vscode/vsce/vsce', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../../.tmp/e2e-screenshots/', import.meta.url));
const SAMPLE = 'PROGRAM Fib;\nVAR i: INTEGER;\nBEGIN\n  i := 1;\n  WriteLn(undeclared)\nEND.\n';
const STATUS = '[id="parsercraft.parsercraft-vscode.parsercraft.status"]';

const work = mkdtempSync(join(tmpdir(), 'pc-e2e-'));
const workspace = join(work, 'workspace');
let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  const missing = missingTools();
  if (missing.length > 0) throw new Error(`The end-to-end suite needs ${missing.join(' and ')}.`);
  mkdirSync(workspace);
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(workspace, 'sample.pas'), SAMPLE);
  const vsix = join(work, 'parsercraft-vscode.vsix');
  await promisify(execFile)(
    process.execPath,
    [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix],
    { cwd: PACKAGE, timeout: 120_000 },
  );
  server = await startCodeServer(join(work, 'code-server'), vsix, {
    'parsercraft.restart.maxCrashes': 3,
    'parsercraft.restart.windowMinutes': 10,
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.statusbar', { timeout: 60_000 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The status bar item's state, from its accessibility label ('healthy', 'restarting', ...). */
async function status(): Promise<string | undefined> {
  const label = await page
    .locator(STATUS)
    .getAttribute('aria-label', { timeout: 1_000 })
    .catch(() => null);
  return label?.replace(/^ParserCraft language server: /, '');
}

/** Polls until the status is `want`; returns every distinct state seen on the way. */
async function waitForStatus(want: string, timeoutMs = 30_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const now = await status();
    if (now !== undefined && seen.at(-1) !== now) seen.push(now);
    if (now === want) return seen;
    await page.waitForTimeout(50);
  }
  throw new Error(`status never became '${want}'; seen: ${seen.join(' -> ') || 'nothing'}`);
}

async function killServer(): Promise<void> {
  const pids = await languageServerPids(server?.extensionsDir ?? '');
  expect(pids).toHaveLength(1);
  process.kill(pids[0] ?? 0, 'SIGKILL');
}

/** Hovers the status bar item; returns its tooltip's text once shown. */
async function showTooltip(): Promise<string> {
  await page.mouse.move(640, 300);
  await page.locator(STATUS).hover();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Show Logs' }).first();
  await hover.waitFor({ state: 'visible', timeout: 10_000 });
  return hover.innerText();
}

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`) });

describe('the extension in code-server', () => {
  it('opening a Pascal sample with one error: the status bar says healthy and Problems counts the error', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.pas' }).click();
    await waitForStatus('healthy', 60_000);
    await expect
      .poll(() => page.locator('[id="status.problems"]').getAttribute('aria-label'), { timeout: 30_000 })
      .toBe('Errors: 1');
    expect(await page.locator(STATUS).innerText()).toContain('ParserCraft');
    await showTooltip();
    await shot('healthy');
    await page.mouse.move(640, 300);
  });

  it('a server killed with SIGKILL: the status says restarting, never a stale healthy, then healthy again', async () => {
    await killServer();
    // The first change the user sees is to restarting: the old health is dropped, not kept.
    const before = await waitForStatus('restarting', 10_000);
    expect(before.filter((s) => s !== 'healthy')).toEqual(['restarting']);
    const after = await waitForStatus('healthy');
    expect(after).not.toContain('stopped');
    await expect
      .poll(() => page.locator('[id="status.problems"]').getAttribute('aria-label'), { timeout: 30_000 })
      .toBe('Errors: 1');
  });

  it('crashing again and again: stopped with one notification, and a click on the status restarts it (degraded: its registry is down)', async () => {
    // The second crash of three in the window: a restart after 2 s.
    await killServer();
    await waitForStatus('restarting', 5_000);
    await shot('restarting');
    await waitForStatus('healthy');
    // The third: no more restarts.
    await killServer();
    await waitForStatus('stopped');
    const toasts = page.locator('.notifications-toasts .notification-toast', { hasText: 'crashed 3 times' });
    await expect.poll(() => toasts.count(), { timeout: 10_000 }).toBe(1);
    expect(await languageServerPids(server?.extensionsDir ?? '')).toEqual([]);
    await shot('stopped');

    // A project whose language package's registry is down: the restarted server works, degraded.
    writeFileSync(
      join(workspace, 'parsercraft.json'),
      JSON.stringify({
        dependencies: { '@acme/pascal-lang': '^1.0.0' },
        registries: { default: 'http://127.0.0.1:9' },
      }),
    );
    await page.locator(STATUS).click();
    await waitForStatus('degraded');
    // The crash loop's notification has been answered (by the click on the status): close it.
    await page
      .locator('.notifications-toasts .notification-toast .codicon-notifications-clear')
      .first()
      .click()
      .catch(() => undefined);
    const tooltip = await showTooltip();
    expect(tooltip).toContain('packages');
    expect(tooltip).toContain('PC_NET_REFUSED');
    await shot('degraded');
  });
});
