import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  CompletionItem,
  CompletionList,
  Hover,
  MarkupContent,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { removeWorkspaces, workspace } from './workspace.js';

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL('fixtures/neovim/drive.lua', import.meta.url));
const BIN = fileURLToPath(new URL('../dist/bin/parsercraft-lsp.js', import.meta.url));
const SAMPLE = fileURLToPath(
  new URL('../../../test/fixtures/parsercraft/programs/pascal/fibonacci.pas', import.meta.url),
);

afterAll(() => removeWorkspaces());

/** Neovim 0.7.2 (Debian's package; .ci/run installs it) as a real LSP client, headless. */
describe('Neovim as the client', () => {
  it('gets diagnostics for an injected error, completion, hover and serverStatus, and sees the server exit with 0', async () => {
    const root = workspace();
    const file = join(root, 'fibonacci.pas');
    // ParserCraft's own sample, with an injected error: a misspelt variable in the loop.
    const text = readFileSync(SAMPLE, 'utf8').replace('    temp := a + b;', '    temp := a + bb;');
    writeFileSync(file, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('temp := a + bb;'));
    const out = join(root, 'nvim-out.txt');
    // An outer timeout as well as the script's own bounded waits: a stuck editor fails the test instead of hanging it.
    await run('timeout', ['90', 'nvim', '--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${DRIVER}`], {
      env: {
        ...process.env,
        NODE: process.execPath,
        SERVER_BIN: BIN,
        ROOT: root,
        FILE: file,
        OUT: out,
        LINE: String(line),
        COMPLETION_CHAR: String(lines[line]?.indexOf('a + bb') ?? 0),
        HOVER_CHAR: String((lines[line]?.indexOf('temp') ?? 0) + 1),
      },
      timeout: 100_000,
    });
    const results = new Map(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const tab = l.indexOf('\t');
          return [l.slice(0, tab), JSON.parse(l.slice(tab + 1)) as unknown] as const;
        }),
    );

    const diagnostics = results.get('diagnostics') as PublishDiagnosticsParams;
    expect(diagnostics.diagnostics).toEqual([
      expect.objectContaining({
        code: 'undefined-name',
        message: "'bb' is not declared.",
        range: { start: { line, character: 16 }, end: { line, character: 18 } },
      }),
    ]);

    const completion = (results.get('completion') as { result: CompletionItem[] | CompletionList }).result;
    const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['temp', 'a', 'b', 'n', 'WriteLn', 'WHILE']));

    const hover = (results.get('hover') as { result: Hover }).result;
    expect((hover.contents as MarkupContent).value).toContain('(variable) temp: INTEGER');

    const statuses = results.get('statuses') as { health: string }[];
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toMatchObject({ health: 'ok' });

    expect(results.get('exit')).toEqual({ code: 0, signal: 0 });
  }, 120_000);
});
