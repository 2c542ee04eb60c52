/**
 * The import rules (.dependency-cruiser.mjs, run by `npm run lint`) against a small
 * workspace made to break each of them once, so a rule that stops matching fails here
 * rather than letting the real tree drift.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/import-rules/', import.meta.url));
const DEPCRUISE = fileURLToPath(
  new URL('../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url),
);

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

async function cruise(cwd: string, root: string): Promise<Violation[]> {
  const args = [DEPCRUISE, '--config', `${ROOT}.dependency-cruiser.mjs`, '--output-type', 'json', 'packages'];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd,
    env: { ...process.env, PARSERCRAFT_DEPCRUISE_ROOT: root },
    timeout: 60_000,
    maxBuffer: 64 * 2 ** 20,
  });
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the import rules', () => {
  it('fail an undeclared sideways import, a devDependency workspace in sources, a path into another package, an undeclared npm package, a devDependency in sources and cycles', async () => {
    const found = (await cruise(FIXTURE, FIXTURE))
      .map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^(\.\.\/)+node_modules\//, 'node_modules/')}`)
      .sort();
    expect(found).toEqual([
      'dev-dependency-in-sources: packages/app/src/index.ts -> node_modules/semver/index.js',
      'no-folder-cycles: packages/app/src/high -> packages/app/src/low',
      'no-folder-cycles: packages/app/src/low -> packages/app/src/high',
      'no-runtime-cycles: packages/app/src/high/high.ts -> packages/app/src/low/low.ts',
      // app's sources may not use leaf, a devDependency; its test may (and base, a dependency,
      // is allowed to both). None of them by a path, though.
      'package-graph: packages/app/src/index.ts -> packages/leaf/src/index.ts',
      'package-graph: packages/leaf/src/index.ts -> packages/base/src/index.ts',
      'through-the-front-door: packages/app/src/index.ts -> packages/base/src/index.ts',
      'through-the-front-door: packages/app/src/index.ts -> packages/leaf/src/index.ts',
      'through-the-front-door: packages/app/test/app-helper.ts -> packages/leaf/src/index.ts',
      'through-the-front-door: packages/leaf/src/index.ts -> packages/base/src/index.ts',
      'undeclared-dependency: packages/leaf/src/index.ts -> node_modules/commander/typings/index.d.ts',
    ]);
  }, 60_000);

  it('refuse a package.json that declares a workspace of its own or a higher layer, before looking at any import', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'pc-import-rules-'));
    try {
      await cp(FIXTURE, copy, { recursive: true });
      const manifest = join(copy, 'packages/base/package.json');
      await writeFile(
        manifest,
        JSON.stringify({ name: '@fixture/base', version: '1.0.0', devDependencies: { '@fixture/app': '1.0.0' } }),
      );
      const failed = await cruise(copy, copy).then(
        () => undefined,
        (e: { stderr?: string }) => e.stderr ?? '',
      );
      expect(failed).toContain('The package graph breaks the layers');
      expect(failed).toContain('@fixture/base declares @fixture/app, which is not in a lower layer');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
