import fc from 'fast-check';
import { GRAMMAR_CONCEPTS } from '../src/syntax/base/lexicon.js';

/**
 * Random ParserCraft configs as plain objects (what a config file holds), for property tests
 * that load them through the public config path. Every layout (stack included), chosen by `block_style` or
 * left to inference; random keyword sets from the concepts the built-in grammars know (and
 * some they do not); random operator tables with every associativity; comment, string and
 * separator styles.
 */

const LAYOUTS = ['keywords', 'braces', 'indentation', 'lines', 'stack'] as const;

/** The grammar concepts, and words ParserCraft configs define that no grammar uses. */
const CONCEPTS = [...GRAMMAR_CONCEPTS, 'lambda', 'print', 'yield'] as const;

const OPERATOR_SYMBOLS = [
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '**',
  '==',
  '!=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  '=',
  ':=',
  '&&',
  '||',
  '&',
  '|',
  'DIV',
  'MOD',
  'and',
  'or',
  '..',
  '.',
  ',',
  ':',
  ';',
  '(',
  '!',
  '->',
] as const;

const LINE_COMMENTS = ['#', '//', '--', ';', 'REM', "'", '%'] as const;
const BLOCK_COMMENTS = [
  ['/*', '*/'],
  ['{', '}'],
  ['(*', '*)'],
  ['"""', '"""'],
] as const;
const STRING_DELIMITERS = ['"', "'", '"""', '`'] as const;
const SEPARATORS = [null, ';', ':', ',', '.', '!', '|', ';;', 'then', '{', '}', ')', '(', '['] as const;

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);

const spelling = (concept: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(concept) },
    { weight: 2, arbitrary: fc.constant(concept.toUpperCase()) },
    { weight: 1, arbitrary: word },
    // Two roles spelled alike, or a keyword spelled like an operator or punctuation.
    { weight: 1, arbitrary: fc.constantFrom('let', 'lambda', 'x', 'DIV', 'and', 'end', ';') },
  );

const keywordsArb = fc
  .subarray([...CONCEPTS], { minLength: 0, maxLength: CONCEPTS.length })
  .chain((concepts) =>
    fc.tuple(...concepts.map((c) => spelling(c).map((custom) => [c, custom] as const))).map((pairs) => pairs),
  )
  .chain((pairs) =>
    fc
      .boolean()
      .map((canonical) =>
        Object.fromEntries(
          pairs.map(([concept, custom]) => [
            concept,
            canonical ? { original: concept, custom, category: 'control', description: concept } : custom,
          ]),
        ),
      ),
  );

const operatorArb = fc.record({
  symbol: fc.constantFrom(...OPERATOR_SYMBOLS),
  precedence: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 5, 10, 20)),
  associativity: fc.constantFrom('left', 'right', 'none', 'none', 'sideways'),
});

const operatorsArb = fc
  .array(operatorArb, { maxLength: 14 })
  .chain((ops) => fc.boolean().map((asList) => (asList ? ops : Object.fromEntries(ops.map((o) => [o.symbol, o])))));

const functionsArb = fc
  .array(fc.tuple(fc.oneof(word, fc.constantFrom('print', 'PRINT', 'len', 'if')), fc.integer({ min: -1, max: 3 })), {
    maxLength: 4,
  })
  .map((fs) => Object.fromEntries(fs.map(([name, arity]) => [name, { name, arity, enabled: true }])));

/** One random config, as the object a JSON config file holds. */
export const randomConfig: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    layout: fc.option(fc.constantFrom(...LAYOUTS), { nil: undefined }),
    keywords: keywordsArb,
    operators: fc.option(operatorsArb, { nil: undefined }),
    functions: functionsArb,
    lineComment: fc.option(fc.constantFrom(...LINE_COMMENTS), { nil: undefined }),
    blockComment: fc.option(fc.constantFrom(...BLOCK_COMMENTS), { nil: undefined }),
    strings: fc.subarray([...STRING_DELIMITERS]),
    separator: fc.constantFrom(...SEPARATORS),
    caseSensitive: fc.boolean(),
    continuation: fc.option(fc.constantFrom('_', '\\'), { nil: undefined }),
    braces: fc.boolean(),
  })
  .map((c) => ({
    metadata: { name: 'Random', version: '1.0.0' },
    keywords: c.keywords,
    ...(c.operators !== undefined && { operators: c.operators }),
    functions: c.functions,
    syntax_options: {
      ...(c.layout !== undefined && { block_style: c.layout }),
      ...(c.lineComment !== undefined && { single_line_comment: c.lineComment }),
      ...(c.blockComment !== undefined && {
        multi_line_comment_start: c.blockComment[0],
        multi_line_comment_end: c.blockComment[1],
      }),
      case_sensitive: c.caseSensitive,
    },
    parsing_config: {
      ...(c.braces && { block_start: '{', block_end: '}' }),
      ...(c.separator !== null && { statement_separator: c.separator }),
      ...(c.strings.length > 0 && { string_delimiters: c.strings }),
    },
    ...(c.continuation !== undefined && { parsing: { line_continuation: c.continuation } }),
  }));

/**
 * A random program for a config: its own keywords, operators and function names mixed with
 * names, numbers, strings, brackets, line breaks and indentation, so the parse goes through
 * the config's grammar as well as through its error recovery; or any text at all.
 */
export function randomProgram(config: Record<string, unknown>): fc.Arbitrary<string> {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const keywords = Object.values((config['keywords'] ?? {}) as Record<string, unknown>).map((k) =>
    typeof k === 'string' ? k : text((k as { custom?: unknown }).custom),
  );
  const operators = config['operators'];
  const symbols = (Array.isArray(operators) ? (operators as unknown[]) : Object.values(operators ?? {})).map((o) =>
    text((o as { symbol?: unknown }).symbol),
  );
  const functions = Object.keys(config['functions'] ?? {});
  const vocabulary = [...keywords, ...symbols, ...functions].filter((s) => s !== '');
  const token = fc.oneof(
    { weight: 4, arbitrary: vocabulary.length > 0 ? fc.constantFrom(...vocabulary) : word },
    { weight: 3, arbitrary: word },
    { weight: 2, arbitrary: fc.constantFrom('0', '42', '3.5', '1e3', '"s"', "'t'", '"open', '/* c */', '# c') },
    {
      weight: 3,
      arbitrary: fc.constantFrom('(', ')', '[', ']', '{', '}', ',', ';', ':', '.', '..', '=', ':=', '\n', '\n    '),
    },
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(token, { maxLength: 40 }).map((ts) => ts.join(' ')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  );
}
