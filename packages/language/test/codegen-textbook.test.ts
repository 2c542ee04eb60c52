import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateC, type Diagnostic, type Range } from '@parsercraft/language';
import { spec } from './helpers.js';

/** Textbook programs with Free Pascal's output (see fixtures/codegen/textbook/README.md). */
const TEXTBOOK = fileURLToPath(new URL('./fixtures/codegen/textbook/', import.meta.url));

/** Codes that explain a refusal: the generator's own, or a syntax, name or type finding. */
const EXPLAINING_CODES = new Set([
  'codegen-unsupported',
  'syntax-error',
  'undefined-name',
  'duplicate-declaration',
  'type-mismatch',
  'wrong-argument-count',
]);

const names = readdirSync(TEXTBOOK)
  .filter((f) => f.endsWith('.pas'))
  .map((f) => f.slice(0, -4))
  .sort();

const work = mkdtempSync(join(tmpdir(), 'pc-textbook-'));
const declines = new Map<string, string>();
// Translated programs whose C has not (yet) compiled and printed the expected bytes.
const notMatching = new Set<string>();
let matching = 0;

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  // The lead reads this to choose what the C subset takes on next.
  const lines = [`textbook: ${names.length} programs, ${matching} translated and matching, ${declines.size} declined`];
  for (const [name, message] of declines) lines.push(`  ${name}: ${message}`);
  for (const name of notMatching) lines.push(`  ${name}: translated, but the C does not compile or prints otherwise`);
  console.log(lines.join('\n'));
});

function fixture(name: string, extension: string): string {
  return readFileSync(join(TEXTBOOK, `${name}${extension}`), 'utf8');
}

/** Compiles with the flags the C subset promises to satisfy, runs with `stdin`, returns stdout. */
function compileAndRun(name: string, code: string, stdin: string): string {
  const source = join(work, `${name}.c`);
  const binary = join(work, name);
  writeFileSync(source, code);
  try {
    execFileSync('cc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', binary, source, '-lm'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`the C for ${name}.pas does not compile:\n${stderr}`);
  }
  return execFileSync(binary, { input: stdin, encoding: 'utf8', timeout: 10_000 });
}

function isInside(text: string, range: Range): boolean {
  const lines = text.split('\n');
  const fits = (line: number, character: number): boolean =>
    line >= 0 && line < lines.length && character >= 0 && character <= (lines[line]?.length ?? -1);
  const { start, end } = range;
  const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
  return fits(start.line, start.character) && fits(end.line, end.character) && ordered;
}

function expectExplainedRefusal(text: string, errors: readonly Diagnostic[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(isInside(text, error.range), `range of '${error.message}'`).toBe(true);
    expect(error.message.trim()).not.toBe('');
  }
  expect(errors.some((e) => EXPLAINING_CODES.has(e.code))).toBe(true);
}

describe('textbook Pascal programs: C that compiles and prints what Free Pascal prints, or a located refusal', () => {
  it('there are at least 44 of them, each with its Free Pascal output', () => {
    expect(names.length).toBeGreaterThanOrEqual(44);
    for (const name of names) expect(existsSync(join(TEXTBOOK, `${name}.expected`)), name).toBe(true);
  });

  it.each(names)('textbook/%s.pas', async (name) => {
    const text = fixture(name, '.pas');
    const { code, diagnostics } = generateC(await spec('pascal_like.yaml'), text);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (code === undefined) {
      expectExplainedRefusal(text, errors);
      const first = errors[0];
      if (first)
        declines.set(name, `${first.range.start.line + 1}:${first.range.start.character + 1} ${first.message}`);
      return;
    }
    expect(errors).toEqual([]);
    notMatching.add(name);
    const stdin = existsSync(join(TEXTBOOK, `${name}.input`)) ? fixture(name, '.input') : '';
    expect(compileAndRun(name, code, stdin)).toBe(fixture(name, '.expected'));
    notMatching.delete(name);
    matching += 1;
  });
});
