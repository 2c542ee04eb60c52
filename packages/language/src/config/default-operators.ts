import type { OperatorSpec } from './language-spec.js';

/**
 * The operator table used when a config lists none (ParserCraft's own `operators: []`
 * examples rely on one). Reported as PC_CONFIG_DEFAULT_APPLIED, never applied silently.
 */
export const DEFAULT_OPERATORS: readonly OperatorSpec[] = [
  { symbol: 'or', precedence: 1, associativity: 'left' },
  { symbol: 'and', precedence: 2, associativity: 'left' },
  { symbol: '==', precedence: 3, associativity: 'left' },
  { symbol: '!=', precedence: 3, associativity: 'left' },
  { symbol: '<', precedence: 3, associativity: 'left' },
  { symbol: '>', precedence: 3, associativity: 'left' },
  { symbol: '<=', precedence: 3, associativity: 'left' },
  { symbol: '>=', precedence: 3, associativity: 'left' },
  { symbol: '+', precedence: 4, associativity: 'left' },
  { symbol: '-', precedence: 4, associativity: 'left' },
  { symbol: '*', precedence: 5, associativity: 'left' },
  { symbol: '/', precedence: 5, associativity: 'left' },
  { symbol: '%', precedence: 5, associativity: 'left' },
];
