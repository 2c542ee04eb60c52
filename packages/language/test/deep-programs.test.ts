import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, walkTree, type Analysis, type LanguageSpec, type SyntaxNode } from '@parsercraft/language';
import { MAX_PARSER_DEPTH } from '../src/syntax/base/base-parser.js';
import { spec } from './helpers.js';

/**
 * Issue #18: long expressions and deep nesting get the same checks as short programs of the
 * same shape. Shapes are random (fixed seeds, bounded runs); each program plants one
 * undefined name, whose exact range the analysis must report, and nothing else is wrong.
 */

const PLANTED = 'zz';
const OPERATORS = ['+', '-', '*', 'DIV', 'MOD'];

interface Program {
  readonly text: string;
  /** Offset of the planted undefined name. */
  readonly planted: number;
}

/** `x := t1 op t2 op ...` with `terms` integer terms, the planted name at `at`. */
function longExpression(terms: number, at: number, ops: readonly number[], shapes: readonly number[]): Program {
  const head = 'PROGRAM P;\nVAR x, y: INTEGER;\nBEGIN\n  y := 1;\n  x := ';
  const parts: string[] = [];
  let length = head.length;
  let planted = -1;
  for (let i = 0; i < terms; i++) {
    if (i > 0) {
      const op = ` ${OPERATORS[(ops[i % ops.length] ?? 0) % OPERATORS.length]} `;
      parts.push(op);
      length += op.length;
    }
    const shape = (shapes[i % shapes.length] ?? 0) % 5;
    const term = i === at ? PLANTED : (['1', 'y', '(y + 2)', '-y', 'Abs(y)'][shape] ?? '1');
    if (i === at) planted = length;
    parts.push(term);
    length += term.length;
  }
  return { text: `${head}${parts.join('')};\n  WriteLn(x + y)\nEND.\n`, planted };
}

type Level = 'paren' | 'minus' | 'call' | 'if' | 'while' | 'block';

/** The planted name inside `levels`, outermost first: brackets, signs, calls, IF, WHILE, BEGIN. */
function deepNesting(levels: readonly Level[]): Program {
  const open: string[] = [];
  const close: string[] = [];
  // Expression levels wrap the planted name; statement levels wrap `x := <expression>`.
  const statements = levels.filter((l) => l === 'if' || l === 'while' || l === 'block');
  const expressions = levels.filter((l) => l === 'paren' || l === 'minus' || l === 'call');
  for (const l of statements) {
    if (l === 'if') open.push('IF y > 0 THEN ');
    else if (l === 'while') open.push('WHILE y < 0 DO ');
    else open.push('BEGIN ');
    close.unshift(l === 'block' ? ' END' : '');
  }
  let before = 'x := ';
  let after = '';
  for (const l of expressions) {
    if (l === 'paren') [before, after] = [`${before}(`, `)${after}`];
    else if (l === 'minus') before = `${before}-`;
    else [before, after] = [`${before}Abs(`, `)${after}`];
  }
  const head = `PROGRAM P;\nVAR x, y: INTEGER;\nBEGIN\n  y := 1;\n  ${open.join('')}`;
  const planted = head.length + before.length;
  return { text: `${head}${before}${PLANTED}${after}${close.join('')};\n  WriteLn(x + y)\nEND.\n`, planted };
}

function findings(a: Analysis): string[] {
  return a.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
}

function expectOnlyPlanted(a: Analysis, p: Program): void {
  const at = a.lines.position(p.planted);
  const end = a.lines.position(p.planted + PLANTED.length);
  expect(findings(a)).toEqual([`undefined-name@${at.line}:${at.character}`]);
  expect(a.diagnostics[0]?.range).toEqual({ start: at, end });
}

function depthOf(root: SyntaxNode): number {
  let deepest = 0;
  const stack: [SyntaxNode, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    deepest = Math.max(deepest, top[1]);
    for (const c of top[0].children) stack.push([c, top[1] + 1]);
  }
  return deepest;
}

describe('long expressions are checked in full', () => {
  it('a random operator mix of up to 20,000 terms: no syntax error, the planted name at its exact range', async () => {
    const pascal = await spec('pascal_like.yaml');
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        (terms, where, ops, shapes) => {
          const p = longExpression(terms, Math.min(terms - 1, Math.floor(where * terms)), ops, shapes);
          expectOnlyPlanted(analyze(pascal, p.text), p);
        },
      ),
      { seed: 18_001, numRuns: 25, interruptAfterTimeLimit: 60_000 },
    );
  });

  it('a type error inside a long chain is reported once, where it is', async () => {
    const pascal = await spec('pascal_like.yaml');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 19_998 }), (at) => {
        const terms = Array.from({ length: 20_000 }, (_, i) => (i === at ? "'s'" : '1'));
        const text = `PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := ${terms.join(' + ')};\n  WriteLn(x)\nEND.\n`;
        const a = analyze(pascal, text);
        expect(a.diagnostics.map((d) => d.code)).toEqual(['type-mismatch']);
        // Left-associative: the mismatch is the sum up to the string, ending right after it.
        const stringAt = text.indexOf("'s'");
        expect(a.diagnostics[0]?.range.end).toEqual(a.lines.position(stringAt + 3));
        expect(a.diagnostics[0]?.range.start).toEqual(a.lines.position(text.indexOf(':= ') + 3));
      }),
      { seed: 18_002, numRuns: 5, interruptAfterTimeLimit: 30_000 },
    );
  });

  it('precedence and associativity come out as in a grammar with precedences', async () => {
    const pascal = await spec('pascal_like.yaml');
    // + - * bind in Pascal as in JavaScript: evaluating our tree must give JavaScript's value.
    const leaf = fc.integer({ min: 0, max: 9 }).map(String);
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([l, o, r]) => `${l} ${o} ${r}`),
        tie('e').map((e) => `(${e})`),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (e) => {
        const text = `PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := ${e};\n  WriteLn(x)\nEND.\n`;
        const a = analyze(pascal, text);
        expect(a.diagnostics).toEqual([]);
        let assignment: SyntaxNode | undefined;
        walkTree(a.tree, (n) => {
          if (n.type === 'Assignment') assignment = n;
        });
        const value = assignment?.children[1];
        expect(value && evaluate(value, text)).toBe(runInNewContext(e.replace(/\d/g, '$&n')) as bigint);
      }),
      { seed: 18_003, numRuns: 200 },
    );
  });

  it('100,000 terms analyse in well under 20 seconds (figures in the benchmarks)', async () => {
    const pascal = await spec('pascal_like.yaml');
    // Only + and -, so the tree is as deep as the chain is long.
    const p = longExpression(100_000, 50_000, [0, 1], [0, 1, 2, 3, 4]);
    const started = performance.now();
    const a = analyze(pascal, p.text);
    expect(performance.now() - started).toBeLessThan(20_000);
    expectOnlyPlanted(a, p);
    expect(depthOf(a.tree)).toBeGreaterThan(50_000);
  });
});

describe('deep nesting is checked in full up to the parser depth, and says so past it', () => {
  const level = fc.constantFrom<Level>('paren', 'minus', 'call', 'if', 'while', 'block');
  // Each level costs Lezer between one parser state (a bracket) and five (WHILE c DO).
  const FEWEST_STATES = 1;
  const MOST_STATES = 5;

  it('random nesting of brackets, signs, calls, IF, WHILE and BEGIN up to 30,000 levels', async () => {
    const pascal = await spec('pascal_like.yaml');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30_000 }),
        fc.array(level, { minLength: 1, maxLength: 32 }),
        (depth, pattern) => {
          const levels = Array.from({ length: depth }, (_, i) => pattern[i % pattern.length] as Level);
          const p = deepNesting(levels);
          const a = analyze(pascal, p.text);
          const limit = a.diagnostics.find((d) => d.code === 'nesting-limit');
          expect(a.diagnostics.filter((d) => d.code === 'syntax-error')).toEqual([]);
          if (depth * MOST_STATES < MAX_PARSER_DEPTH - 20) expect(limit).toBeUndefined();
          if (depth * FEWEST_STATES > MAX_PARSER_DEPTH) expect(limit).toBeDefined();
          if (limit) {
            // Only the limit, at a place inside the nesting; the rest is not checked.
            expect(a.diagnostics.map((d) => d.code)).toEqual(['nesting-limit']);
            const at = a.lines.offset(limit.range.start);
            expect(at).toBeGreaterThan(p.text.indexOf('y := 1;'));
            expect(at).toBeLessThan(p.text.indexOf('\n  WriteLn'));
          } else expectOnlyPlanted(a, p);
        },
      ),
      { seed: 18_004, numRuns: 60, interruptAfterTimeLimit: 60_000 },
    );
  });

  it('a short program of the same shape gets the same findings as a deep one', async () => {
    const pascal = await spec('pascal_like.yaml');
    const shape: Level[] = ['if', 'while', 'block', 'paren', 'call', 'minus'];
    const shallow = deepNesting(shape);
    const deep = deepNesting(Array.from({ length: 400 }, (_, i) => shape[i % shape.length] as Level));
    const messages = (a: Analysis): string[] => a.diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(messages(analyze(pascal, deep.text))).toEqual(messages(analyze(pascal, shallow.text)));
    expect(depthOf(analyze(pascal, deep.text).tree)).toBeGreaterThan(400);
  });

  it("a config's PEG grammar nested past peggy's stack gets nesting-limit, never a false syntax error", async () => {
    const temple: LanguageSpec = await spec('timewarp_templecode.yaml');
    for (const depth of [10, 200, 50_000]) {
      const a = analyze(temple, `LET X = ${'('.repeat(depth)}1${')'.repeat(depth)}\nSAY X\n`);
      const codes = a.diagnostics.map((d) => d.code);
      expect(codes.filter((c) => c === 'syntax-error')).toEqual([]);
      if (depth === 50_000) expect(codes).toEqual(['nesting-limit']);
      if (depth === 10) expect(codes).toEqual([]);
    }
  });
});

/** The value of an expression tree of integer literals and + - *, in a loop (trees here are small, but the habit holds). */
function evaluate(root: SyntaxNode, text: string): bigint {
  const values = new Map<SyntaxNode, bigint>();
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack[stack.length - 1] as SyntaxNode;
    const pending = n.children.filter((c) => !values.has(c));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    if (n.type === 'Number') values.set(n, BigInt(text.slice(n.from, n.to)));
    else if (n.type === 'ParenExpr') values.set(n, values.get(n.children[0] as SyntaxNode) ?? 0n);
    else if (n.type === 'BinaryExpr') {
      const [l, r] = n.children.map((c) => values.get(c) ?? 0n);
      const op = text.slice((n.children[0] as SyntaxNode).to, (n.children[1] as SyntaxNode).from).trim();
      const a = l ?? 0n;
      const b = r ?? 0n;
      values.set(n, op === '+' ? a + b : op === '-' ? a - b : a * b);
    }
  }
  return values.get(root) ?? 0n;
}
