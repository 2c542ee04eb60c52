import { BuiltinNode } from './builtin-nodes.js';

/** Grammar term names of punctuation, by spelling. */
export const PUNCTUATION_TERMS: Readonly<Record<string, string>> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  ',': 'comma',
  ':': 'colon',
  ';': 'semi',
  '.': 'dot',
  '..': 'dotdot',
  '{': 'lbrace',
  '}': 'rbrace',
};

/** Terms every generated grammar declares, whether or not its rules use them. */
export const FIXED_TERMS = [
  'space',
  BuiltinNode.Comment,
  'newline',
  'indent',
  'dedent',
  BuiltinNode.Identifier,
  BuiltinNode.CommandName,
  BuiltinNode.Number,
  BuiltinNode.String,
  'assign',
  'sep',
  BuiltinNode.LineLabel,
  BuiltinNode.BlockEndLabel,
] as const;
