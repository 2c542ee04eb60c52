import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, loadLanguageConfig, walkTree, type LanguageSpec, type SyntaxNode } from '@parsercraft/language';
import { PcError } from '@parsercraft/core';
import { configPath, program } from './fixtures.js';

const specs = new Map<string, LanguageSpec>();
async function spec(name: string): Promise<LanguageSpec> {
  const cached = specs.get(name);
  if (cached) return cached;
  const loaded = (await loadLanguageConfig(configPath(name))).spec;
  specs.set(name, loaded);
  return loaded;
}

const types = (tree: SyntaxNode): string[] => {
  const out: string[] = [];
  walkTree(tree, (n) => {
    out.push(n.type);
  });
  return out;
};
const errors = (diagnostics: readonly { severity: string; message: string }[]): string[] =>
  diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

const PYTHON = `# totals\nconst limit = 10\ndef square(n):\n    return n * n\n\ntotal = 0\ni = 0\nwhile i < limit:\n    if i % 2 == 0:\n        total = total + square(i)\n    elif i == 3:\n        print("three")\n    else:\n        print(i)\n    i = i + 1\nprint("total", total)`;
const GW_BASIC = `REM squares\nDIM A(10)\nLET N = 5\nI = 1\nWHILE I <= N\n  A(I) = I * I\n  PRINT "Square of "; I; " is "; A(I)\n  I = I + 1\nWEND\nIF N > 3 THEN PRINT "big" ELSE PRINT "small"\nPRINT LEN("abc"), STR$(N)\nGOSUB 100\nGOTO 200\n100 PRINT "in subroutine"\nRETURN\n200 PRINT "done"\n`;
const BASIC = `REM BASIC-like\nLET X = 10\nDIM B(5)\nIF X > 5 THEN PRINT "X is large": X = X - 1\nY = SQR(X) + ABS(-3)\nPRINT "Result", Y\n`;

describe('programs parse without errors', () => {
  it.each(['hello', 'fibonacci', 'sort'])('pascal/%s.pas with pascal_like.yaml', async (name) => {
    const result = analyze(await spec('pascal_like.yaml'), program(`pascal/${name}.pas`));
    expect(errors(result.diagnostics)).toEqual([]);
    expect(result.grammarSource).toBe('builtin');
    expect(types(result.tree)).toContain('Block');
  });

  it('sort.pas: declarations, FOR loops and nested IF come out as nodes', async () => {
    const tree = analyze(await spec('pascal_like.yaml'), program('pascal/sort.pas')).tree;
    const t = types(tree);
    expect(t.filter((x) => x === 'ForStatement')).toHaveLength(4);
    expect(t).toEqual(
      expect.arrayContaining(['ConstSection', 'VarSection', 'ArrayType', 'IndexRange', 'IfStatement', 'IndexExpr']),
    );
  });

  it('star_academy.ret with timewarp_templecode.yaml, through its own grammar section', async () => {
    const result = analyze(await spec('timewarp_templecode.yaml'), program('templecode/star_academy.ret'));
    expect(result.grammarSource).toBe('config');
    expect(errors(result.diagnostics)).toEqual([]);
    const t = types(result.tree);
    expect(t.filter((x) => x === 'repeat_stmt')).toHaveLength(4);
    expect(t.filter((x) => x === 'if_stmt')).toHaveLength(4);
    expect(t).toContain('for_stmt');
  });

  it.each([
    ['python_like.yaml', PYTHON, ['FunctionDecl', 'WhileStatement', 'IfStatement', 'ConstDecl', 'ReturnStatement']],
    ['gw_basic.yaml', GW_BASIC, ['DimStatement', 'WhileStatement', 'IfStatement', 'CommandStatement', 'JumpStatement']],
    ['basic_like.yaml', BASIC, ['DimStatement', 'IfStatement', 'CommandStatement', 'Assignment']],
  ])('a program written for %s', async (config, text, expected) => {
    const result = analyze(await spec(config), text);
    expect(errors(result.diagnostics)).toEqual([]);
    expect(types(result.tree)).toEqual(expect.arrayContaining(expected));
  });

  it('operator precedence and associativity come from the config', async () => {
    const pascal = await spec('pascal_like.yaml');
    const tree = analyze(pascal, 'BEGIN x := 1 + 2 * 3 - 4 END.').tree;
    const text = 'BEGIN x := 1 + 2 * 3 - 4 END.';
    const outer = findFirst(tree, 'BinaryExpr');
    // (1 + (2 * 3)) - 4: left-associative + and -, * binding tighter.
    expect(outer && text.slice(outer.from, outer.to)).toBe('1 + 2 * 3 - 4');
    expect(outer?.children.map((c) => text.slice(c.from, c.to))).toEqual(['1 + 2 * 3', '4']);
    const gw = await spec('gw_basic.yaml');
    const pow = 'X = 2 ^ 3 ^ 2\n';
    const right = findFirst(analyze(gw, pow).tree, 'BinaryExpr');
    expect(right?.children.map((c) => pow.slice(c.from, c.to))).toEqual(['2', '3 ^ 2']);
  });
});

describe('recovery', () => {
  it('one bad Pascal line does not hide the statements after it', async () => {
    const source = program('pascal/fibonacci.pas').replace('a := 0;', 'a := ;');
    const result = analyze(await spec('pascal_like.yaml'), source);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.start.line)).toEqual([14]);
    expect(types(result.tree).filter((x) => x === 'WhileStatement')).toHaveLength(1);
    expect(types(result.tree).filter((x) => x === 'Assignment').length).toBeGreaterThanOrEqual(8);
    // The names after the bad line still resolve: `b` in the last WriteLn finds its VAR.
    const lastB = source.lastIndexOf(', b);');
    expect(result.symbols.definition(result.lines.position(lastB + 2))?.start.line).toBe(8);
  });

  it('a bad TempleCode line is reported with the PEG expectation, and the rest still parses', async () => {
    const source = program('templecode/star_academy.ret').replace('LET score = 0', 'LET score = = 0');
    const result = analyze(await spec('timewarp_templecode.yaml'), source);
    const syntax = result.diagnostics.filter((d) => d.source === 'parsercraft-syntax');
    expect(syntax.map((d) => [d.range.start.line, d.range.start.character])).toEqual([[16, 12]]);
    expect(syntax[0]?.message).toContain('but "=" found');
    expect(types(result.tree).filter((x) => x === 'repeat_stmt')).toHaveLength(4);
    expect(result.symbols.documentSymbols()[0]?.children.map((s) => s.name)).toContain('dist');
  });
});

describe('never throws, honours cancel and budget', () => {
  const samples = (): [string, string][] => [
    ['pascal_like.yaml', program('pascal/sort.pas')],
    ['timewarp_templecode.yaml', program('templecode/star_academy.ret')],
    ['python_like.yaml', PYTHON],
    ['gw_basic.yaml', GW_BASIC],
  ];

  it('survives random text, truncations and deleted spans (fixed seed, bounded runs)', async () => {
    for (const [config, text] of samples()) {
      const s = await spec(config);
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 400 }),
            fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
            fc
              .tuple(fc.nat({ max: text.length }), fc.nat({ max: 200 }))
              .map(([at, len]) => text.slice(0, at) + text.slice(at + len)),
          ),
          (input) => {
            const result = analyze(s, input, { budgetMs: 2_000 });
            expect(result.tree.to).toBeLessThanOrEqual(input.length);
            for (const d of result.diagnostics) expect(d.range.start.line).toBeLessThan(result.lines.lineCount);
            // What an editor asks next must not throw either, wherever the cursor is.
            result.symbols.documentSymbols();
            for (let at = 0; at <= input.length; at += Math.max(1, Math.floor(input.length / 7))) {
              const position = result.lines.position(at);
              result.symbols.hover(position);
              const definition = result.symbols.definition(position);
              if (definition) expect(definition.end.line).toBeLessThan(result.lines.lineCount);
              result.symbols.references(position);
            }
          },
        ),
        { seed: 20261123, numRuns: 60 },
      );
    }
  });

  it('an aborted signal rejects with PC_CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    const s = await spec('pascal_like.yaml');
    expect(() => analyze(s, program('pascal/hello.pas'), { signal: controller.signal })).toThrow(PcError);
  });

  it('a spent budget returns the part parsed so far and says so', async () => {
    const s = await spec('pascal_like.yaml');
    const body = Array.from({ length: 20_000 }, (_, i) => `  x${i % 50} := ${i} + y * (z - ${i});`).join('\n');
    const result = analyze(s, `PROGRAM Big;\nBEGIN\n${body}\nEND.`, { budgetMs: 0 });
    expect(result.diagnostics.map((d) => d.code)).toContain('analysis-budget-exceeded');
  });
});

function findFirst(tree: SyntaxNode, type: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  walkTree(tree, (n) => {
    if (found) return false;
    if (n.type === type) {
      found = n;
      return false;
    }
    return undefined;
  });
  return found;
}
