import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pascalProgram } from '../../../../bench/pascal-program.js';
import { removeWorkspaces, workspace } from '../workspace.js';
import { answerProblems, identifierAt, rangeProblem, show } from './harness/answer-invariants.js';
import type { LspRange } from './harness/lsp-result-schemas.js';
import { OpenDocuments } from './harness/open-documents.js';
import { killAllServers, startInitialized, type Answer, type RawLspClient } from './harness/raw-lsp-client.js';

/**
 * The classic stale-position bug: lines are inserted above the cursor and a request is sent
 * at once, before the server has analysed the new version. An answer from the old version's
 * index points every range a few lines too high. Each case edits one long-lived document
 * and asks documentHighlight, definition or documentSymbol straight after the didChange
 * (or a few milliseconds after); every answer must match the text it was asked about
 * (or be ContentModified). All stale answers are collected, then counted.
 */

const METHODS = ['textDocument/documentHighlight', 'textDocument/definition', 'textDocument/documentSymbol'] as const;
/** Identifiers the program uses in many places, local and global. */
const TARGETS = [
  't := a * b',
  'u := t DIV 2',
  'x := x + Mix',
  'data[k] := x',
  'FOR k := 1 TO Limit',
  'total := total + Abs',
] as const;

let server: RawLspClient;
const docs = new OpenDocuments();
let uri: string;
let version = 1;

beforeAll(async () => {
  const root = workspace();
  server = await startInitialized({ root });
  uri = `file://${root}/stale.pas`;
  const text = pascalProgram(300);
  docs.open(uri, 'pascal', 1, text);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version: 1, text } });
  // The first index must exist, or every answer is empty and nothing is tested.
  const symbols = await server.request('textDocument/documentSymbol', { textDocument: { uri } }, 20_000);
  expect(symbols.kind === 'result' && Array.isArray(symbols.result) && symbols.result.length > 0).toBe(true);
});
afterAll(() => {
  killAllServers();
  removeWorkspaces();
});

interface Case {
  readonly target: number;
  /** Which occurrence of the target line (its n-th, modulo their count). */
  readonly occurrence: number;
  readonly method: (typeof METHODS)[number];
  readonly inserted: string;
  /** How far above the cursor's line the lines go in (0: the cursor's own line). */
  readonly above: number;
  readonly delayMs: number;
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  target: fc.nat({ max: TARGETS.length - 1 }),
  occurrence: fc.nat({ max: 50 }),
  method: fc.constantFrom(...METHODS),
  inserted: fc.constantFrom('\n', '  (* note *)\n', '\r\n\r\n', '  x := 1;\n  x := 2;\n', '\n\n\n'),
  above: fc.nat({ max: 5 }),
  delayMs: fc.constantFrom(0, 0, 0, 5, 20),
});

/** Plays one case; returns the stale findings (empty when the answer matched the new text). */
async function play(c: Case): Promise<string[]> {
  const doc = docs.get(uri);
  if (!doc) throw new Error('the document is not open');
  const text = doc.getText();
  const needle = TARGETS[c.target] ?? '';
  const hits: number[] = [];
  for (let i = text.indexOf(needle); i !== -1 && hits.length < 1000; i = text.indexOf(needle, i + 1)) hits.push(i);
  const at = hits[c.occurrence % hits.length] ?? 0;
  const cursorBefore = doc.positionAt(at);
  const line = Math.max(0, cursorBefore.line - c.above);
  version++;
  const changes = [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: c.inserted }];
  const after = docs.change(uri, version, changes);
  if (!after) throw new Error('the document is not open');
  const asked = docs.snapshot(uri);
  const position = after.positionAt(at + c.inserted.length);
  server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  if (c.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, c.delayMs));
  const params =
    c.method === 'textDocument/documentSymbol' ? { textDocument: { uri } } : { textDocument: { uri }, position };
  const answer = await server.request(c.method, params);
  const label = `${c.method} at ${position.line}:${position.character} (v${version}, ${JSON.stringify(c.inserted)} inserted at line ${line}, asked after ${c.delayMs} ms)`;
  if (answer.kind === 'error' && answer.code === -32801) return [];
  const problems = answerProblems({ method: c.method, uri, doc: asked, position, invalidParams: false }, answer).map(
    (v) => `${label}: ${v.text}`,
  );
  if (c.method === 'textDocument/definition' && asked)
    problems.push(...definitionProblems(answer, asked, position, label));
  return problems;
}

/** Definition in the same document: the name it points at is the name under the cursor. */
function definitionProblems(
  answer: Answer,
  asked: NonNullable<ReturnType<OpenDocuments['snapshot']>>,
  position: { line: number; character: number },
  label: string,
): string[] {
  if (answer.kind !== 'result' || answer.result === null) return [];
  const word = identifierAt(asked, position);
  const items = (Array.isArray(answer.result) ? answer.result : [answer.result]) as {
    uri?: string;
    range?: LspRange;
  }[];
  return items
    .filter((l) => l.uri === uri && l.range && rangeProblem(asked, l.range) === undefined)
    .flatMap((l) => {
      const held = asked.getText(l.range);
      return word !== undefined && held.toLowerCase() !== word.toLowerCase() && l.range
        ? [`${label}: definition ${show(l.range)} holds '${held}' in the current text, not '${word}'`]
        : [];
    });
}

describe('the stale window', () => {
  it('no answer right after an edit that inserts lines above the cursor is stale', async () => {
    /** One line per stale answer: its first finding. */
    const stale: string[] = [];
    const byMethod = new Map<string, number>();
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        asked++;
        const findings = await play(c);
        if (findings.length === 0) return;
        stale.push(`${findings[0] ?? ''}${findings.length > 1 ? ` (and ${findings.length - 1} more ranges)` : ''}`);
        byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
      }),
      { seed: 424242, numRuns: 60, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true, timeout: 10_000 },
    );
    // Counted over all cases rather than stopped at the first: the count is the figure that matters.
    const counts = [...byMethod].map(([m, n]) => `${m} ${n}`).join(', ');
    expect(
      stale.length === 0
        ? 'no stale answers'
        : `${stale.length} stale answer(s) of ${asked} (${counts}):\n${stale.slice(0, 8).join('\n')}`,
    ).toBe('no stale answers');
  }, 60_000);
});
