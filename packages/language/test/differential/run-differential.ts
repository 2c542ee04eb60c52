import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLanguageConfig } from '@parsercraft/language';
import { configPath } from '../fixtures.js';
import { BatchEvaluator, ccSignature, type Outcome } from './evaluate-batch.js';
import { DEFAULT_FEATURES, type Feature } from './features.js';
import { generateProgram } from './generate-program.js';
import type { Program } from './program-ast.js';
import { printProgram } from './print-pascal.js';
import { programSeed } from './prng.js';
import { pruneUnused } from './prune-unused.js';
import { ChildLimiter } from './run-child.js';
import { programSize, smallerPrograms } from './shrink-program.js';

export interface DifferentialOptions {
  readonly programs: number;
  readonly seed: number;
  readonly features?: ReadonlySet<Feature>;
  /** Programs per batch (one fpc and one cc build each). */
  readonly batchSize?: number;
  /** How many failing programs are shrunk and shown; the rest are only counted. */
  readonly shrinkLimit?: number;
  readonly log?: (line: string) => void;
}

/** A program whose C build or output differs from Free Pascal's, shrunk while it still does. */
export interface Finding {
  readonly index: number;
  readonly kind: 'differs' | 'cc-rejects' | 'ours-fails';
  /** The shrunk program as ParserCraft's Pascal config reads it (ELSIF; Free Pascal reads ELSE IF). */
  readonly program: string;
  readonly details: string;
}

export interface DifferentialReport {
  readonly programs: number;
  readonly passed: number;
  readonly seconds: number;
  /** Failing programs by kind. */
  readonly failed: ReadonlyMap<string, number>;
  /** Programs cc rejects, by each kind of warning it gives (one program may count under several). */
  readonly ccWarnings: ReadonlyMap<string, number>;
  readonly findings: readonly Finding[];
  /** Programs generateC declined, by message: the generator should not make them. */
  readonly declined: ReadonlyMap<string, number>;
  /** Programs Free Pascal or the analysis rejected: the generator is wrong. */
  readonly invalid: readonly { readonly index: number; readonly log: string; readonly program: string }[];
}

const PARALLEL_BATCHES = 2;
const SHRINK_ROUNDS = 40;
const SHRINK_CANDIDATES = 150;
const SHRINK_MS = 20_000;
const SHRINK_CHUNK = 12;

/** Stops at once, naming the package, when Free Pascal is not installed: the comparison needs it. */
export function requireFreePascal(): void {
  const probe = spawnSync('fpc', ['-iV'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0)
    throw new Error(
      'Free Pascal (fpc) is not installed; the differential test needs it: apt-get install -y fp-compiler',
    );
}

/**
 * Generates `programs` random programs, builds each with Free Pascal and with generateC + cc,
 * and compares what they print; the first few failures are shrunk.
 */
export async function runDifferential(options: DifferentialOptions): Promise<DifferentialReport> {
  requireFreePascal();
  const started = Date.now();
  const features = options.features ?? DEFAULT_FEATURES;
  const batchSize = options.batchSize ?? 100;
  const log = options.log ?? ((): void => undefined);
  const { spec } = await loadLanguageConfig(configPath('pascal_like.yaml'));
  const work = mkdtempSync(join(tmpdir(), 'pc-difftest-'));
  try {
    const evaluator = new BatchEvaluator(spec, new ChildLimiter(2), work);
    const programs = Array.from({ length: options.programs }, (_, i) =>
      generateProgram(programSeed(options.seed, i), features),
    );
    const outcomes: Outcome[] = new Array<Outcome>(programs.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let start = next; start < programs.length; start = next) {
        next = start + batchSize;
        const results = await evaluator.evaluate(programs.slice(start, start + batchSize));
        results.forEach((o, k) => (outcomes[start + k] = o));
        log(`difftest: ${Math.min(start + batchSize, programs.length)} of ${programs.length} built and run`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));

    const failed = new Map<string, number>();
    const ccWarnings = new Map<string, number>();
    const declined = new Map<string, number>();
    const invalid: { index: number; log: string; program: string }[] = [];
    const failing: { index: number; kind: Finding['kind']; key: string }[] = [];
    outcomes.forEach((o, index) => {
      if (o.kind === 'declined') declined.set(o.message, (declined.get(o.message) ?? 0) + 1);
      else if (o.kind === 'invalid')
        invalid.push({ index, log: o.log, program: printProgram(programs[index] as Program, 'fpc') });
      else if (o.kind !== 'same') {
        const key = o.kind === 'cc-rejects' ? `cc-rejects (${ccSignature(o.log)})` : o.kind;
        failed.set(o.kind, (failed.get(o.kind) ?? 0) + 1);
        if (o.kind === 'cc-rejects')
          for (const tag of ccSignature(o.log).split(', ')) ccWarnings.set(tag, (ccWarnings.get(tag) ?? 0) + 1);
        failing.push({ index, kind: o.kind, key });
      }
    });
    const findings: Finding[] = [];
    // The failures with the fewest kinds of cc message first: they shrink to the clearest examples.
    failing.sort((a, b) => a.key.split(',').length - b.key.split(',').length || a.index - b.index);
    for (const { index, kind } of pickDistinct(failing, options.shrinkLimit ?? 3)) {
      log(`difftest: shrinking program ${index} (${kind})`);
      const small = await shrink(programs[index] as Program, outcomes[index] as Outcome, features, evaluator);
      const [outcome] = await evaluator.evaluate([small]);
      findings.push({ index, kind, program: printProgram(small, 'parsercraft'), details: describe(outcome) });
    }
    const passed = outcomes.filter((o) => o.kind === 'same').length;
    return {
      programs: programs.length,
      passed,
      seconds: (Date.now() - started) / 1000,
      failed,
      ccWarnings,
      findings,
      declined,
      invalid,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Up to `limit` failures, one of each kind (and kind of cc error) first. */
function pickDistinct<T extends { key: string }>(failing: readonly T[], limit: number): T[] {
  const firsts = failing.filter((f, i) => failing.findIndex((g) => g.key === f.key) === i);
  return [...firsts, ...failing.filter((f) => !firsts.includes(f))].slice(0, limit);
}

/**
 * The smallest program found that still fails as `kind`: rounds of one-step reductions, the
 * biggest first, built a few at a time until one still fails.
 */
async function shrink(
  program: Program,
  failure: Outcome,
  features: ReadonlySet<Feature>,
  evaluator: BatchEvaluator,
): Promise<Program> {
  const same = (o: Outcome): boolean =>
    o.kind === failure.kind &&
    (o.kind !== 'cc-rejects' || failure.kind !== 'cc-rejects' || ccSignature(o.log) === ccSignature(failure.log));
  // A step may leave a declaration unused; without that feature, it goes too.
  const tidy = (p: Program): Program => (features.has('unusedDeclarations') ? p : pruneUnused(p));
  const deadline = Date.now() + SHRINK_MS;
  let current = program;
  for (let round = 0; round < SHRINK_ROUNDS && Date.now() < deadline; round++) {
    const size = programSize(current);
    const candidates = smallerPrograms(current)
      .map(tidy)
      .filter((c) => programSize(c) < size)
      .slice(0, SHRINK_CANDIDATES);
    let smaller: Program | undefined;
    for (let start = 0; start < candidates.length && !smaller && Date.now() < deadline; start += SHRINK_CHUNK) {
      const chunk = candidates.slice(start, start + SHRINK_CHUNK);
      const outcomes = await evaluator.evaluate(chunk);
      smaller = chunk[outcomes.findIndex(same)];
    }
    if (!smaller) break;
    current = smaller;
  }
  return current;
}

function describe(o: Outcome | undefined): string {
  if (!o) return 'no outcome';
  switch (o.kind) {
    case 'differs':
      return `Free Pascal printed:\n${o.fpc}\nours printed:\n${o.ours}`;
    case 'cc-rejects':
      return `cc rejected the generated C:\n${o.log}\n--- the C ---\n${o.c}`;
    case 'ours-fails':
      return `our program failed:\n${o.log}\nFree Pascal printed:\n${o.fpc}`;
    case 'same':
      return `alone, it passes; Free Pascal and ours printed:\n${o.output}`;
    case 'declined':
      return `alone, generateC declines it: ${o.message}`;
    case 'invalid':
      return `alone, it is invalid: ${o.log}`;
  }
}

/** The report as text: counts, then each shrunk program with both outputs. */
export function formatReport(r: DifferentialReport): string {
  const lines = [
    `${r.programs} generated programs, ${r.passed} print the same in Free Pascal and in C (${r.seconds.toFixed(1)} s)`,
  ];
  for (const [kind, n] of r.failed) lines.push(`  ${kind}: ${n}`);
  for (const [tag, n] of [...r.ccWarnings].sort((a, b) => b[1] - a[1])) lines.push(`    cc: ${tag}: ${n}`);
  for (const [message, n] of r.declined) lines.push(`  declined by generateC (${n}): ${message}`);
  for (const bad of r.invalid.slice(0, 3))
    lines.push(`  INVALID program ${bad.index} (the generator's mistake):\n${bad.log}\n${bad.program}`);
  for (const f of r.findings) lines.push('', `--- program ${f.index}: ${f.kind}, shrunk ---`, f.program, f.details);
  return lines.join('\n');
}
