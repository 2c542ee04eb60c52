import type { LanguageSymbol } from './symbol.js';

/** What a call does with one argument: reads it, stores into it, or reads it and stores into it. */
export type ArgumentUse = 'read' | 'write' | 'update';

/** System routines that store into an argument, by key: the argument's index and whether it reads it first. */
const SYSTEM_STORES: Readonly<Record<string, readonly [number, ArgumentUse]>> = {
  inc: [0, 'update'],
  dec: [0, 'update'],
  insert: [1, 'update'],
  delete: [0, 'update'],
  str: [1, 'write'],
};

/**
 * How a call of a built-in routine of the Pascal layouts uses its argument `i`: Inc, Dec,
 * Insert, Delete and Str store into one (a VAR parameter of Free Pascal's), the configured
 * Read and ReadLn into all. Every other argument is read.
 */
export function argumentUse(routine: LanguageSymbol, i: number): ArgumentUse {
  const key = routine.builtin?.key;
  if (key === undefined) return 'read';
  if (!routine.system) return key === 'input' || key === 'read' ? 'write' : 'read';
  const stores = SYSTEM_STORES[key];
  return stores && stores[0] === i ? stores[1] : 'read';
}
