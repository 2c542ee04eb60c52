/**
 * The semantic token legend the server declares and the index encodes with: indexes into
 * these lists are what cross the thread and the wire. Standard LSP names, except `label`
 * (BASIC line numbers and GOTO targets), which clients without it simply leave uncoloured.
 */
export const TOKEN_TYPES = [
  'namespace',
  'type',
  'struct',
  'interface',
  'parameter',
  'variable',
  'property',
  'function',
  'keyword',
  'comment',
  'string',
  'number',
  'operator',
  'label',
] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary', 'modification'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const tokenType = (t: TokenType): number => TOKEN_TYPES.indexOf(t);
export const modifierBits = (...ms: readonly TokenModifier[]): number =>
  ms.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
