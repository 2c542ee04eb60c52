import type { ElementType, Scalar, VarType } from './program-ast.js';

/** A name the code being generated can see: a variable, a constant, a parameter or a loop counter. */
export interface Binding {
  readonly name: string;
  readonly global: boolean;
  readonly type: VarType;
  /** Whether statements here may store into it (not a constant, loop counter or, in a function, a global). */
  readonly assignable: boolean;
  readonly constant: boolean;
  /** A tighter bound than the type's, for constants and loop counters. */
  readonly bound?: number;
}

/** A routine the code being generated can call, with what one call of it costs at most. */
export interface RoutineSig {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: ElementType; readonly byRef: boolean }[];
  readonly result: Scalar | undefined;
  /** One call's cost in statements executed, at most (loops at their trip limit, recursion at its depth). */
  readonly cost: number;
  /** Whether its first parameter is a recursion depth (calls from outside pass 0..MAX_DEPTH). */
  readonly recursive: boolean;
}

export const MAX_RECURSION_DEPTH = 3;

export const isScalar = (t: VarType, s: Scalar): boolean => t.kind === 'scalar' && t.scalar === s;
