import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
import * as lezerCommon from '@lezer/common';
import { buildParserFile } from '@lezer/generator';
import * as lezerLr from '@lezer/lr';
import { defaultCacheDir } from '@parsercraft/core/cache-dir';

/** What the generated tables import from "parsercraft", made once the term ids are known. */
export interface TableBindings {
  readonly configTokens: (terms: Readonly<Record<string, number>>) => lezerLr.ExternalTokenizer;
  readonly indentation?: (terms: Readonly<Record<string, number>>) => lezerLr.ContextTracker<unknown>;
}

/** Bumped when the entry's shape changes; part of the key, so old entries are never read. */
const ENTRY_FORMAT = 1;
const GENERATOR_VERSION = generatorVersion();

export interface LoadedParser {
  readonly parser: lezerLr.LRParser;
  /** The cache folder, a read-only seed folder, or the generator (saved to the cache or not). */
  readonly from: 'disk' | 'seed' | 'built' | 'built, not saved';
}

interface TablesEntry {
  readonly format: number;
  readonly grammar: string;
  /** The generator's CommonJS output: the term ids, then the parser. */
  readonly terms: string;
  readonly parser: string;
}

/**
 * The LR parser of a grammar, from tables kept on disk by grammar. Generating a config's
 * tables takes a few hundred milliseconds at every start of a server, worker or command;
 * loading them back takes a few. The entry is the generator's own output (CommonJS that
 * calls LRParser.deserialize), so nothing here depends on the table encoding; it is run
 * with this package's @lezer/lr and the config's tokenizer bound in.
 *
 * The cache only saves time: an entry that is missing, unreadable, truncated or written by
 * another generator is built again and replaced, and a folder that cannot be written (read
 * only, disk full) leaves the tables built in memory, as before there was a cache.
 */
export function loadOrBuildParser(
  grammarText: string,
  bindings: TableBindings,
  dir = parserTablesDir(),
  seeds = parserTableSeeds(),
): LoadedParser {
  const name = entryName(grammarText);
  const path = join(dir, name);
  for (const from of [path, ...seeds.map((seed) => join(seed, name))]) {
    const cached = readEntry(from, grammarText);
    if (!cached) continue;
    try {
      return { parser: instantiate(cached, bindings), from: from === path ? 'disk' : 'seed' };
    } catch {
      // Written by a generator whose table version this runtime refuses, or damaged: rebuild.
    }
  }
  const entry = generate(grammarText);
  const parser = instantiate(entry, bindings);
  return { parser, from: writeEntry(path, entry) ? 'built' : 'built, not saved' };
}

/** `<cache>/parsers`: see defaultCacheDir. */
export function parserTablesDir(): string {
  return join(defaultCacheDir(), 'parsers');
}

/**
 * Read-only folders of tables built ahead of time, searched after the cache:
 * $PARSERCRAFT_PARSER_TABLES, a list like PATH. A tool that carries languages ships their
 * tables and names the folder there (the parsercraft command does, for its bundled
 * languages), so even its first run on an empty cache does not wait on the generator. An
 * environment variable because analysis workers and child processes must see it too.
 */
export function parserTableSeeds(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env['PARSERCRAFT_PARSER_TABLES'] ?? '').split(delimiter).filter(Boolean);
}

/**
 * Builds a grammar's tables into `dir` (a seed folder, at build time), unless an entry is
 * there already. Returns the entry's path.
 */
export function writeParserTables(grammarText: string, dir: string): string {
  const path = join(dir, entryName(grammarText));
  if (readEntry(path, grammarText)) return path;
  const entry = generate(grammarText);
  mkdirSync(dir, { recursive: true });
  if (!writeEntry(path, entry)) throw new Error(`could not write ${path}`);
  return path;
}

function entryName(grammarText: string): string {
  return `${createHash('sha256').update(`${ENTRY_FORMAT}\n${GENERATOR_VERSION}\n${grammarText}`).digest('hex').slice(0, 40)}.json`;
}

function generate(grammarText: string): TablesEntry {
  const generated = buildParserFile(grammarText, {
    moduleStyle: 'cjs',
    // Unused declared terms are expected: every grammar declares the full token set.
    warn: () => undefined,
  });
  return { format: ENTRY_FORMAT, grammar: grammarText, terms: generated.terms, parser: generated.parser };
}

function readEntry(path: string, grammarText: string): TablesEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as Partial<TablesEntry>;
    // The grammar is compared too: a key collision must not hand one language another's tables.
    if (
      entry.format !== ENTRY_FORMAT ||
      entry.grammar !== grammarText ||
      typeof entry.terms !== 'string' ||
      typeof entry.parser !== 'string'
    )
      return undefined;
    return entry as TablesEntry;
  } catch {
    return undefined;
  }
}

function writeEntry(path: string, entry: TablesEntry): boolean {
  // Named like the registry client's temp files, so `parsercraft doctor --fix` finds orphans.
  const temp = join(dirname(path), `.pc-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, JSON.stringify(entry), { flag: 'wx' });
    renameSync(temp, path);
    return true;
  } catch {
    // Not writable: this process keeps its tables in memory; see loadOrBuildParser.
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself is not there to hold a temp file.
    }
    return false;
  }
}

function instantiate(entry: TablesEntry, bindings: TableBindings): lezerLr.LRParser {
  const terms = runModule(entry.terms, {}) as Record<string, number>;
  const parsercraft = {
    configTokens: bindings.configTokens(terms),
    ...(bindings.indentation && { indentation: bindings.indentation(terms) }),
  };
  const { parser } = runModule(entry.parser, { '@lezer/lr': lezerLr, '@lezer/common': lezerCommon, parsercraft });
  if (!(parser instanceof lezerLr.LRParser)) throw new Error('the tables did not define a parser');
  return parser;
}

/** Runs one generated CommonJS module with only the imports it is given. */
function runModule(code: string, imports: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (!(name in imports)) throw new Error(`generated tables import ${name}`);
    return imports[name];
  };
  const run = compileFunction(code, ['require', 'exports', 'module']) as (
    req: typeof require,
    exports: unknown,
    mod: typeof module,
  ) => void;
  run(require, module.exports, module);
  return module.exports;
}

function generatorVersion(): string {
  try {
    const entry = fileURLToPath(import.meta.resolve('@lezer/generator'));
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return manifest.version;
  } catch {
    // Bundled (the VS Code extension ships one file, no node_modules): entries are then keyed
    // by grammar alone. Tables of another generator are still right for their grammar, and
    // LRParser.deserialize refuses any of a table format this runtime does not read.
    return 'bundled';
  }
}
