import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Report } from './check-types.js';
import {
  describe,
  INTEGER,
  isKnown,
  isNumeric,
  isTextual,
  REAL,
  STRING,
  UNKNOWN,
  type LangType,
} from './language-types.js';
import type { LanguageSymbol } from './symbol.js';

export interface ConfiguredCallContext {
  /** Whether the argument is a place that may be stored into. */
  isVariable(arg: SyntaxNode): boolean;
  readonly report: Report;
}

/**
 * Checks a call of a configured function in a typed (Pascal) layout by the ParserCraft key
 * of its config entry, and gives its result: the numeric functions of ParserCraft's Pascal
 * configs, Length, the conversion to a string, and Read and ReadLn, which store into
 * every argument. Any other function's arguments and result stay unchecked and unknown.
 */
export function checkConfiguredCall(
  fn: LanguageSymbol,
  args: readonly SyntaxNode[],
  types: readonly LangType[],
  context: ConfiguredCallContext,
): LangType {
  const arg = types[0];
  switch (fn.builtin?.key) {
    case 'abs':
      return arg && isNumeric(arg) ? arg : UNKNOWN;
    case 'sqrt':
    case 'sin':
    case 'cos':
      return REAL;
    case 'int':
    case 'trunc':
    case 'round':
      return INTEGER;
    case 'len':
    case 'length': {
      const [first] = args;
      if (first && arg && isKnown(arg) && !isTextual(arg) && arg.kind !== 'array')
        context.report(
          first,
          'type-mismatch',
          `Argument 1 of '${fn.name}' is ${describe(arg)}, but it must be a STRING or an array.`,
        );
      return INTEGER;
    }
    case 'str':
      return STRING;
    case 'input':
    case 'read':
      args.forEach((a, i) => {
        if (!context.isVariable(a))
          context.report(a, 'not-assignable', `Argument ${i + 1} of '${fn.name}' must be a variable: it is read into.`);
      });
      return UNKNOWN;
    case undefined:
    default:
      return UNKNOWN;
  }
}
