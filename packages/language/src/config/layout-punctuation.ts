import type { Node } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { ConfigDocument } from './config-document.js';
import type { BlockStyle, LexicalSpec, OperatorSpec } from './language-spec.js';

/**
 * The punctuation each built-in layout's grammar reads as structure: brackets and commas
 * everywhere, and what the layout itself writes (Pascal's `;` after declarations and `:`
 * before types, braces, Python's `:` before a block). An operator spelled like one of these
 * can never be read as the operator (an attack session: operator `;`, `:` or `(` in a Pascal
 * config made every program fail, with no finding), so the config says so.
 */
export const STRUCTURE: Readonly<Record<Exclude<BlockStyle, 'stack'>, readonly string[]>> = {
  keywords: ['(', ')', '[', ']', ',', ';', ':', '.', '..'],
  braces: ['(', ')', '[', ']', ',', '{', '}'],
  indentation: ['(', ')', '[', ']', ',', ':'],
  lines: ['(', ')', ',', ';'],
};

/** Reports operators spelled like the layout's structure, and a separator the layout cannot use. */
export function checkLayoutPunctuation(
  doc: ConfigDocument,
  style: BlockStyle,
  lexical: LexicalSpec,
  operators: readonly OperatorSpec[],
  separator: Node | null,
): void {
  if (style === 'stack') return;
  const taken = new Set(STRUCTURE[style]);
  const sep = lexical.statementSeparator;
  if (sep) taken.add(sep);
  for (const op of operators)
    if (taken.has(op.symbol))
      doc.report(
        ConfigCodes.PC_CONFIG_PUNCTUATION_TAKEN,
        op.range,
        op.symbol === sep
          ? `Operator '${op.symbol}' is spelled like the statement separator; programs could never use it as an operator.`
          : `Operator '${op.symbol}' is spelled like punctuation the ${style} layout's grammar needs; programs could never use it as an operator.`,
      );
  // Pascal's grammar ends declarations and separates statements and parameters with `;`.
  if (style === 'keywords' && sep !== null && sep !== ';')
    doc.report(
      ConfigCodes.PC_CONFIG_PUNCTUATION_TAKEN,
      doc.rangeOf(separator),
      `statement_separator '${sep}' is not used: the keywords (Pascal) layout separates statements, parameters and declarations with ';'.`,
      'warning',
    );
}
