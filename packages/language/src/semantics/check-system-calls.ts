import type { SyntaxNode } from '../syntax/syntax-tree.js';
import type { Report } from './check-types.js';
import {
  BOOLEAN,
  CHAR,
  describe,
  INTEGER,
  isAssignable,
  isKnown,
  isNumeric,
  isOrdinal,
  isTextual,
  STRING,
  UNKNOWN,
  type LangType,
} from './language-types.js';
import type { LanguageSymbol } from './symbol.js';

/** A call of a System routine, as the type checker sees it; the argument count is already right. */
export interface SystemCall {
  readonly routine: LanguageSymbol;
  readonly args: readonly SyntaxNode[];
  readonly types: readonly LangType[];
  /** The routine whose body holds the call; undefined in the main program. */
  readonly enclosing: LanguageSymbol | undefined;
  /** Whether the argument is a place that may be stored into (for VAR arguments). */
  isVariable(arg: SyntaxNode): boolean;
  /** The type the argument names, when it names a type (`High(INTEGER)`). */
  typeNamed(arg: SyntaxNode): LangType | undefined;
  readonly report: Report;
}

type Accepts = (t: LangType) => boolean;

const isInteger: Accepts = (t) => t.kind === 'primitive' && t.name === 'integer';
const isString: Accepts = (t) => t.kind === 'primitive' && t.name === 'string';
const isNumberOrBoolean: Accepts = (t) => isNumeric(t) || (t.kind === 'primitive' && t.name === 'boolean');

/**
 * Checks the arguments of a call of a System routine (see system-routines.ts) by its key, and
 * gives the type of its result (UNKNOWN for procedures). What is checked is what Free Pascal
 * rejects; an argument of unknown type passes, as everywhere.
 */
export function checkSystemCall(call: SystemCall): LangType {
  const { types } = call;
  const first = types[0] ?? UNKNOWN;
  switch (call.routine.builtin?.key) {
    case 'ord':
      expect(call, 0, isOrdinal, 'an ordinal value (INTEGER, CHAR or BOOLEAN)');
      return INTEGER;
    case 'chr':
      expect(call, 0, isInteger, 'INTEGER');
      return CHAR;
    case 'succ':
    case 'pred':
      return expect(call, 0, isOrdinal, 'an ordinal value (INTEGER, CHAR or BOOLEAN)') ? first : UNKNOWN;
    case 'inc':
    case 'dec':
      if (variable(call, 0)) expect(call, 0, isOrdinal, 'an ordinal variable (INTEGER, CHAR or BOOLEAN)');
      expect(call, 1, isInteger, 'INTEGER');
      return UNKNOWN;
    case 'odd':
      expect(call, 0, isInteger, 'INTEGER');
      return BOOLEAN;
    case 'sqr':
      return expect(call, 0, isNumeric, 'INTEGER or REAL') ? first : UNKNOWN;
    case 'upcase':
      return expect(call, 0, isTextual, 'CHAR or STRING') ? (isString(first) ? STRING : first) : UNKNOWN;
    case 'copy':
      expect(call, 0, isTextual, 'STRING');
      expect(call, 1, isInteger, 'INTEGER');
      expect(call, 2, isInteger, 'INTEGER');
      return STRING;
    // Free Pascal takes Pos of numbers and BOOLEANs too (through its Variant overload).
    case 'pos':
      return INTEGER;
    case 'insert':
      expect(call, 0, isTextual, 'STRING');
      if (variable(call, 1)) expect(call, 1, isString, 'a STRING variable');
      expect(call, 2, isInteger, 'INTEGER');
      return UNKNOWN;
    case 'delete':
      if (variable(call, 0)) expect(call, 0, isString, 'a STRING variable');
      expect(call, 1, isInteger, 'INTEGER');
      expect(call, 2, isInteger, 'INTEGER');
      return UNKNOWN;
    case 'concat':
      for (let i = 0; i < call.args.length; i++) expect(call, i, isTextual, 'STRING');
      return STRING;
    case 'exit':
      checkExit(call);
      return UNKNOWN;
    case 'halt':
      expect(call, 0, isInteger, 'INTEGER');
      return UNKNOWN;
    case 'low':
    case 'high':
      return bound(call);
    case 'length':
      expect(call, 0, (t) => isTextual(t) || t.kind === 'array', 'a STRING or an array');
      return INTEGER;
    case 'str':
      expect(call, 0, isNumberOrBoolean, 'INTEGER or REAL');
      if (variable(call, 1)) expect(call, 1, isString, 'a STRING variable');
      return UNKNOWN;
    case 'inttostr':
      expect(call, 0, isInteger, 'INTEGER');
      return STRING;
    case undefined:
    default:
      return UNKNOWN;
  }
}

/** Reports argument `i` when its type is known and not what `accepts` takes; true when it fits (or is absent). */
function expect(call: SystemCall, i: number, accepts: Accepts, what: string): boolean {
  const arg = call.args[i];
  const t = call.types[i];
  if (!arg || !t || !isKnown(t) || accepts(t)) return true;
  call.report(
    arg,
    'type-mismatch',
    `Argument ${i + 1} of '${call.routine.name}' is ${describe(t)}, but it must be ${what}.`,
  );
  return false;
}

/** Reports argument `i` when it is not a variable; true when it is (or is absent). */
function variable(call: SystemCall, i: number): boolean {
  const arg = call.args[i];
  if (!arg || call.isVariable(arg)) return true;
  call.report(
    arg,
    'not-assignable',
    `Argument ${i + 1} of '${call.routine.name}' must be a variable: it is stored into.`,
  );
  return false;
}

/** Exit(x) sets a function's result: only in a function, with a value of its result type. */
function checkExit(call: SystemCall): void {
  const [arg] = call.args;
  if (!arg) return;
  const fn = call.enclosing;
  if (fn?.kind !== 'function') {
    call.report(
      arg,
      'wrong-argument-count',
      `'${call.routine.name}' takes a value only inside a function; ${fn ? `'${fn.name}' is a procedure` : 'this is the main program'}, so it takes none here.`,
    );
    return;
  }
  const t = call.types[0] ?? UNKNOWN;
  if (!isAssignable(fn.type, t))
    call.report(
      arg,
      'type-mismatch',
      `'${call.routine.name}' gives '${fn.name}' the result ${describe(t)}, but '${fn.name}' returns ${describe(fn.type)}.`,
    );
}

/**
 * Low and High: of an array, its index type; of a string, INTEGER; of an ordinal type, or a
 * value of one, that type. A type named as the argument counts as that type.
 */
function bound(call: SystemCall): LangType {
  const [arg] = call.args;
  if (!arg) return UNKNOWN;
  const t = call.typeNamed(arg) ?? call.types[0] ?? UNKNOWN;
  if (t.kind === 'array') return t.index ?? UNKNOWN;
  if (isString(t)) return INTEGER;
  if (isOrdinal(t)) return t;
  if (isKnown(t))
    call.report(
      arg,
      'type-mismatch',
      `Argument 1 of '${call.routine.name}' is ${describe(t)}, but it must be an array, a STRING or an ordinal type or value.`,
    );
  return UNKNOWN;
}
