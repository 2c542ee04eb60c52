import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as language from '@parsercraft/language';
import { analyze, loadLanguageConfig, walkTree, type BlockStyle, type LanguageSpec } from '@parsercraft/language';
// Internal: the parsers' node sets and the vocabulary's split into Lezer and converted names.
import { baseParserFor } from '../src/syntax/base/base-parser.js';
import { CONVERTED_NODES, LEZER_NODES, OPERATOR_GROUP_PREFIX } from '../src/syntax/base/builtin-nodes.js';
import { FIXTURES } from './fixtures.js';

/**
 * The vocabulary of the built-in grammars (`BuiltinNode`) against what they really build:
 * every parser of every fixture config in every layout names only vocabulary nodes, and
 * together they name all of them, so a node added to the grammar or dropped from it
 * without the vocabulary (or the other way round) fails here.
 */
const LAYOUTS: readonly BlockStyle[] = ['keywords', 'braces', 'lines', 'indentation'];
const CONFIG_DIRS = [`${FIXTURES}configs`, fileURLToPath(new URL('fixtures/protocols', import.meta.url))];
const GROUP = new RegExp(`^${OPERATOR_GROUP_PREFIX}(\\d+)$`);

async function fixtureSpecs(): Promise<Map<string, LanguageSpec>> {
  const specs = new Map<string, LanguageSpec>();
  for (const dir of CONFIG_DIRS)
    for (const file of readdirSync(dir)
      .filter((f) => /\.(json|yaml)$/.test(f))
      .sort())
      specs.set(file, (await loadLanguageConfig(`${dir}/${file}`)).spec);
  return specs;
}

const inLayout = (spec: LanguageSpec, blockStyle: BlockStyle): LanguageSpec => ({
  ...spec,
  syntax: { ...spec.syntax, blockStyle },
});

/** The named node types of the spec's Lezer parser (anonymous terms have no name). */
function parserNodeNames(spec: LanguageSpec): { names: string[]; groups: number } {
  const base = baseParserFor(spec);
  const names = base.parser.nodeSet.types.map((t) => t.name).filter((name) => name !== '');
  return { names, groups: base.operatorGroups.length };
}

describe('BuiltinNode, the node vocabulary of the built-in grammars', () => {
  it('is exported by the built package, one name per node and the error node as Error', () => {
    expect(language.BuiltinNode.Assignment).toBe('Assignment');
    expect(language.BuiltinNode.Error).toBe('⚠');
    const values = Object.values(language.BuiltinNode);
    expect(new Set(values).size).toBe(values.length);
    // Every name is its own key, but the error node's.
    for (const [key, value] of Object.entries(language.BuiltinNode)) if (key !== 'Error') expect(value).toBe(key);
  });

  it('equals the set of node names the parsers of every fixture config in every layout have', async () => {
    const specs = await fixtureSpecs();
    expect(specs.size).toBeGreaterThanOrEqual(18);
    const seen = new Set<string>();
    const outside: string[] = [];
    for (const [file, spec] of specs)
      for (const layout of LAYOUTS) {
        const { names, groups } = parserNodeNames(inLayout(spec, layout));
        const groupNames = names.filter((name) => GROUP.test(name));
        // One operator group node per precedence level, numbered from 0.
        expect(groupNames, `${file} ${layout}`).toEqual(
          Array.from({ length: groups }, (_, i) => `${OPERATOR_GROUP_PREFIX}${i}`),
        );
        for (const name of names) {
          if (GROUP.test(name)) continue;
          seen.add(name);
          if (!LEZER_NODES.has(name)) outside.push(`${file} ${layout}: ${name}`);
        }
      }
    expect(outside, 'node names the grammar writes that BuiltinNode lacks').toEqual([]);
    expect(
      [...LEZER_NODES].filter((name) => !seen.has(name)),
      'BuiltinNode names no parser has',
    ).toEqual([]);
    expect(
      [...CONVERTED_NODES].filter((name) => seen.has(name)),
      'converted names a grammar writes',
    ).toEqual([]);
  });

  it('covers every node of an analysed tree, the converted ones included, and no chain node', async () => {
    const spec = (await loadLanguageConfig(`${FIXTURES}configs/pascal_like.yaml`)).spec;
    const text = [
      'PROGRAM P;',
      'TYPE Point = RECORD x: INTEGER END;',
      'VAR p: Point; a: ARRAY [1..3] OF INTEGER;',
      'BEGIN',
      '  p.x := a[1] + Abs(-2);',
      '  WriteLn(p.x * 2)',
      'END.',
      '',
    ].join('\n');
    const analysis = analyze(spec, text);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const types = new Set<string>();
    walkTree(analysis.tree, (node) => void types.add(node.type));
    const vocabulary = new Set<string>(Object.values(language.BuiltinNode));
    expect([...types].filter((type) => !vocabulary.has(type))).toEqual([]);
    for (const converted of CONVERTED_NODES) expect(types.has(converted), converted).toBe(true);
    const { SuffixChain, IndexSuffix, MemberSuffix, OperatorChain } = language.BuiltinNode;
    for (const chain of [SuffixChain, IndexSuffix, MemberSuffix, OperatorChain])
      expect(types.has(chain), chain).toBe(false);
  });
});
