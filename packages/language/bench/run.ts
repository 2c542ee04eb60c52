/**
 * Language benchmarks: `npm run bench -w @parsercraft/language`.
 *
 * On a generated 10,000-line Pascal-like program (the repository's bench/pascal-program.ts) with
 * pascal_like.yaml: a full analyze(), Lezer's parse alone (the floor under it), and
 * analyze() after a one-line edit given the previous analysis (what an editor does on each
 * change); analyze() of a 100-statement program; the heap the 10,000-line analysis keeps;
 * generateC() of that program, with its analysis given and from text; and checkProtocols()
 * over 200 protocols and 1,000 records (bench/protocol-program.ts); analyze() of one
 * assignment of a 100,000-term expression (a tree 100,000 deep, issue #18).
 * Each round measures the cases back to back (the parse and the full analysis alternated,
 * three of each) and figures are medians over rounds of per-round values, so a ratio compares measurements taken together. Measures the built
 * package (dist), which is what users run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { do_not_optimize, measure } from 'mitata';
import { analyze, checkProtocols, generateC, loadLanguageConfig, type Analysis } from '@parsercraft/language';
import { baseParserFor } from '../dist/syntax/base/base-parser.js';
import { pascalProgram, pascalStatements } from '../../../bench/pascal-program.js';
import { protocolProgram } from './protocol-program.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const LINES = 10_000;

// Exposes gc() without a command-line flag, so the heap figure is of live objects only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const config = fileURLToPath(new URL('../../../test/fixtures/parsercraft/configs/pascal_like.yaml', import.meta.url));
const { spec } = await loadLanguageConfig(config);
const big = pascalProgram(LINES);
const MID_LINES = 4_000;
const mid = pascalProgram(MID_LINES);
const small = pascalStatements(100);
const parser = baseParserFor(spec).parser;

const check = analyze(spec, big);
if (check.diagnostics.length > 0)
  throw new Error(`the generated program should be clean: ${check.diagnostics[0]?.message}`);
if (generateC(spec, big, { analysis: check }).code === undefined)
  throw new Error('the generated program should translate to C');

const PROTOCOLS = 200;
const RECORDS = 1000;
const protocolSpec = (
  await loadLanguageConfig(fileURLToPath(new URL('../test/fixtures/protocols/shapes_en.yaml', import.meta.url)))
).spec;
const protocolText = protocolProgram(PROTOCOLS, RECORDS);
const protocolAnalysis = analyze(protocolSpec, protocolText);
if (protocolAnalysis.diagnostics.length > 0 || checkProtocols(protocolSpec, protocolAnalysis).length > 0)
  throw new Error('the protocol program should be clean');
if (analyze(spec, small).diagnostics.length > 0) throw new Error('the 100-statement program should be clean');

const TERMS = 100_000;
const longExpression = `PROGRAM Long;\nVAR x, y: INTEGER;\nBEGIN\n  y := 1;\n  x := ${Array.from({ length: TERMS }, (_, i) => (i % 3 === 0 ? 'y' : String(i % 97))).join(' + ')};\n  WriteLn(x)\nEND.\n`;
if (analyze(spec, longExpression).diagnostics.length > 0) throw new Error('the long expression should be clean');

const time = (fn: () => unknown): number => {
  const start = performance.now();
  do_not_optimize(fn());
  return performance.now() - start;
};

/** The live heap an analysis keeps, after full collections on both sides. */
function heapOf(make: () => Analysis): number {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  do_not_optimize(kept);
  return (after - before) / 2 ** 20;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
/**
 * Typing in an editor: a chain of one-line edits spread over the file (a quarter, half and
 * three quarters down, and in the main block at the end), each analysed against the analysis
 * before it.
 */
function editChain(round: number, program = big, brokenAtTop = false): number[] {
  const lines = program.split('\n');
  // A persistent mistake near the top (a value deleted), as a file being written has: every
  // keystroke below it re-analyses a text with an error (error-repair.ts, RepairMemo).
  if (brokenAtTop) {
    const first = lines.findIndex((l) => /:= .+;$/.test(l));
    lines[first] = (lines[first] as string).replace(/:= .+;$/, ':= ;');
  }
  const spots = [0.25, 0.5, 0.75]
    .map((f) => lines.findIndex((l, i) => i >= f * lines.length && l.includes(':=')))
    .concat(lines.indexOf('  total := 0;'));
  let previous = analyze(spec, lines.join('\n'));
  const times: number[] = [];
  for (const spot of spots) {
    lines[spot] = (lines[spot] as string).replace(/;$/, ` + ${round + 1};`);
    const text = lines.join('\n');
    const base = previous;
    times.push(time(() => (previous = analyze(spec, text, { previous: base }))));
    if (previous.diagnostics.length !== (brokenAtTop ? 1 : 0))
      throw new Error(`an edit broke the program: ${previous.diagnostics.map((d) => d.message).join('; ')}`);
  }
  return times;
}

interface Round {
  parse: number;
  full: number;
  edit: number;
  editMid: number;
  editMidWithError: number;
  small: number;
  heap: number;
  protocols: number;
  codegen: number;
  codegenFromText: number;
  longExpression: number;
}
/** Median of five back-to-back runs of `fn`. */
const median5 = (fn: () => unknown): number => median(Array.from({ length: 5 }, () => time(fn)));
const rounds: Round[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternated, three of each: a single sample of either pays whatever collection is due.
  const parses: number[] = [];
  const fulls: number[] = [];
  for (let i = 0; i < 3; i++) {
    parses.push(time(() => parser.parse(big)));
    fulls.push(time(() => analyze(spec, big)));
  }
  const parse = median(parses);
  const full = median(fulls);
  const edit = median(editChain(round));
  const editMid = median(editChain(round, mid));
  const editMidWithError = median(editChain(round, mid, true));
  const stats = await measure(() => analyze(spec, small), { min_cpu_time: 300 * 1e6 });
  rounds.push({
    parse,
    full,
    edit,
    editMid,
    editMidWithError,
    small: stats.p50 / 1e6,
    heap: heapOf(() => analyze(spec, big)),
    protocols: median5(() => checkProtocols(protocolSpec, protocolAnalysis)),
    codegen: median5(() => generateC(spec, big, { analysis: check })),
    codegenFromText: median(Array.from({ length: 3 }, () => time(() => generateC(spec, big)))),
    longExpression: median(Array.from({ length: 3 }, () => time(() => analyze(spec, longExpression)))),
  });
}

const of = (pick: (r: Round) => number): number => median(rounds.map(pick));
const ms = (value: number): string => (value >= 10 ? value.toFixed(0) : value.toFixed(2));

console.log(
  `@parsercraft/language benchmarks: Node ${process.version}, ${ROUNDS} rounds, ${LINES} lines / ${(big.length / 1024).toFixed(0)} KiB; medians over rounds\n`,
);
console.log('| case | ms | ratio to Lezer parse in the same round |');
console.log('|---|---:|---:|');
console.log(`| Lezer parse alone, ${LINES} lines (median of 3) | ${ms(of((r) => r.parse))} | 1.00x |`);
console.log(
  `| analyze(), ${LINES} lines (median of 3) | ${ms(of((r) => r.full))} | ${of((r) => r.full / r.parse).toFixed(2)}x |`,
);
console.log(
  `| analyze() after a one-line edit, previous analysis given (median of a chain of 4) | ${ms(of((r) => r.edit))} | ${of((r) => r.edit / r.parse).toFixed(2)}x |`,
);
console.log(`| analyze(), 100 statements | ${ms(of((r) => r.small))} | |`);
console.log(`\nHeap kept by the ${LINES}-line analysis: ${of((r) => r.heap).toFixed(1)} MB`);
console.log(
  `\n| ${MID_LINES} lines (under the 100 KB up to which syntax errors are repaired) | ms | ratio |\n|---|---:|---:|`,
);
console.log(`| analyze() after a one-line edit, previous analysis given | ${ms(of((r) => r.editMid))} | 1.00x |`);
console.log(
  `| the same edits with a syntax error near the top, its repair reapplied (RepairMemo) | ${ms(of((r) => r.editMidWithError))} | ${of((r) => r.editMidWithError / r.editMid).toFixed(2)}x |`,
);
console.log(`\n| case | ms |\n|---|---:|`);
console.log(
  `| checkProtocols(), ${PROTOCOLS} protocols and ${RECORDS} records (${protocolText.split('\n').length} lines), analysis given (median of 5) | ${ms(of((r) => r.protocols))} |`,
);
console.log(`| generateC(), ${LINES} lines, the editor's analysis given (median of 5) | ${ms(of((r) => r.codegen))} |`);
console.log(
  `| generateC(), ${LINES} lines, from text: analysis included (median of 3) | ${ms(of((r) => r.codegenFromText))} |`,
);

console.log(
  `| analyze(), one expression of ${TERMS.toLocaleString('en')} terms, a tree as deep (median of 3) | ${ms(of((r) => r.longExpression))} |`,
);

// The C of the 10,000-line program must build under the flags the contract names.
{
  const dir = mkdtempSync(join(tmpdir(), 'pc-bench-c-'));
  const source = join(dir, 'big.c');
  writeFileSync(source, generateC(spec, big, { analysis: check }).code ?? '');
  const started = performance.now();
  const cc = spawnSync('cc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-o', join(dir, 'big'), source, '-lm'], {
    encoding: 'utf8',
  });
  const errors = (cc.stderr.match(/error:/g) ?? []).length;
  console.log(
    `\ncc -std=c99 -Wall -Wextra -Werror of the ${LINES}-line program's C: ${cc.status === 0 ? 'compiles clean' : `FAILED (${errors} errors)`} in ${ms(performance.now() - started)} ms`,
  );
  rmSync(dir, { recursive: true, force: true });
}

const targets: Array<[string, number, number, string]> = [
  [`analyze(), ${LINES} lines`, of((r) => r.full), 100, 'ms'],
  [`analyze() after a one-line edit, ${LINES} lines`, of((r) => r.edit), 100, 'ms'],
  ['analyze(), 100 statements', of((r) => r.small), 1, 'ms'],
  [`heap growth, ${LINES}-line analysis`, of((r) => r.heap), 50, 'MB'],
  [`checkProtocols(), ${PROTOCOLS} protocols / ${RECORDS} records`, of((r) => r.protocols), 20, 'ms'],
  [`generateC(), ${LINES} lines, analysis given`, of((r) => r.codegen), 50, 'ms'],
  [`analyze(), one expression of ${TERMS.toLocaleString('en')} terms`, of((r) => r.longExpression), 2000, 'ms'],
];
console.log('\n| target | measured | limit | |');
console.log('|---|---:|---:|---|');
for (const [name, value, limit, unit] of targets)
  console.log(`| ${name} | ${ms(value)} ${unit} | ${limit} ${unit} | ${value <= limit ? 'met' : 'MISSED'} |`);

// The recovery share (issue #19): single mutations of valid programs in five configs that
// analyze() answers with exactly one finding at the right line (test/recovery-corpus.ts).
const { CORPUS_PROGRAMS } = await import('../test/recovery-programs.js');
const { formatRecoveryReport, measureRecovery, recoveryMutations } = await import('../test/recovery-corpus.js');
const corpusSpecs = new Map<string, typeof spec>();
for (const p of CORPUS_PROGRAMS)
  corpusSpecs.set(
    p.config,
    (
      await loadLanguageConfig(
        fileURLToPath(new URL(`../../../test/fixtures/parsercraft/configs/${p.config}`, import.meta.url)),
      )
    ).spec,
  );
const recovery = measureRecovery(corpusSpecs, recoveryMutations(corpusSpecs));
console.log(`\n${formatRecoveryReport(recovery)} (target >= 90%: ${recovery.share >= 0.9 ? 'met' : 'MISSED'})`);

// The differential test against Free Pascal (test/codegen-differential.test.ts), a smaller run.
const { runDifferential } = await import('../test/differential/run-differential.js');
const differential = await runDifferential({ programs: 200, seed: 20261202, shrinkLimit: 0 });
console.log(
  `\nGenerated programs built by Free Pascal and by generateC + cc: ${differential.programs}, printing the same: ${differential.passed} (${differential.seconds.toFixed(1)} s)`,
);
