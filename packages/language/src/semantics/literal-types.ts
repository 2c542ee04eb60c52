import type { SyntaxNode } from '../syntax/syntax-tree.js';
import { BOOLEAN, CHAR, INT64, INTEGER, REAL, STRING, UNKNOWN, type LangType } from './language-types.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/** BASIC's untyped numeric variables: numbers, shown as such rather than as REAL. */
const BASIC_NUMBER: LangType = { kind: 'primitive', name: 'real', display: 'number' };

/**
 * The type of a literal written in the text, as a constant's value or an operand. With
 * `chars` (Pascal layouts), a one-character string literal is a CHAR.
 */
export function literalType(node: SyntaxNode, text: string, chars: boolean): LangType {
  // Parentheses and signs around a literal, peeled in a loop: they may nest without bound.
  let literal: SyntaxNode | undefined = node;
  let signed = false;
  while (literal?.type === BuiltinNode.ParenExpr || literal?.type === BuiltinNode.UnaryExpr) {
    signed ||= literal.type === BuiltinNode.UnaryExpr;
    literal = literal.children[0];
  }
  const t = literal ? plainLiteralType(literal, text, chars) : UNKNOWN;
  return !signed || t === INTEGER || t === INT64 || t === REAL ? t : UNKNOWN;
}

function plainLiteralType(node: SyntaxNode, text: string, chars: boolean): LangType {
  switch (node.type) {
    case BuiltinNode.Number: {
      const digits = text.slice(node.from, node.to);
      if (/[.eE]/.test(digits)) return REAL;
      return digits.length >= 10 && Number(digits) > 2147483647 ? INT64 : INTEGER;
    }
    // A STRING place also accepts a CHAR.
    case BuiltinNode.String:
      return chars && node.to - node.from === 3 ? CHAR : STRING;
    case BuiltinNode.Boolean:
      return BOOLEAN;
    default:
      return UNKNOWN;
  }
}

/**
 * The type BASIC gives a variable by its name: `A$` holds a string, `A%` an integer, any
 * other a number. Other layouts with implicit variables (Python, C-like) are dynamically
 * typed, so the variable's type is unknown.
 */
export function implicitBasicType(name: string): LangType {
  if (name.endsWith('$')) return STRING;
  if (name.endsWith('%')) return INTEGER;
  return BASIC_NUMBER;
}

export function implicitType(name: string, style: 'lines' | 'other'): LangType {
  return style === 'lines' ? implicitBasicType(name) : UNKNOWN;
}
