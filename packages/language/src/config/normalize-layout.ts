import type { Node } from 'yaml';
import type { ConfigDocument } from './config-document.js';
import type { BlockStyle, KeywordSpec, LexicalSpec, OperatorSpec, SyntaxSpec } from './language-spec.js';

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

export function normalizeLexical(doc: ConfigDocument, s: LayoutSections): LexicalSpec {
  const opts = fieldsOf(doc, s.syntaxOptions, 'syntax_options');
  const pcfg = fieldsOf(doc, s.parsingConfig, 'parsing_config');
  const parsing = fieldsOf(doc, s.parsing, 'parsing');
  const syntax = fieldsOf(doc, s.syntax, 'syntax');
  const str = (fields: Fields, key: string, where: string): string | undefined => {
    const value = doc.string(fields.get(key) ?? null, `${where}.${key}`);
    return value === '' ? undefined : value;
  };

  const lineComments = [
    str(parsing, 'comment_style', 'parsing'),
    str(parsing, 'alt_comment_prefix', 'parsing'),
    str(opts, 'single_line_comment', 'syntax_options'),
  ].filter((c): c is string => c !== undefined);
  const blockComments: [string, string][] = [];
  for (const [fields, where, start, end] of [
    [parsing, 'parsing', 'multiline_comment_start', 'multiline_comment_end'],
    [opts, 'syntax_options', 'multi_line_comment_start', 'multi_line_comment_end'],
  ] as const) {
    const open = str(fields, start, where);
    const close = str(fields, end, where);
    if (open !== undefined && close !== undefined) blockComments.push([open, close]);
  }

  const delimiterNode = parsing.get('string_delimiters') ?? pcfg.get('string_delimiters') ?? null;
  const delimiters = (doc.list(delimiterNode, 'string_delimiters') ?? [])
    .map((n) => doc.string(n, 'string_delimiters[]'))
    .filter((d): d is string => d !== undefined && d !== '');

  const caseSensitive =
    doc.boolean(parsing.get('case_sensitive') ?? null, 'parsing.case_sensitive') ??
    doc.boolean(opts.get('case_sensitive') ?? null, 'syntax_options.case_sensitive') ??
    doc.boolean(syntax.get('case_sensitive') ?? null, 'syntax.case_sensitive') ??
    true;

  return {
    lineComments: unique(lineComments.length > 0 ? lineComments : ['#']),
    blockComments: blockComments.filter(([open]) => !lineComments.includes(open)),
    // Longest first, so `"""` is tried before `"`.
    stringDelimiters: unique(delimiters.length > 0 ? delimiters : ['"', "'"]).sort((a, b) => b.length - a.length),
    // A separator spelled like a line comment would only ever start comments (demo_functional
    // comments with `;`): the next one the config names separates statements instead.
    statementSeparator:
      [
        str(syntax, 'statement_separator', 'syntax'),
        str(pcfg, 'statement_separator', 'parsing_config'),
        str(parsing, 'statement_separator', 'parsing'),
        str(opts, 'statement_terminator', 'syntax_options'),
      ].find((s) => s !== undefined && !lineComments.includes(s)) ?? null,
    caseSensitive,
    lineContinuation: str(parsing, 'line_continuation', 'parsing') ?? null,
  };
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

  const base =
    doc.number(syntax.get('array_index_base') ?? null, 'syntax.array_index_base') ??
    doc.number(opts.get('array_start_index') ?? null, 'syntax_options.array_start_index') ??
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

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
