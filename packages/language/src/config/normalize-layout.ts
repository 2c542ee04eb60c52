import type { Node } from 'yaml';
import type { ConfigDocument } from './config-document.js';
import type { BlockStyle, KeywordSpec, LexicalSpec, OperatorSpec, SyntaxSpec } from './language-spec.js';
import { lexicalSpec, type LexicalMarkers, type Marker } from './lexical-markers.js';

/** The sections that shape lexing and block structure, by the names each dialect uses. */
export interface LayoutSections {
  readonly syntaxOptions: Node | null;
  readonly parsingConfig: Node | null;
  readonly parsing: Node | null;
  readonly syntax: Node | null;
}

type Fields = Map<string, Node | null>;

const fieldsOf = (doc: ConfigDocument, node: Node | null, where: string): Fields =>
  new Map(doc.entries(node, where).map((e) => [e.key, e.value]));

/**
 * The config's lexical markers, each where it is written, and the lexical spec they make
 * before they are checked against each other (lexical-markers.ts), which needs the block
 * style, which in turn is guessed from these markers.
 */
export function normalizeLexical(
  doc: ConfigDocument,
  s: LayoutSections,
): { readonly lexical: LexicalSpec; readonly markers: LexicalMarkers } {
  const opts = fieldsOf(doc, s.syntaxOptions, 'syntax_options');
  const pcfg = fieldsOf(doc, s.parsingConfig, 'parsing_config');
  const parsing = fieldsOf(doc, s.parsing, 'parsing');
  const syntax = fieldsOf(doc, s.syntax, 'syntax');
  // An empty string is kept: an empty comment marker is a mistake, an empty separator means none.
  const marker = (fields: Fields, key: string, where: string): Marker | undefined => {
    const node = fields.get(key) ?? null;
    const spelling = doc.string(node, `${where}.${key}`);
    return spelling === undefined ? undefined : { spelling, node, where: `${where}.${key}` };
  };
  const present = (m: Marker | undefined): m is Marker => m !== undefined;

  const lineComments = [
    marker(parsing, 'comment_style', 'parsing'),
    marker(parsing, 'alt_comment_prefix', 'parsing'),
    marker(opts, 'single_line_comment', 'syntax_options'),
  ].filter(present);
  const blockComments: [Marker, Marker][] = [];
  for (const [fields, where, start, end] of [
    [parsing, 'parsing', 'multiline_comment_start', 'multiline_comment_end'],
    [opts, 'syntax_options', 'multi_line_comment_start', 'multi_line_comment_end'],
  ] as const) {
    const open = marker(fields, start, where);
    const close = marker(fields, end, where);
    if (open !== undefined && close !== undefined && close.spelling !== '') blockComments.push([open, close]);
  }

  const delimiterWhere = parsing.has('string_delimiters') ? 'parsing' : 'parsing_config';
  const delimiterNode = parsing.get('string_delimiters') ?? pcfg.get('string_delimiters') ?? null;
  const stringDelimiters = (doc.list(delimiterNode, `${delimiterWhere}.string_delimiters`) ?? [])
    .map((node, i): Marker | undefined => {
      const where = `${delimiterWhere}.string_delimiters[${i}]`;
      const spelling = doc.string(node, where);
      return spelling === undefined ? undefined : { spelling, node, where };
    })
    .filter(present);

  const separators = [
    marker(syntax, 'statement_separator', 'syntax'),
    marker(pcfg, 'statement_separator', 'parsing_config'),
    marker(parsing, 'statement_separator', 'parsing'),
    marker(opts, 'statement_terminator', 'syntax_options'),
  ].filter((m): m is Marker => m !== undefined && m.spelling !== '');

  const caseSensitive =
    doc.boolean(parsing.get('case_sensitive') ?? null, 'parsing.case_sensitive') ??
    doc.boolean(opts.get('case_sensitive') ?? null, 'syntax_options.case_sensitive') ??
    doc.boolean(syntax.get('case_sensitive') ?? null, 'syntax.case_sensitive') ??
    true;
  const continuation = doc.string(parsing.get('line_continuation') ?? null, 'parsing.line_continuation');

  const markers: LexicalMarkers = {
    lineComments,
    blockComments,
    stringDelimiters,
    separators,
    caseSensitive,
    lineContinuation: continuation === undefined || continuation === '' ? null : continuation,
  };
  return { lexical: lexicalSpec(markers, new Set()), markers };
}

const BLOCK_STYLES: readonly BlockStyle[] = ['keywords', 'braces', 'indentation', 'lines', 'stack'];

/**
 * The block style, when no `block_style` says it: a stack (Forth) layout if words are
 * defined with `:` or the config names the stack words DUP and SWAP; BEGIN/END keywords if
 * the config defines both; braces if `parsing_config.block_start` is `{`; lines for BASIC-shaped configs
 * (REM comments or `:` between statements); otherwise indentation, as in Python.
 */
export function normalizeSyntax(
  doc: ConfigDocument,
  s: LayoutSections,
  lexical: LexicalSpec,
  keywords: ReadonlyMap<string, KeywordSpec>,
  operators: readonly OperatorSpec[],
): SyntaxSpec {
  const opts = fieldsOf(doc, s.syntaxOptions, 'syntax_options');
  const pcfg = fieldsOf(doc, s.parsingConfig, 'parsing_config');
  const parsing = fieldsOf(doc, s.parsing, 'parsing');
  const syntax = fieldsOf(doc, s.syntax, 'syntax');

  let blockStyle: BlockStyle | undefined;
  for (const [fields, where] of [
    [syntax, 'syntax'],
    [parsing, 'parsing'],
    [opts, 'syntax_options'],
  ] as const) {
    const node = fields.get('block_style') ?? null;
    const value = doc.string(node, `${where}.block_style`);
    if (value === undefined) continue;
    if ((BLOCK_STYLES as readonly string[]).includes(value)) blockStyle = value as BlockStyle;
    else doc.wrongType(node, `${where}.block_style`, BLOCK_STYLES.join(', '));
  }
  if (!blockStyle) {
    if (isStackLanguage(keywords)) blockStyle = 'stack';
    // ML's `;;` ends each top-level phrase and newlines mean nothing: the layout whose
    // statements end with the separator, whatever the lines.
    else if (isPhraseTerminated(lexical)) blockStyle = 'braces';
    else if (keywords.has('begin') && keywords.has('end')) blockStyle = 'keywords';
    else if (doc.string(pcfg.get('block_start') ?? null, 'parsing_config.block_start') === '{') blockStyle = 'braces';
    else if (lexical.lineComments.some((c) => c.toUpperCase() === 'REM') || lexical.statementSeparator === ':')
      blockStyle = 'lines';
    else blockStyle = 'indentation';
  }

  // The index of a list's first element: 0, 1, or -1 in ParserCraft's satirical demos, but
  // never between two elements (fractional indexing is about a program's indices, not this).
  const index = (node: Node | null, what: string): number | undefined => {
    const value = doc.number(node, what);
    if (value === undefined || Number.isInteger(value)) return value;
    doc.wrongType(node, what, `a whole number, the index of a list's first element (0 or 1), not ${value}`);
    return undefined;
  };
  const base =
    index(syntax.get('array_index_base') ?? null, 'syntax.array_index_base') ??
    index(opts.get('array_start_index') ?? null, 'syntax_options.array_start_index') ??
    0;
  return {
    blockStyle,
    // ML binds with `let x = e` and keeps `:=` for assigning a reference, an expression.
    assignmentOperator:
      operators.some((o) => o.symbol === ':=') && !(isPhraseTerminated(lexical) && keywords.has('let')) ? ':=' : '=',
    arrayIndexBase: base,
    parenthesesRequired:
      doc.boolean(syntax.get('parentheses_required') ?? null, 'syntax.parentheses_required') ?? blockStyle !== 'lines',
  };
}

function isStackLanguage(keywords: ReadonlyMap<string, KeywordSpec>): boolean {
  return keywords.get('function')?.custom === ':' || (keywords.has('dup') && keywords.has('swap'));
}

/** OCaml's and SML's top-level phrase terminator, as functional_ml.yaml spells its statement separator. */
function isPhraseTerminated(lexical: LexicalSpec): boolean {
  return lexical.statementSeparator === ';;';
}
