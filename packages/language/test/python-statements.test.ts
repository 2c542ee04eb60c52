import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, type Diagnostic, type LanguageSpec } from '@parsercraft/language';
import { spec } from './helpers.js';

/**
 * Python's for-in, classes, imports and list literals in the indentation layout, where a
 * config spells their keywords: real Python-shaped programs check clean, as they run in
 * ParserCraft (which translates the keywords and runs Python), and one mistake in one of
 * these statements is one finding.
 */

const findings = (s: LanguageSpec, text: string): string[] =>
  analyze(s, text).diagnostics.map((d: Diagnostic) => `${d.range.start.line + 1}:${d.code}: ${d.message}`);

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** demo_python_custom spells `from`, `as` and `class` (as `blueprint`); its own layout is braces. */
async function indentedDemo(): Promise<LanguageSpec> {
  const s = await spec('demo_python_custom.json');
  return { ...s, syntax: { ...s.syntax, blockStyle: 'indentation' } };
}

describe('python_like: programs of these statements check clean', () => {
  it.each([
    ['an import', lines('import math')],
    ['an imported module, its members unchecked', lines('import math', 'print(math.sqrt(4))')],
    [
      'a class, its constructor and a method',
      lines('class Counter:', '    def inc(self, n):', '        return n + 1', 'c = Counter()', 'print(c.inc(1))'),
    ],
    [
      'class variables, read as members',
      lines('class C:', '    size = 1', '    def get(self):', '        return self.size', 'print(C().get())'),
    ],
    ['a for-in loop over a config function', lines('for i in range(3):', '    print(i)')],
    ['a list literal and an index', lines('items = [1, 2, 3]', 'print(items[0])')],
    ['an empty list', lines('empty = []', 'print(len(empty))')],
    ['a nested list in a call', lines('print([[1, 2], [], [len("ab")]])')],
    ['a for-in over a list', lines('total = 0', 'for x in [1, 2]:', '    total = total + x', 'print(total)')],
  ])('%s', async (_, text) => {
    expect(findings(await spec('python_like.yaml'), text)).toEqual([]);
  });

  it('binds the loop variable in the enclosing routine, where it is still read after the loop', async () => {
    const text = lines('def last(n):', '    for i in range(n):', '        print(i)', '    return i', 'print(last(3))');
    expect(findings(await spec('python_like.yaml'), text)).toEqual([]);
  });

  it('declares the class and its methods where Python does: the method only in the class', async () => {
    const s = await spec('python_like.yaml');
    const text = lines('class Counter:', '    def inc(self, n):', '        return n + 1', 'print(inc(1))');
    expect(findings(s, text)).toEqual(["4:undefined-name: 'inc' is not a declared function, procedure or array."]);
    const declared = analyze(s, text).symbols.declared;
    const counter = declared.find((x) => x.name === 'Counter');
    expect(counter?.kind).toBe('type');
    expect(declared.find((x) => x.name === 'inc')?.scope.owner).toBe(counter);
  });

  it('still reports a function the config does not define', async () => {
    expect(findings(await spec('python_like.yaml'), lines('for i in rang(3):', '    print(i)'))).toEqual([
      "1:undefined-name: 'rang' is not a declared function, procedure or array.",
    ]);
  });

  it('lists of any numbers parse (fixed seed)', async () => {
    const s = await spec('python_like.yaml');
    fc.assert(
      fc.property(fc.array(fc.nat(999), { maxLength: 8 }), (ns) => {
        expect(findings(s, lines(`xs = [${ns.join(', ')}]`, 'print(xs)'))).toEqual([]);
      }),
      { seed: 19, numRuns: 50 },
    );
  });
});

describe('minimal: `for` without a spelled `in` loops with `in`, as ParserCraft runs it in Python', () => {
  it('checks a for-in loop and a list clean', async () => {
    const text = lines('for i in range(3):', '    print([i, i])');
    expect(findings(await spec('minimal.json'), text)).toEqual([]);
  });
});

describe('a config that spells from and as (demo_python_custom, in the indentation layout)', () => {
  it('binds aliases and imported names, and its class keyword is its own spelling', async () => {
    const text = lines(
      'from os import path as p, sep',
      'import os.path, sys as s',
      'blueprint Point:',
      '    def norm(self):',
      '        return 0',
      'print(p, sep, os, s, Point().norm())',
    );
    expect(findings(await indentedDemo(), text)).toEqual([]);
  });

  it('reports a name used under its original name after an alias', async () => {
    const text = lines('import sys as s', 'print(sys)');
    expect(findings(await indentedDemo(), text)).toEqual(["2:undefined-name: 'sys' is not declared."]);
  });
});

describe('python_like: one mistake in one of these statements is one finding', () => {
  it.each([
    ['a for without in', lines('for i range(3):', '    print(i)'), 1],
    ['a for-in without its iterable', lines('for i in :', '    print(i)'), 1],
    ['a for-in without its colon', lines('for i in range(3)', '    print(i)'), 1],
    ['a class without its name', lines('class :', '    x = 1'), 1],
    ['a class without its colon', lines('class C', '    x = 1'), 1],
    ['an import without a module', lines('import'), 1],
    ['an unclosed list', lines('xs = [1, 2', 'print(xs)'), 1],
    ['a list without a comma', lines('xs = [1 2]', 'print(xs)'), 1],
  ])('%s', async (_, text, line) => {
    const found = findings(await spec('python_like.yaml'), text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${line}:syntax-error: `));
  });
});

describe('Python loops: else branches and unpacking', () => {
  it('for and while take an else: block, and for i, j in ... binds both names', async () => {
    const py = await spec('python_like.yaml');
    for (const text of [
      'for x in [1]:\n    print(x)\nelse:\n    print(0)\n',
      'x = 3\nwhile x > 0:\n    x = x - 1\nelse:\n    print(x)\n',
      'for i, j in [[1, 2], [3, 4]]:\n    print(i, j)\n',
      'if 1:\n    for x in [1]:\n        print(x)\nelse:\n    print(2)\n',
    ])
      expect(
        analyze(py, text).diagnostics.filter((d) => d.severity !== 'hint'),
        text,
      ).toEqual([]);
  });
});
