import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sample = (name: string): string => join(FIXTURES, 'programs', 'pascal', `${name}.pas`);
const BAD = 'PROGRAM P;\nVAR count: INTEGER;\nBEGIN\n  count := 1;\n  WriteLn(count);\n  WriteLn(cuont)\nEND.';

describe('parsercraft --version and --help', () => {
  it('print and exit 0', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: parsercraft \[options\] \[command\]/);
    for (const command of ['check', 'codegen', 'lsp']) expect(help.stdout).toContain(command);
  });
});

describe('parsercraft check', () => {
  it("ParserCraft's Pascal samples are clean with the bundled language, with no project at all: exit 0", async () => {
    const run = await runCli(['check', sample('hello'), sample('fibonacci'), sample('sort')], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '0 errors, 0 warnings in 3 files\n', stderr: '' });
  });

  it("the bundled language's parser tables ship with the command: an empty cache gets none built", async () => {
    const cache = join(dir, 'empty-cache');
    const run = await runCli(['check', sample('hello')], { cwd: dir, env: { PARSERCRAFT_CACHE: cache } });
    expect(run.code).toBe(0);
    expect(existsSync(join(cache, 'parsers'))).toBe(false);
    // A config of the user's own is built once, and kept in the cache for the next run.
    const program = join(dir, 'square.py');
    writeFileSync(program, 'def square(n):\n    return n * n\nprint(square(3))\n');
    const python = ['check', '--config', join(FIXTURES, 'configs', 'python_like.yaml'), program];
    expect((await runCli(python, { cwd: dir, env: { PARSERCRAFT_CACHE: cache } })).code).toBe(0);
    const [entry] = readdirSync(join(cache, 'parsers'));
    expect(entry).toMatch(/^[0-9a-f]{40}\.json$/);
    const built = statSync(join(cache, 'parsers', entry ?? '')).mtimeMs;
    expect((await runCli(python, { cwd: dir, env: { PARSERCRAFT_CACHE: cache } })).code).toBe(0);
    expect(readdirSync(join(cache, 'parsers'))).toEqual([entry]);
    expect(statSync(join(cache, 'parsers', entry ?? '')).mtimeMs).toBe(built);
  });

  it('an error: compiler-style lines and exit 1; JSON with counts; GitHub annotations with escaped properties', async () => {
    const file = join(dir, 'a,b.pas');
    writeFileSync(file, BAD);
    const text = await runCli(['check', file], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(
      `${file}:6:11: error undefined-name: 'cuont' is not declared.\n1 error, 0 warnings in 1 file\n`,
    );
    const json = await runCli(['check', file, '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      errors: 1,
      warnings: 0,
      files: [{ file, diagnostics: [{ code: 'undefined-name', fixes: [{ title: "Change to 'count'" }] }] }],
    });
    const github = await runCli(['check', file, '--format', 'github'], { cwd: dir });
    expect(github.stdout).toBe(
      `::error file=${file.replace(',', '%2C')},line=6,col=11,endLine=6,endColumn=16,title=undefined-name::'cuont' is not declared.\n`,
    );
  });

  it('colour only when asked: FORCE_COLOR paints, NO_COLOR wins, and a pipe gets plain text', async () => {
    const file = join(dir, 'bad.pas');
    writeFileSync(file, BAD);
    expect((await runCli(['check', file], { cwd: dir })).stdout).not.toContain('\u001b[');
    expect((await runCli(['check', file], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toContain(
      '\u001b[31merror\u001b[39m',
    );
    expect(
      (await runCli(['check', file], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout,
    ).not.toContain('\u001b[');
  });

  it('a file that cannot be checked is one classified line and exit 2; --verbose and --debug say more', async () => {
    const missing = await runCli(['check', join(dir, 'missing.pas')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error PC_FS_NOT_FOUND .*missing\.pas.* \(parsercraft explain PC_FS_NOT_FOUND, or see file:\/\/\S+\/packages\/cli\/RUNBOOK\.md#pc_fs_not_found\)\n$/,
    );
    const unknown = await runCli(['check', join(dir, 'notes.txt')], { cwd: dir });
    expect(unknown.stderr).toMatch(/^error PC_CLI_NO_LANGUAGE No language config applies to .*notes\.txt/);
    const brokenConfig = join(dir, 'broken.yaml');
    writeFileSync(brokenConfig, 'name: [unclosed');
    const broken = await runCli(['check', sample('hello'), '--config', brokenConfig], { cwd: dir });
    expect(broken).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^error PC_YAML_SYNTAX The language config of .*hello\.pas has errors: .*broken\.yaml:1:/,
      ) as string,
    });
    const verbose = await runCli(['check', join(dir, 'missing.pas'), '--verbose'], { cwd: dir });
    expect(verbose.stderr).toMatch(/\n {2}caused by Error \(ENOENT\): ENOENT: no such file or directory/);
    expect(verbose.stderr).not.toMatch(/ {4}at /);
    const debug = await runCli(['check', join(dir, 'missing.pas'), '--debug'], { cwd: dir });
    expect(debug.stderr).toMatch(/\n {4}at /);
    expect(missing.stderr).not.toMatch(/caused by| {4}at /);
    const usage = await runCli(['check', '--format', 'xml', sample('hello')], { cwd: dir });
    expect(usage).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^error PC_CLI_USAGE option '--format <format>' argument 'xml' is invalid/,
      ) as string,
    });
  });
});

describe('parsercraft codegen', () => {
  it.each(['hello', 'fibonacci', 'sort'])(
    '%s.pas: C that a real cc compiles and that prints what Free Pascal prints',
    async (name) => {
      const out = join(dir, `${name}.c`);
      expect(await runCli(['codegen', sample(name), '--target', 'c', '-o', out], { cwd: dir })).toMatchObject({
        code: 0,
        stdout: '',
        stderr: '',
      });
      execFileSync('cc', ['-std=c99', '-Wall', '-Werror', '-o', join(dir, name), out, '-lm']);
      expect(execFileSync(join(dir, name), { encoding: 'utf8' })).toBe(
        readFileSync(join(FIXTURES, 'programs', 'pascal', `${name}.expected`), 'utf8'),
      );
    },
  );

  it('to stdout without -o; a program with an error gets its findings on stderr, exit 1, and no file', async () => {
    expect((await runCli(['codegen', sample('hello'), '--target', 'c'], { cwd: dir })).stdout).toContain('int main');
    const file = join(dir, 'bad-codegen.pas');
    writeFileSync(file, BAD);
    const out = join(dir, 'bad-codegen.c');
    const run = await runCli(['codegen', file, '--target', 'c', '-o', out], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain("error undefined-name: 'cuont' is not declared.");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.pc-tmp-'))).toEqual([]);
  });
});
