import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateC, type LanguageSpec } from '@parsercraft/language';
import type { Program } from './program-ast.js';
import { MARKER, printBatch, printProgram } from './print-pascal.js';
import type { ChildLimiter, ChildResult } from './run-child.js';

/** What happened to one program. Only `same` is a pass; `declined` and `invalid` are the generator's to avoid. */
export type Outcome =
  | { readonly kind: 'same'; readonly output: string }
  | { readonly kind: 'differs'; readonly fpc: string; readonly ours: string }
  | { readonly kind: 'cc-rejects'; readonly log: string; readonly c: string }
  | { readonly kind: 'ours-fails'; readonly log: string; readonly fpc: string }
  /** generateC gave no code with a codegen-unsupported finding: the construct must not be generated. */
  | { readonly kind: 'declined'; readonly message: string }
  /** Analysis errors, or fpc rejects it or fails running it: the program generator is wrong. */
  | { readonly kind: 'invalid'; readonly log: string };

export const FPC_FLAGS = ['-Mdelphi'];
export const CC_FLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror'];
/** A batch's flags: the same warnings, reported as warnings (each one still fails the program it is in). */
const BATCH_CC_FLAGS = CC_FLAGS.filter((f) => f !== '-Werror');
const COMPILE_MS = 120_000;
const RUN_MS = 20_000;

/** Builds and runs programs, many at once as one batch, and says for each what happened. */
export class BatchEvaluator {
  private nextDir = 0;

  constructor(
    private readonly spec: LanguageSpec,
    private readonly children: ChildLimiter,
    private readonly work: string,
  ) {}

  /** Each program's outcome, from one build of the batch; where it fails, the programs to blame are found and the rest built again. */
  async evaluate(programs: readonly Program[]): Promise<Outcome[]> {
    if (programs.length === 0) return [];
    const [only] = programs;
    if (programs.length === 1 && only) return [await this.alone(only)];
    const pascal = printBatch(programs, 'fpc');
    const ours = printBatch(programs, 'parsercraft');
    const { code, diagnostics } = generateC(this.spec, ours.text);
    if (code === undefined) {
      const lines = diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.start.line + 1);
      return this.without(programs, blameLines(lines, ours.starts, programs.length));
    }
    const dir = join(this.work, `b${this.nextDir++}`);
    writeFileSync(`${dir}.pas`, pascal.text);
    writeFileSync(`${dir}.c`, code);
    // Warnings, not errors: cc then reports every one (once an error is seen it skips its
    // later checks) and still links, so the programs no warning names run from this build.
    const [fpcBuild, ccBuild] = await this.build(dir, BATCH_CC_FLAGS);
    if (!fpcBuild.ok) {
      const lines = [...fpcBuild.log.matchAll(/\.pas\((\d+),\d+\) (?:Error|Fatal)/g)].map((m) => Number(m[1]));
      return this.without(programs, blameLines(lines, pascal.starts, programs.length));
    }
    const blamed = blameC(ccBuild.log, code, programs.length);
    if (!ccBuild.ok) return this.without(programs, new Set(blamed.keys()));
    const rejected = (k: number): Outcome | undefined => {
      const messages = blamed.get(k);
      return messages && { kind: 'cc-rejects', log: messages.join('\n'), c: code };
    };
    const [fpcRun, ourRun] = await this.runBoth(dir);
    const expected = segments(fpcRun.stdout, programs.length);
    const actual = segments(ourRun.stdout, programs.length);
    if (!fpcRun.ok || !ourRun.ok) {
      // The program running when either stopped is to blame; those after it did not run.
      const last = (out: string): number => Math.max(-1, ...[...out.matchAll(MARKER)].map((m) => Number(m[1])));
      const stopped = Math.min(...[fpcRun, ourRun].filter((r) => !r.ok).map((r) => last(r.stdout)));
      return this.without(programs, new Set(stopped >= 0 ? [stopped] : []));
    }
    return programs.map((_, k) => rejected(k) ?? compare(expected[k] ?? '', actual[k] ?? ''));
  }

  /** Outcomes where the programs in `blamed` are evaluated alone and the others again as a batch; halves when none is blamed. */
  private async without(programs: readonly Program[], blamed: ReadonlySet<number>): Promise<Outcome[]> {
    const groups: number[][] =
      blamed.size === 0
        ? [
            programs.map((_, k) => k).slice(0, Math.ceil(programs.length / 2)),
            programs.map((_, k) => k).slice(Math.ceil(programs.length / 2)),
          ]
        : [...[...blamed].map((k) => [k]), programs.map((_, k) => k).filter((k) => !blamed.has(k))];
    const out = new Array<Outcome>(programs.length);
    await Promise.all(
      groups.map(async (group) => {
        const results = await this.evaluate(group.map((k) => programs[k] as Program));
        group.forEach((k, i) => (out[k] = results[i] as Outcome));
      }),
    );
    return out;
  }

  private build(dir: string, ccFlags: readonly string[] = CC_FLAGS): Promise<[ChildResult, ChildResult]> {
    return Promise.all([
      this.children.run('fpc', [...FPC_FLAGS, '-ve', `-o${dir}-fpc`, `${dir}.pas`], COMPILE_MS, this.work),
      this.children.run('cc', [...ccFlags, '-o', `${dir}-c`, `${dir}.c`, '-lm'], COMPILE_MS, this.work),
    ]);
  }

  private runBoth(dir: string): Promise<[ChildResult, ChildResult]> {
    return Promise.all([this.children.run(`${dir}-fpc`, [], RUN_MS), this.children.run(`${dir}-c`, [], RUN_MS)]);
  }

  /** One program, as a program of its own (as it is shown when it fails). */
  private async alone(program: Program): Promise<Outcome> {
    const { code, diagnostics } = generateC(this.spec, printProgram(program, 'parsercraft'));
    if (code === undefined) {
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const [declined] = errors;
      return declined?.code === 'codegen-unsupported' && errors.length === 1
        ? { kind: 'declined', message: declined.message }
        : { kind: 'invalid', log: errors.map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`).join('\n') };
    }
    const dir = join(this.work, `b${this.nextDir++}`);
    writeFileSync(`${dir}.pas`, printProgram(program, 'fpc'));
    writeFileSync(`${dir}.c`, code);
    const [fpcBuild, ccBuild] = await this.build(dir);
    if (!fpcBuild.ok) return { kind: 'invalid', log: `fpc: ${fpcBuild.log}` };
    if (!ccBuild.ok) return { kind: 'cc-rejects', log: ccBuild.log, c: code };
    const [fpcRun, ourRun] = await this.runBoth(dir);
    if (!fpcRun.ok) return { kind: 'invalid', log: `fpc's program: ${fpcRun.log}` };
    if (!ourRun.ok) return { kind: 'ours-fails', log: ourRun.log, fpc: fpcRun.stdout };
    return compare(fpcRun.stdout, ourRun.stdout);
  }
}

/** The programs whose lines of a batch the messages name (a line in the final main block names none). */
function blameLines(lines: readonly number[], starts: readonly number[], count: number): Set<number> {
  const blamed = new Set<number>();
  for (const line of lines) {
    const k = starts.findLastIndex((start) => start <= line);
    if (k >= 0 && k < count) blamed.add(k);
  }
  return blamed;
}

/** cc's errors by the program they are about: the `q<k>_` name nearest above each line an error names. */
function blameC(log: string, code: string, count: number): Map<number, string[]> {
  const lines = code.split('\n');
  const blamed = new Map<number, string[]>();
  for (const m of log.matchAll(/\.c:(\d+):\d+: (?:error|warning): .*/g)) {
    for (let i = Number(m[1]) - 1; i >= 0; i--) {
      const owner = /\bq(\d+)_/.exec(lines[i] ?? '');
      if (owner && Number(owner[1]) < count) {
        const k = Number(owner[1]);
        blamed.set(k, [...(blamed.get(k) ?? []), m[0]]);
        break;
      }
    }
  }
  return blamed;
}

/** What kind of error cc reports: its warning options (`-Werror=unused-function`), else its first message without names. */
export function ccSignature(log: string): string {
  const tags = [...new Set([...log.matchAll(/\[-W(?:error=)?([^\]]+)\]/g)].map((m) => m[1]))].sort();
  if (tags.length) return tags.join(', ');
  return (/error: (.*)/.exec(log)?.[1] ?? 'no message').replace(/[‘'"][^’'"]*[’'"]/g, 'X').slice(0, 120);
}

function compare(fpc: string, ours: string): Outcome {
  return fpc === ours ? { kind: 'same', output: fpc } : { kind: 'differs', fpc, ours };
}

/** A batch's output cut at its markers: program k's output is what follows marker k. */
function segments(output: string, count: number): string[] {
  const out: string[] = Array.from({ length: count }, () => '');
  let last: { k: number; end: number } | undefined;
  for (const m of output.matchAll(MARKER)) {
    if (last) out[last.k] = output.slice(last.end, m.index);
    last = { k: Number(m[1]), end: m.index + m[0].length };
  }
  if (last) out[last.k] = output.slice(last.end);
  return out;
}
