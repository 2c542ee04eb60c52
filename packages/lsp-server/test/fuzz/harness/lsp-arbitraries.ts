import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { pascalProgram, pascalStatements } from '../../../../../bench/pascal-program.js';
import { DOCUMENT_METHODS, type DocumentMethod } from './lsp-result-schemas.js';

/**
 * fast-check generators of what an editor (or a broken one) sends. Steps name positions as
 * fractions of the current text, so a step is meaningful whatever the steps before it did.
 */

const PROGRAMS_DIR = fileURLToPath(
  new URL('../../../../../test/fixtures/parsercraft/programs/pascal/', import.meta.url),
);

/** Realistic starting points: ParserCraft's own Pascal samples, the benchmark's generator, a program with errors. */
export const SEED_PROGRAMS: readonly string[] = [
  ...readdirSync(PROGRAMS_DIR)
    .filter((f) => f.endsWith('.pas'))
    .sort()
    .map((f) => readFileSync(join(PROGRAMS_DIR, f), 'utf8')),
  pascalProgram(70),
  pascalStatements(12),
  'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := missing;\n  WriteLn(x)\nEND.',
  // Empty: random bytes inserted into it make a document of random bytes.
  '',
  'PROGRAM R;\r\nTYPE\r\n  Point = RECORD x, y: INTEGER END;\r\nVAR p: Point;\r\nBEGIN\r\n  p.x := 1;\r\n  WriteLn(p.x, p.y)\r\nEND.',
];

/** Fragments an edit inserts: Pascal tokens, every line ending, surrogate pairs and worse. */
const fragment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'x',
      'total',
      'p.x',
      ' := ',
      '1',
      ';',
      'BEGIN',
      'END;',
      'WriteLn(x)',
      'VAR y: INTEGER;',
      "'",
      "'str'",
      '(*',
      '*)',
      '(',
      ')',
      '.',
      ',',
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n', '  x := x + 1;\n', '\r\n  WriteLn(1);\r\n') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('😀', '\u{10FFFF}', 'ä', '\u{1F468}\u{200D}\u{1F469}', 'ﬁ', '\uFEFF', '\u2028'),
  },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDC00x', '\0', '\u0007', '\t') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  // Random bytes, read as Latin-1 so every byte value is a character.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('latin1')) },
);

export interface EditSpec {
  /** Where the edit starts, as a fraction of the text. */
  readonly at: number;
  /** How many UTF-16 units it replaces (clamped to the text). */
  readonly remove: number;
  readonly insert: string;
}
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
export const editSpec: fc.Arbitrary<EditSpec> = fc.record({
  at: fraction,
  remove: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 40 })),
  insert: fc.oneof(
    fc.constant(''),
    fragment,
    fc.array(fragment, { maxLength: 4 }).map((xs) => xs.join('')),
  ),
});

/** A starting text: a seed program, mutated by a few edits. */
export interface ProgramSpec {
  readonly seed: number;
  readonly mutations: readonly EditSpec[];
}
export const programSpec: fc.Arbitrary<ProgramSpec> = fc.record({
  seed: fc.nat({ max: SEED_PROGRAMS.length - 1 }),
  mutations: fc.array(editSpec, { maxLength: 4 }),
});

/** Where a document lives: in the workspace, spelt plainly or not, or somewhere no editor should send. */
export const WORKSPACE_URIS = ['workspace', 'workspace', 'encoded', 'upper'] as const;
export const HOSTILE_URIS = ['unc', 'outside', 'untitled'] as const;
export type UriKind = (typeof WORKSPACE_URIS)[number] | (typeof HOSTILE_URIS)[number];

/** How a request's params break the schema, when they do. */
export const INVALID_PARAMS = [
  'none',
  'null',
  'array',
  'noTextDocument',
  'uriNumber',
  'negativeLine',
  'lineString',
  'noNewName',
] as const;
export type InvalidParams = (typeof INVALID_PARAMS)[number];

export type Step =
  | { readonly kind: 'open'; readonly slot: number; readonly program: ProgramSpec }
  | { readonly kind: 'change'; readonly slot: number; readonly edits: readonly EditSpec[] }
  | { readonly kind: 'replace'; readonly slot: number; readonly program: ProgramSpec }
  | { readonly kind: 'close'; readonly slot: number }
  | {
      readonly kind: 'request';
      readonly slot: number;
      readonly method: DocumentMethod;
      readonly at: number;
      /** Put the cursor on an identifier (the at-th one) rather than anywhere. */
      readonly onWord: boolean;
      readonly invalid: InvalidParams;
      /** Wait for the answer before the next step; otherwise it is checked at the end. */
      readonly wait: boolean;
      readonly cancel: boolean;
    }
  /** The stale-position classic: insert lines above the cursor's line, then ask at once. */
  | {
      readonly kind: 'insertAboveThenAsk';
      readonly slot: number;
      readonly at: number;
      readonly lines: string;
      readonly method:
        | 'textDocument/documentHighlight'
        | 'textDocument/definition'
        | 'textDocument/documentSymbol'
        | 'textDocument/references';
    }
  | {
      readonly kind: 'noise';
      readonly slot: number;
      readonly what: 'unknownNotification' | 'changeUnopened' | 'changeNoChanges' | 'unknownRequest' | 'dollarRequest';
    }
  | { readonly kind: 'pause'; readonly ms: number };

export const SLOTS = 3;
const slot = fc.nat({ max: SLOTS - 1 });

export interface StepWeights {
  readonly invalidParams: number;
  readonly noise: number;
}

export function stepArbitrary(weights: StepWeights = { invalidParams: 1, noise: 1 }): fc.Arbitrary<Step> {
  const request = fc.record({
    kind: fc.constant('request' as const),
    slot,
    method: fc.constantFrom(...DOCUMENT_METHODS),
    at: fraction,
    onWord: fc.boolean(),
    invalid: fc.oneof(
      { weight: 6, arbitrary: fc.constant('none' as const) },
      { weight: weights.invalidParams, arbitrary: fc.constantFrom(...INVALID_PARAMS.filter((i) => i !== 'none')) },
    ),
    wait: fc.boolean(),
    cancel: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('open' as const), slot, program: programSpec }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('change' as const),
        slot,
        edits: fc.array(editSpec, { minLength: 1, maxLength: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), slot, program: programSpec }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), slot }) },
    { weight: 6, arbitrary: request },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('insertAboveThenAsk' as const),
        slot,
        at: fraction,
        lines: fc.constantFrom('\n', '  (* a new line *)\n', '\r\n\r\n', '  x := 1;\n  x := 2;\n'),
        method: fc.constantFrom(
          'textDocument/documentHighlight' as const,
          'textDocument/definition' as const,
          'textDocument/documentSymbol' as const,
          'textDocument/references' as const,
        ),
      }),
    },
    {
      weight: weights.noise,
      arbitrary: fc.record({
        kind: fc.constant('noise' as const),
        slot,
        what: fc.constantFrom(
          'unknownNotification' as const,
          'changeUnopened' as const,
          'changeNoChanges' as const,
          'unknownRequest' as const,
          'dollarRequest' as const,
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.constantFrom(0, 40, 120) }) },
  );
}

export interface Session {
  readonly uriKinds: readonly UriKind[];
  readonly steps: readonly Step[];
}

/**
 * A session: a uri kind per slot (the first slot's from `firstSlot` when given, so a kind
 * under test is always there), every slot opened first (so most steps land on a
 * document), then random steps.
 */
export function sessionArbitrary(
  uriKinds: readonly UriKind[],
  maxSteps: number,
  weights?: StepWeights,
  firstSlot: readonly UriKind[] = uriKinds,
): fc.Arbitrary<Session> {
  return fc
    .record({
      first: fc.constantFrom(...firstSlot),
      others: fc.array(fc.constantFrom(...uriKinds), { minLength: SLOTS - 1, maxLength: SLOTS - 1 }),
      opens: fc.array(programSpec, { minLength: SLOTS, maxLength: SLOTS }),
      steps: fc.array(stepArbitrary(weights), { minLength: Math.min(4, maxSteps), maxLength: maxSteps, size: 'max' }),
    })
    .map(({ first, others, opens, steps }) => ({
      uriKinds: [first, ...others],
      steps: [...opens.map((program, slot): Step => ({ kind: 'open', slot, program })), ...steps],
    }));
}

/** Applies edit specs to a text, clamped to it, the way a string is edited (not through LSP). */
export function applyEdits(text: string, edits: readonly EditSpec[]): string {
  let out = text;
  for (const e of edits) {
    const start = Math.floor(e.at * out.length);
    out = out.slice(0, start) + e.insert + out.slice(Math.min(out.length, start + e.remove));
  }
  return out;
}

export function programText(p: ProgramSpec): string {
  return applyEdits(SEED_PROGRAMS[p.seed] ?? '', p.mutations);
}
