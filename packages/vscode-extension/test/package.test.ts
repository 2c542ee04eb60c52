import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const VSCE = fileURLToPath(new URL('../../../node_modules/@vscode/vsce/vsce', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pc-vsix-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const vsce = async (...args: string[]): Promise<string> =>
  (await promisify(execFile)(process.execPath, [VSCE, ...args], { cwd: PACKAGE, timeout: 120_000 })).stdout;

describe('the .vsix', () => {
  // The bundles are built by `npm run build` (the root build runs build/bundle.mjs).
  it('holds the bundles, the bundled language with its licence, the runbook and the manifest, and nothing else', async () => {
    const files = (await vsce('ls', '--no-dependencies')).trim().split('\n').sort();
    expect(files).toEqual([
      'LICENSE', 'README.md', 'RUNBOOK.md', 'languages/LICENSE', 'languages/pascal.yaml',
      'out/analysis-worker.mjs', 'out/extension.cjs', 'out/server.mjs', 'out/server.mjs.LEGAL.txt', 'package.json',
    ]);
  });

  it('is packaged by @vscode/vsce 3 and stays under 1 MB', async () => {
    const out = join(work, 'parsercraft-vscode.vsix');
    await vsce('package', '--no-dependencies', '--allow-missing-repository', '--out', out);
    expect(statSync(out).size).toBeLessThan(1024 * 1024);
  });
});
