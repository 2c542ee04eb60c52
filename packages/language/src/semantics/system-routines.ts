import type { FunctionSpec } from '../config/language-spec.js';

/** A routine every Pascal program may call without declaring it, as Free Pascal's System unit provides it. */
export interface SystemRoutine {
  /** Free Pascal's spelling; the routine's key is this in lower case. */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for any number. */
  readonly maxArgs: number;
  /** The signature as hovers and completions show it. */
  readonly signature: string;
  readonly description: string;
}

/**
 * The System routines the keywords layout predeclares. Random is left out on purpose: its
 * sequence is Free Pascal's own, so no translation could print what a Free Pascal build does.
 * IntToStr is SysUtils' in Free Pascal, but configs name it as if it were always there.
 */
export const SYSTEM_ROUTINES: readonly SystemRoutine[] = [
  routine('Ord', 1, 1, 'Ord(x: ordinal): INTEGER', 'The ordinal number of an INTEGER, CHAR or BOOLEAN value.'),
  routine('Chr', 1, 1, 'Chr(code: INTEGER): CHAR', 'The character with this code.'),
  routine('Succ', 1, 1, 'Succ(x: ordinal): ordinal', 'The next value of an ordinal type.'),
  routine('Pred', 1, 1, 'Pred(x: ordinal): ordinal', 'The previous value of an ordinal type.'),
  routine('Inc', 1, 2, 'Inc(VAR x: ordinal [; n: INTEGER])', 'Adds 1, or n, to an ordinal variable.'),
  routine('Dec', 1, 2, 'Dec(VAR x: ordinal [; n: INTEGER])', 'Subtracts 1, or n, from an ordinal variable.'),
  routine('Odd', 1, 1, 'Odd(x: INTEGER): BOOLEAN', 'Whether an integer is odd.'),
  routine('Sqr', 1, 1, 'Sqr(x: INTEGER or REAL): the same type', 'The square of a number.'),
  routine('UpCase', 1, 1, 'UpCase(c: CHAR): CHAR; UpCase(s: STRING): STRING', 'In upper case.'),
  routine(
    'Copy',
    2,
    3,
    'Copy(s: STRING; index: INTEGER [; count: INTEGER]): STRING',
    'The part of s from index, count characters long (to its end without count).',
  ),
  routine('Pos', 2, 2, 'Pos(sub, s: STRING): INTEGER', 'Where sub first occurs in s, from 1; 0 when it does not.'),
  routine(
    'Insert',
    3,
    3,
    'Insert(source: STRING; VAR s: STRING; index: INTEGER)',
    'Inserts source into s before position index.',
  ),
  routine(
    'Delete',
    3,
    3,
    'Delete(VAR s: STRING; index, count: INTEGER)',
    'Removes count characters from s, from position index.',
  ),
  routine('Concat', 1, Infinity, 'Concat(s1, s2, ...: STRING): STRING', 'The strings joined in order.'),
  routine(
    'Exit',
    0,
    1,
    'Exit [(result)]',
    'Leaves the current routine; in a function, Exit(x) sets its result to x first.',
  ),
  routine('Halt', 0, 1, 'Halt [(code: INTEGER)]', 'Ends the program, with exit code code (0 without it).'),
  routine(
    'Low',
    1,
    1,
    'Low(x: array, STRING or ordinal type or value)',
    'The lowest index of an array or string, or the lowest value of an ordinal type.',
  ),
  routine(
    'High',
    1,
    1,
    'High(x: array, STRING or ordinal type or value)',
    'The highest index of an array or string, or the highest value of an ordinal type.',
  ),
  routine('Length', 1, 1, 'Length(x: STRING or array): INTEGER', 'The number of characters or elements.'),
  routine('Str', 2, 2, 'Str(x: INTEGER or REAL; VAR s: STRING)', 'Stores x as Write would print it into s.'),
  routine('IntToStr', 1, 1, 'IntToStr(i: INTEGER): STRING', 'An integer as decimal digits.'),
];

function routine(
  name: string,
  minArgs: number,
  maxArgs: number,
  signature: string,
  description: string,
): SystemRoutine {
  return { name, minArgs, maxArgs, signature, description };
}

/** A System routine as the function spec a language symbol carries: its key is Free Pascal's name in lower case. */
export function systemRoutineSpec(r: SystemRoutine): FunctionSpec {
  return {
    key: r.name.toLowerCase(),
    name: r.name,
    minArgs: r.minArgs,
    maxArgs: r.maxArgs,
    description: r.description,
    enabled: true,
  };
}
