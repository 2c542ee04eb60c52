import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis, type Diagnostic } from '@parsercraft/language';
import { applyFix, at, spec } from './helpers.js';
import { CORPUS_PROGRAMS } from './recovery-programs.js';

// One mistake, one finding, in the stack layout (syntax/stack/, semantics/bind-stack-tree.ts).
const forthSpec = (): ReturnType<typeof spec> => spec('forth_like.yaml');
const counted = (d: Diagnostic): boolean => d.severity === 'error' || d.severity === 'warning';
const located = (d: Diagnostic): string =>
  `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message.replace(/^Syntax error: /, '')}`;

async function check(text: string): Promise<Analysis> {
  return analyze(await forthSpec(), text);
}

async function findings(text: string): Promise<string[]> {
  return (await check(text)).diagnostics.filter(counted).map(located);
}

/** The text after the first finding's preferred fix. */
async function fixed(text: string): Promise<string> {
  const fix = (await check(text)).diagnostics[0]?.fixes?.[0];
  expect(fix?.preferred).toBe(true);
  return applyFix(text, fix as NonNullable<typeof fix>);
}

const read = (url: string): string => readFileSync(new URL(url, import.meta.url), 'utf8');

describe('the stack layout: no false findings', () => {
  it('finds nothing in the valid Forth fixtures and the corpus program', async () => {
    const valid = [
      read('./fixtures/dialects/forth_like.valid.fs'),
      read('../../../test/fixtures/programs-per-config/forth_like.yaml.valid.fs'),
      CORPUS_PROGRAMS.find((p) => p.config === 'forth_like.yaml')?.text ?? '',
    ];
    for (const text of valid) expect(await findings(text)).toEqual([]);
  });

  it('accepts definitions laid out over lines, indented or not, with the ; in column 0', async () => {
    expect(await findings(': CUBE ( n -- n*n*n )\n  DUP DUP\n  * *\n;\n3 CUBE .\n')).toEqual([]);
    expect(await findings(': CUBE\nDUP DUP * *\n;\n3 CUBE .\n')).toEqual([]);
    expect(await findings(': CUBE DUP DUP\n  * * ;\n3 CUBE .\n')).toEqual([]);
  });
});

describe("the stack layout: a definition whose ':' is missing", () => {
  it("reads the words up to the ';' as the definition of the unknown word that starts the line", async () => {
    const text = 'SQUARE ( n -- n*n ) DUP * ;\n3 SQUARE .\n';
    expect(await findings(text)).toEqual(["1:1 syntax-error: ':' is missing before 'SQUARE'."]);
    expect(await fixed(text)).toBe(': SQUARE ( n -- n*n ) DUP * ;\n3 SQUARE .\n');
    expect(await findings(await fixed(text))).toEqual([]);
  });

  it('takes its control words as inside the definition', async () => {
    const text = ': SQ DUP * ;\nSIGN ( n -- ) DUP 0 < IF DROP -1 ELSE 0 > IF 1 ELSE 0 THEN THEN . ;\n-7 SIGN 2 SQ .\n';
    expect(await findings(text)).toEqual(["2:1 syntax-error: ':' is missing before 'SIGN'."]);
    const { symbols } = await check(text);
    expect(symbols.definition(at(text, 'SIGN', 1))).toEqual({
      start: { line: 1, character: 0 },
      end: { line: 1, character: 4 },
    });
    expect(symbols.hover(at(text, 'SIGN', 1))?.markdown).toContain(': SIGN ( n -- )');
  });

  it('finds the nearest such line start, over lines, after top-level code', async () => {
    const text = ': SQ DUP * ;\n2 SQ .\nCUBE ( n -- n*n*n )\n  DUP SQ *\n;\n3 CUBE .\n';
    expect(await findings(text)).toEqual(["3:1 syntax-error: ':' is missing before 'CUBE'."]);
  });

  it("keeps the error at the ';' when no unknown word starts a line before it", async () => {
    expect(await findings(': SQ DUP * ;\nSQ 2 SQ ; .\n')).toEqual([
      "2:9 syntax-error: ';' ends a definition, but no ':' definition is open.",
    ]);
    expect(await findings('1 2 + ; .\n')).toEqual([
      "1:7 syntax-error: ';' ends a definition, but no ':' definition is open.",
    ]);
  });
});

describe('the stack layout: a definition or declaration that lost its name', () => {
  it('reports the missing name once, and no undefined word after it', async () => {
    expect(await findings(': ( n -- n*n ) DUP * ;\n3 SQUARE .\n4 SQUARE .\n')).toEqual([
      "1:1 syntax-error: ':' needs the name of the word it defines after it.",
    ]);
    expect(await findings('VARIABLE 10 CONSTANT LIMIT\n5 TOTAL !\nLIMIT .\n')).toEqual([
      "1:1 syntax-error: 'VARIABLE' needs the name it declares after it.",
    ]);
    expect(await findings('10 CONSTANT : CLAMP LIMIT MIN ;\n3 CLAMP .\n')).toEqual([
      "1:4 syntax-error: 'CONSTANT' needs the name it declares after it.",
    ]);
  });

  it('still reports an undefined word before it', async () => {
    expect(await findings('2 SQAURE .\n: ( n -- n ) DUP * ;\n3 CUBE .\n')).toEqual([
      "2:1 syntax-error: ':' needs the name of the word it defines after it.",
      "1:3 undefined-name: 'SQAURE' is not declared.",
    ]);
  });
});

describe('the stack layout: an undefined word', () => {
  it('is reported once, at its first use', async () => {
    const text = 'TOTAL\n10 CONSTANT LIMIT\n5 TOTAL !\nTOTAL @ LIMIT + .\n';
    expect(await findings(text)).toEqual(["1:1 undefined-name: 'TOTAL' is not declared."]);
    const { symbols } = await check(text);
    // The later uses are one unknown word: they find each other, and have no definition.
    expect(symbols.references(at(text, 'TOTAL', 1)).map((r) => r.range.start.line)).toEqual([2, 3]);
    expect(symbols.definition(at(text, 'TOTAL', 1))).toBeUndefined();
  });

  it('is reported once per name, and a later definition does not hide the first use', async () => {
    expect(await findings(': QUAD DOUBLE DOUBLE TRIPLE ;\n: DOUBLE 2 * ;\n3 QUAD DOUBLE TRIPLE .\n')).toEqual([
      "1:8 undefined-name: 'DOUBLE' is not declared.",
      "1:22 undefined-name: 'TRIPLE' is not declared.",
    ]);
  });
});

describe('the stack layout: a misspelt control word', () => {
  const cases: [string, string, string][] = [
    [': SIGN DUP 0 < IFF DROP -1 ELSE 1 THEN ;\n', 'IFF', 'IF'],
    [': BIG OVER OVER > IF DROP ELSE SWAP DROP THE ;\n', 'THE', 'THEN'],
    [': DOWN BEGI DUP . 1 - DUP 0 = UNTIL DROP ;\n', 'BEGI', 'BEGIN'],
    [': DOWN BEGIN DUP . 1 - DUP 0 = UNTI DROP ;\n', 'UNTI', 'UNTIL'],
    [': STARS 0 DO 42 EMIT LOOPP ;\n', 'LOOPP', 'LOOP'],
    [': T 0 < If 1 THEN ;\n', 'If', 'IF'],
  ];
  for (const [text, word, keyword] of cases)
    it(`reads ${word} as ${keyword}: one error there, with the fix`, async () => {
      const column = text.indexOf(` ${word} `) + 2;
      expect(await findings(text)).toEqual([
        `1:${column} syntax-error: '${word}' is not a keyword; did you mean ${keyword}?`,
      ]);
      const repaired = await fixed(text);
      expect(repaired).toBe(text.replace(` ${word} `, ` ${keyword} `));
      expect(await findings(repaired)).toEqual([]);
    });

  it('leaves an unknown word alone when reading it as a keyword does not remove the control error', async () => {
    expect(await findings(': T 1 THEM ELSE ;\n')).toEqual([
      "1:12 syntax-error: 'ELSE' has no open 'IF' to belong to.",
      "1:7 undefined-name: 'THEM' is not declared.",
    ]);
    expect(await findings(': T IFF 1 ;\n')).toEqual(["1:5 undefined-name: 'IFF' is not declared."]);
  });
});

describe("the stack layout: a definition whose ';' is missing", () => {
  it('ends a one-line definition before the next line in column 0, and binds its declarations globally', async () => {
    const text = ': SUM ( a b -- c ) + VARIABLE TOTAL\n10 CONSTANT LIMIT\n5 3 SUM LIMIT MIN TOTAL !\nTOTAL @ .\n';
    expect(await findings(text)).toEqual([
      "1:31 syntax-error: ';' is missing after 'TOTAL' to end the definition of 'SUM'.",
    ]);
    expect(await fixed(text)).toBe(text.replace('TOTAL\n', 'TOTAL ;\n'));
    const { symbols } = await check(text);
    expect(symbols.documentSymbols().map((s) => `${s.name} ${s.kind}`)).toEqual([
      'SUM function',
      'TOTAL variable',
      'LIMIT constant',
    ]);
  });

  it('ends an indented definition before the next line in column 0', async () => {
    const text = ': CUBE ( n -- n*n*n )\n  DUP DUP * * ( cubed )\n3 CUBE .\n: SQ DUP * ;\n2 SQ .\n';
    expect(await findings(text)).toEqual([
      "2:13 syntax-error: ';' is missing after '*' to end the definition of 'CUBE'.",
    ]);
    expect(await findings(await fixed(text))).toEqual([]);
  });

  it('reads a definition in column 0 after a bare first line on to the next definition or the end', async () => {
    expect(await findings(': CUBE\nDUP DUP * *\n3 CUBE .\n')).toEqual([
      "1:1 syntax-error: The definition of 'CUBE' is not closed by ';' before the end of the text.",
    ]);
    expect(await findings(': A 1 ;\n: B 2\n: C 3 ;\nA B C + + .\n')).toEqual([
      "2:1 syntax-error: The definition of 'B' is not closed by ';' before the next ':'.",
    ]);
  });

  it('reports a control mistake before the end it found, once', async () => {
    expect(await findings(': T 1 THEN 2\n3 T .\n')).toEqual([
      "1:7 syntax-error: 'THEN' has no open 'IF' to close.",
      "1:12 syntax-error: ';' is missing after '2' to end the definition of 'T'.",
    ]);
  });
});

describe('the stack layout: the time budget', () => {
  const huge = Array.from(
    { length: 60_000 },
    (_, i) => `: W${i} ( n -- n ) DUP ${i} + IF 1 ELSE 2 THEN ;\n${i} W${i} .`,
  ).join('\n');

  it('a spent budget returns the part parsed so far and says so', async () => {
    const language = await forthSpec();
    const started = performance.now();
    const result = analyze(language, huge, { budgetMs: 0 });
    const took = performance.now() - started;
    const budget = result.diagnostics.filter((d) => d.code === 'analysis-budget-exceeded');
    expect(budget).toHaveLength(1);
    expect(result.diagnostics.filter((d) => d.code !== 'analysis-budget-exceeded')).toEqual([]);
    // Well under what the whole text takes: only a few thousand words were read.
    const stoppedAt = result.lines.offset(budget[0]?.range.start ?? { line: 0, character: 0 });
    expect(stoppedAt).toBeLessThan(huge.length / 10);
    expect(took).toBeLessThan(2_000);
  });

  it('a budget that suffices changes nothing', async () => {
    const text = CORPUS_PROGRAMS.find((p) => p.config === 'forth_like.yaml')?.text ?? '';
    expect(analyze(await forthSpec(), text, { budgetMs: 60_000 }).diagnostics.filter(counted)).toEqual([]);
  });
});

describe('the stack layout: a misspelt declaring word', () => {
  it('reads VRIABLE counter as the declaration it was meant to be: one error, with the fix', async () => {
    expect(await findings('VRIABLE counter\n5 counter !\ncounter @ .\n')).toEqual([
      "1:1 syntax-error: 'VRIABLE' is not a keyword; did you mean VARIABLE?",
    ]);
    expect(await fixed('10 CONSTNT LIMIT\nLIMIT .\n')).toBe('10 CONSTANT LIMIT\nLIMIT .\n');
    // A word of the program's own that happens to be close to one is left alone.
    expect(await findings(': VARIABLES 1 ;\nVARIABLES .\n')).toEqual([]);
  });
});

describe('the stack layout: loop indices', () => {
  it('knows I inside a DO loop and J inside two, as Forth provides them; not outside', async () => {
    expect(await findings(': T 10 0 DO I . LOOP ;\nT\n')).toEqual([]);
    expect(await findings(': T 3 0 DO 3 0 DO I J + . LOOP LOOP ;\nT\n')).toEqual([]);
    expect(await findings(': T 10 0 DO J . LOOP ;\nT\n')).toEqual(["1:13 undefined-name: 'J' is not declared."]);
    expect(await findings('I .\n')).toEqual(["1:1 undefined-name: 'I' is not declared."]);
  });
});

describe('the stack layout: Forth loop variants and suggestions', () => {
  it('reads ?DO and +LOOP as the counted loop they are, not as misspelt DO and LOOP', async () => {
    expect(await findings(': T 10 0 DO I . 2 +LOOP ;\nT\n')).toEqual([]);
    expect(await findings(': T 10 0 ?DO I . LOOP ;\nT\n')).toEqual([]);
  });

  it('suggests no symbol word for a misspelt letter word', async () => {
    const [d] = (await check(': T 2 0 DO J . LOOP ;\nT\n')).diagnostics;
    expect(d?.fixes ?? []).toEqual([]);
  });
});
