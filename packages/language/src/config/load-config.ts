import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { classify } from '@parsercraft/core/errors';
import type { Node } from 'yaml';
import { checkLayoutPunctuation } from './layout-punctuation.js';
import { checkKeyTypes } from './key-types.js';
import { keepReadableSpellings } from './layout-spelling.js';
import { keepUsableMarkers } from './lexical-markers.js';
import { ConfigCodes } from './config-codes.js';
import { CONFIG_SOURCE, ConfigDocument } from './config-document.js';
import { DEFAULT_OPERATORS } from './default-operators.js';
import {
  METADATA_KEYS,
  PARSING_CONFIG_KEYS,
  PARSING_KEYS,
  RUNTIME_KEYS,
  SYNTAX_KEYS,
  SYNTAX_OPTIONS_KEYS,
  TOP_LEVEL_KEYS,
} from './known-keys.js';
import type { ConfigDialect, FunctionSpec, KeywordSpec, LanguageSpec } from './language-spec.js';
import { normalizeGrammar } from './normalize-grammar.js';
import { normalizeLexical, normalizeSyntax } from './normalize-layout.js';
import {
  normalizeFunctions,
  normalizeKeywords,
  normalizeOperators,
  reportUnknownKeys,
} from './normalize-vocabulary.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface LoadConfigOptions {
  /** Defaults to the file extension, then to YAML (which also reads JSON). */
  readonly format?: 'yaml' | 'json';
}

export interface LoadedConfig {
  /** Always present: a config with errors still yields the best spec it can, for editors. */
  readonly spec: LanguageSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads a language config of any ParserCraft dialect from a path or from its text. Text is
 * recognized by containing a newline or starting like a document; anything else is a path.
 * Never throws on bad input: unreadable files and malformed documents come back as
 * diagnostics with an empty spec. Whether a `grammar:` section builds is syntax's to say:
 * the package's loadLanguageConfig (language-config.ts) adds that.
 */
export async function readLanguageConfig(pathOrText: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  if (looksLikeText(pathOrText)) return parseConfigText(pathOrText, options);
  let text: string;
  try {
    text = await readFile(pathOrText, 'utf8');
  } catch (error) {
    const pc = classify(error);
    const spec = buildSpec(new ConfigDocument('', 'yaml'), pathOrText);
    const diagnostic: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'error',
      code: pc.code,
      message: `Cannot read ${pathOrText}: ${pc.message}`,
      source: CONFIG_SOURCE,
    };
    return { spec, diagnostics: [diagnostic] };
  }
  const format = options.format ?? (extname(pathOrText).toLowerCase() === '.json' ? 'json' : 'yaml');
  return parseConfigText(text, { format }, pathOrText);
}

/** The synchronous core of `readLanguageConfig`, for text already in memory. */
export function parseConfigText(text: string, options: LoadConfigOptions = {}, sourcePath?: string): LoadedConfig {
  const format = options.format ?? (/^\s*[{[]/.test(text) ? 'json' : 'yaml');
  const doc = new ConfigDocument(text, format);
  const spec = buildSpec(doc, sourcePath);
  return { spec, diagnostics: doc.diagnostics };
}

function looksLikeText(s: string): boolean {
  // A YAML key is followed by a space or the end; `C:\langs\x.yaml` is a path, not a key.
  return s.includes('\n') || /^\s*[{[]/.test(s) || /^[\w"']+\s*:(\s|$)/.test(s);
}

function buildSpec(doc: ConfigDocument, sourcePath: string | undefined): LanguageSpec {
  const top = new Map<string, Node | null>();
  if (doc.root !== null) {
    if (!doc.isMapping(doc.root)) {
      doc.report(
        ConfigCodes.PC_CONFIG_NOT_A_MAPPING,
        doc.rangeOf(doc.root),
        'A language config must be a mapping with sections such as keywords, functions and operators.',
      );
    } else {
      reportUnknownKeys(doc, doc.root, TOP_LEVEL_KEYS, 'the config');
      for (const e of doc.entries(doc.root, 'the config')) top.set(e.key, e.value);
    }
  }
  const section = (key: string): Node | null => top.get(key) ?? null;
  const dialects = new Set<ConfigDialect>();
  if (top.has('metadata') || top.has('syntax_options') || top.has('parsing_config')) dialects.add('canonical');
  if (top.has('name') || top.has('parsing') || top.has('syntax')) dialects.add('flat');
  if (top.has('builtin_functions') || top.has('debug_mode')) dialects.add('legacy');

  reportUnknownKeys(doc, section('metadata'), METADATA_KEYS, 'metadata');
  reportUnknownKeys(doc, section('syntax_options'), SYNTAX_OPTIONS_KEYS, 'syntax_options');
  reportUnknownKeys(doc, section('parsing_config'), PARSING_CONFIG_KEYS, 'parsing_config');
  reportUnknownKeys(doc, section('parsing'), PARSING_KEYS, 'parsing');
  reportUnknownKeys(doc, section('syntax'), SYNTAX_KEYS, 'syntax');
  reportUnknownKeys(doc, section('runtime'), RUNTIME_KEYS, 'runtime');
  const meta = new Map(doc.entries(section('metadata'), 'metadata').map((e) => [e.key, e.value]));
  const metaString = (key: string): string | undefined =>
    doc.string(meta.get(key) ?? null, `metadata.${key}`) ?? doc.string(section(key), key);

  const layout = {
    syntaxOptions: section('syntax_options'),
    parsingConfig: section('parsing_config'),
    parsing: section('parsing'),
    syntax: section('syntax'),
  };
  const { lexical: unchecked, markers } = normalizeLexical(doc, layout);
  // Case-insensitive languages read `Begin` and `BEGIN` as one word: spellings merge folded.
  const keywordList = mergeSameSpellings(
    doc,
    normalizeKeywords(doc, section('keywords'), dialects),
    unchecked.caseSensitive,
  );
  const functionList = [
    ...normalizeFunctions(doc, section('functions'), 'functions'),
    ...normalizeFunctions(doc, section('builtin_functions'), 'builtin_functions'),
  ];
  const normalized = normalizeOperators(doc, section('operators'));
  let operators = normalized.operators;
  if (!normalized.listed) {
    if (top.has('operators')) {
      doc.report(
        ConfigCodes.PC_CONFIG_DEFAULT_APPLIED,
        doc.rangeOf(section('operators')),
        `operators is empty; the default operator table is used (${DEFAULT_OPERATORS.map((o) => o.symbol).join(' ')}).`,
      );
    }
    operators = [...DEFAULT_OPERATORS];
  }
  checkKeywordsAgainstFunctions(doc, keywordList, functionList, section('grammar') !== null);

  const allKeywords = new Map<string, KeywordSpec>();
  for (const k of keywordList) if (!allKeywords.has(k.concept)) allKeywords.set(k.concept, k);
  const allFunctions = new Map<string, FunctionSpec>();
  for (const f of functionList) if (f.enabled && !allFunctions.has(f.name)) allFunctions.set(f.name, f);

  // The block style is guessed from the markers as written; how they clash depends on it.
  const syntax = normalizeSyntax(doc, layout, unchecked, allKeywords, operators);
  const { lexical, separator } = keepUsableMarkers(doc, markers, syntax.blockStyle);
  // Which spellings a program can write depends on how the layout tokenizes; known only now.
  const readable = keepReadableSpellings(
    doc,
    syntax.blockStyle,
    lexical,
    syntax.assignmentOperator,
    { keywords: allKeywords, functions: allFunctions, operators },
    normalized.symbolRanges,
  );
  const { keywords, functions } = readable;
  operators = [...readable.operators];
  checkLayoutPunctuation(doc, syntax.blockStyle, lexical, operators, separator);
  const grammar = normalizeGrammar(doc, section('grammar'));

  const extension = metaString('file_extension');
  const spec: LanguageSpec = {
    name: metaString('name') ?? 'Unnamed language',
    version: metaString('version') ?? '0.0.0',
    description: metaString('description')?.trim() ?? '',
    dialects: [...dialects],
    fileExtensions: extension ? [extension.startsWith('.') ? extension : `.${extension}`] : [],
    keywords,
    functions,
    operators,
    lexical,
    syntax,
    ...(grammar && { grammar }),
    ...(sourcePath !== undefined && { sourcePath }),
  };
  // Last, so that what the normalizers read is reported in their words and order.
  checkKeyTypes(doc, doc.root);
  return spec;
}

/**
 * Keywords spelled alike become one keyword, as ParserCraft reads them: its runtime maps each
 * spelling back to a role with a dict built in config order, so the entry listed last wins.
 * The roles it displaces are dropped with a warning, and are named on the winner (`merged`).
 */
function mergeSameSpellings(
  doc: ConfigDocument,
  keywords: readonly KeywordSpec[],
  caseSensitive: boolean,
): KeywordSpec[] {
  const spelling = (k: KeywordSpec): string => (caseSensitive ? k.custom : k.custom.toLowerCase());
  const bySpelling = new Map<string, KeywordSpec[]>();
  for (const k of keywords) bySpelling.set(spelling(k), [...(bySpelling.get(spelling(k)) ?? []), k]);
  const winners = new Map<KeywordSpec, KeywordSpec>();
  for (const group of bySpelling.values()) {
    const winner = group[group.length - 1] as KeywordSpec;
    const losers = group.slice(0, -1);
    if (losers.length === 0) continue;
    winners.set(winner, { ...winner, merged: losers.map((l) => l.concept) });
    for (const loser of losers) {
      doc.report(
        ConfigCodes.PC_CONFIG_DUPLICATE_KEYWORD,
        winner.range,
        `Keyword '${winner.concept}' is spelled '${winner.custom}', like keyword '${loser.concept}' (line ${(loser.range?.start.line ?? 0) + 1}); as in ParserCraft, the later entry wins: '${winner.custom}' means ${winner.concept}, and ${loser.concept} has no spelling of its own.`,
      );
    }
  }
  const dropped = new Set([...winners.keys()].flatMap((w) => bySpelling.get(spelling(w))?.slice(0, -1) ?? []));
  return keywords.filter((k) => !dropped.has(k)).map((k) => winners.get(k) ?? k);
}

/**
 * Keywords spelled like a function. With a grammar section the grammar's own literals decide
 * how the word parses (TempleCode's `SAY` is both its print keyword and its say function), so
 * it is only worth a warning there.
 */
function checkKeywordsAgainstFunctions(
  doc: ConfigDocument,
  keywords: readonly KeywordSpec[],
  functions: readonly FunctionSpec[],
  hasGrammar: boolean,
): void {
  const fold = (s: string): string => s.toLowerCase();
  const fnByName = new Map(functions.filter((f) => f.enabled).map((f) => [fold(f.name), f]));
  for (const k of keywords) {
    const fn = fnByName.get(fold(k.custom));
    if (!fn) continue;
    doc.report(
      ConfigCodes.PC_CONFIG_KEYWORD_IS_FUNCTION,
      k.range,
      hasGrammar
        ? `Keyword '${k.concept}' is spelled '${k.custom}', like function '${fn.key}' (line ${(fn.range?.start.line ?? 0) + 1}); the grammar section decides how '${k.custom}' parses.`
        : `Keyword '${k.concept}' is spelled '${k.custom}', like function '${fn.key}' (line ${(fn.range?.start.line ?? 0) + 1}); calls to it would parse as the keyword.`,
      hasGrammar ? 'warning' : undefined,
    );
  }
}
