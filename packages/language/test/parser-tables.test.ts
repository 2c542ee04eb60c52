import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLanguageConfig, prebuildParserTables, type LanguageSpec } from '@parsercraft/language';
// Internal: the public API only shows the tables through analyze(), which hides where they came from.
import { writeBaseGrammar } from '../src/syntax/base/base-grammar.js';
import { indentationTracker } from '../src/syntax/base/indentation.js';
import { Lexicon } from '../src/syntax/base/lexicon.js';
import {
  loadOrBuildParser,
  parserTableSeeds,
  writeParserTables,
  type TableBindings,
} from '../src/syntax/base/parser-tables.js';
import { createTokenizer } from '../src/syntax/base/tokenizer.js';
import { configPath } from './fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'pc-parser-tables-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(work, `cache-${dirs++}`);

async function grammarOf(config: string): Promise<{ text: string; bindings: TableBindings; spec: LanguageSpec }> {
  const { spec } = await loadLanguageConfig(configPath(config));
  const lexicon = new Lexicon(spec);
  const bindings: TableBindings = {
    configTokens: (terms) => createTokenizer(lexicon, terms),
    ...(spec.syntax.blockStyle === 'indentation' && { indentation: indentationTracker }),
  };
  return { text: writeBaseGrammar(lexicon), bindings, spec };
}

/** The tree's node names, as a parse with these tables sees the program. */
function parseTypes(parser: ReturnType<typeof loadOrBuildParser>['parser'], text: string): string {
  const names: string[] = [];
  parser.parse(text).iterate({ enter: (n) => void names.push(n.name) });
  return names.join(' ');
}

const PASCAL = 'PROGRAM T;\nVAR x: INTEGER;\nBEGIN\n  x := 1 + 2 * 3;\n  WriteLn(x)\nEND.';
const PYTHON = 'def square(n):\n    return n * n\nprint(square(3))\n';

describe('parser tables kept on disk', () => {
  it.each([
    ['pascal_like.yaml', PASCAL],
    ['python_like.yaml', PYTHON],
  ])('%s: built once, then read back, and both parse alike', async (config, program) => {
    const { text, bindings } = await grammarOf(config);
    const dir = freshDir();
    const first = loadOrBuildParser(text, bindings, dir);
    expect(first.from).toBe('built');
    const second = loadOrBuildParser(text, bindings, dir);
    expect(second.from).toBe('disk');
    expect(parseTypes(second.parser, program)).toBe(parseTypes(first.parser, program));
    expect(parseTypes(second.parser, program)).not.toContain('⚠');
    // One entry, and no temp file left behind.
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('a truncated entry is rebuilt and replaced, not trusted', async () => {
    const { text, bindings } = await grammarOf('pascal_like.yaml');
    const dir = freshDir();
    loadOrBuildParser(text, bindings, dir);
    const [name] = readdirSync(dir);
    const path = join(dir, name ?? '');
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole.slice(0, whole.length / 2));
    const again = loadOrBuildParser(text, bindings, dir);
    expect(again.from).toBe('built');
    expect(parseTypes(again.parser, PASCAL)).not.toContain('⚠');
    expect(readFileSync(path, 'utf8')).toBe(whole);
  });

  it('an entry whose code does not run is rebuilt', async () => {
    const { text, bindings } = await grammarOf('pascal_like.yaml');
    const dir = freshDir();
    loadOrBuildParser(text, bindings, dir);
    const path = join(dir, readdirSync(dir)[0] ?? '');
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { parser: string };
    writeFileSync(path, JSON.stringify({ ...entry, parser: entry.parser.replace('deserialize', 'notAFunction') }));
    expect(loadOrBuildParser(text, bindings, dir).from).toBe('built');
    expect(loadOrBuildParser(text, bindings, dir).from).toBe('disk');
  });

  it("an entry for another grammar under this grammar's name is not used", async () => {
    const pascal = await grammarOf('pascal_like.yaml');
    const python = await grammarOf('python_like.yaml');
    const dir = freshDir();
    loadOrBuildParser(pascal.text, pascal.bindings, dir);
    loadOrBuildParser(python.text, python.bindings, dir);
    const [a, b] = readdirSync(dir).map((n) => join(dir, n));
    // Swap the two files: each name now holds the other language's tables.
    const textA = readFileSync(a ?? '', 'utf8');
    writeFileSync(a ?? '', readFileSync(b ?? '', 'utf8'));
    writeFileSync(b ?? '', textA);
    const again = loadOrBuildParser(pascal.text, pascal.bindings, dir);
    expect(again.from).toBe('built');
    expect(parseTypes(again.parser, PASCAL)).not.toContain('⚠');
  });

  it('a folder that cannot be written still gives a working parser', async () => {
    const { text, bindings } = await grammarOf('pascal_like.yaml');
    writeFileSync(join(work, 'not-a-folder'), '');
    // A path below a file cannot be created by anyone, root included.
    const loaded = loadOrBuildParser(text, bindings, join(work, 'not-a-folder', 'parsers'));
    expect(loaded.from).toBe('built, not saved');
    expect(parseTypes(loaded.parser, PASCAL)).not.toContain('⚠');
  });

  it('tables built ahead of time into a seed folder are used, and the cache is left alone', async () => {
    const { text, bindings, spec } = await grammarOf('pascal_like.yaml');
    const seed = freshDir();
    const cache = freshDir();
    const path = prebuildParserTables(spec, seed);
    expect(readdirSync(seed)).toEqual([path.slice(seed.length + 1)]);
    // Building again finds the entry there and writes nothing new.
    expect(writeParserTables(text, seed)).toBe(path);
    const loaded = loadOrBuildParser(text, bindings, cache, [join(work, 'no-such-seed'), seed]);
    expect(loaded.from).toBe('seed');
    expect(parseTypes(loaded.parser, PASCAL)).not.toContain('⚠');
    expect(() => readdirSync(cache)).toThrow();
    // Another language is not in the seed: built, and saved to the cache.
    const python = await grammarOf('python_like.yaml');
    expect(loadOrBuildParser(python.text, python.bindings, cache, [seed]).from).toBe('built');
  });

  it('PARSERCRAFT_PARSER_TABLES lists seed folders like PATH', () => {
    expect(parserTableSeeds({ PARSERCRAFT_PARSER_TABLES: '/a:/b::' })).toEqual(['/a', '/b']);
    expect(parserTableSeeds({})).toEqual([]);
  });
});
