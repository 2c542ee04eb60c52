/** The typed AST of a generated Pascal program: what the generator builds, the printer writes and the shrinker cuts. */

export type Scalar = 'integer' | 'int64' | 'real' | 'boolean' | 'char' | 'string';

export interface RecordDecl {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly scalar: Scalar }[];
}

export type ElementType =
  { readonly kind: 'scalar'; readonly scalar: Scalar } | { readonly kind: 'record'; readonly record: RecordDecl };

export type VarType =
  ElementType | { readonly kind: 'array'; readonly lo: number; readonly length: number; readonly element: ElementType };

interface ExprBase {
  /** The value's type; a record-typed place has none (it is only copied, never computed with). */
  readonly t: Scalar | 'record';
  /** The largest magnitude an INTEGER, Int64 or REAL value can have; 0 for other types. */
  readonly bound: number;
  /** Whether Free Pascal can fold it at compile time (literals and constants only). */
  readonly constant: boolean;
  /** Part of a guard (a divisor kept non-zero, an index kept in range): the shrinker keeps it. */
  readonly fixed?: boolean;
}

export type Expr = ExprBase &
  (
    | { readonly kind: 'literal'; readonly value: number | string | boolean; readonly text?: string }
    /** A variable, constant or parameter; `global` names get the program's prefix in a batch. */
    | { readonly kind: 'name'; readonly name: string; readonly global: boolean }
    | { readonly kind: 'index'; readonly array: Expr; readonly index: Expr }
    | { readonly kind: 'field'; readonly base: Expr; readonly field: string }
    | { readonly kind: 'unary'; readonly op: '-' | 'NOT'; readonly operand: Expr }
    | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
    /** A call of a user function (global) or a built-in (Abs, Sqrt, Trunc, Round, Length). */
    | { readonly kind: 'call'; readonly callee: string; readonly builtin: boolean; readonly args: readonly Expr[] }
  );

export type BinaryOp = '+' | '-' | '*' | '/' | 'DIV' | 'MOD' | 'AND' | 'OR' | '=' | '<>' | '<' | '>' | '<=' | '>=';

export type Stmt =
  | { readonly kind: 'assign'; readonly target: Expr; readonly value: Expr }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expr[] }
  | { readonly kind: 'write'; readonly newline: boolean; readonly args: readonly Expr[] }
  | {
      readonly kind: 'if';
      readonly cond: Expr;
      readonly then: readonly Stmt[];
      readonly elifs: readonly { readonly cond: Expr; readonly body: readonly Stmt[] }[];
      readonly otherwise: readonly Stmt[] | undefined;
    }
  /** `counter := 0; WHILE (counter < limit) AND (cond) DO BEGIN counter := counter + 1; body END`. */
  | {
      readonly kind: 'while';
      readonly counter: Expr;
      readonly limit: number;
      readonly cond: Expr;
      readonly body: readonly Stmt[];
    }
  /** `counter := 0; REPEAT counter := counter + 1; body UNTIL (counter >= limit) OR (cond)`. */
  | {
      readonly kind: 'repeat';
      readonly counter: Expr;
      readonly limit: number;
      readonly cond: Expr;
      readonly body: readonly Stmt[];
    }
  | {
      readonly kind: 'for';
      readonly variable: Expr;
      readonly from: Expr;
      readonly to: Expr;
      readonly down: boolean;
      readonly body: readonly Stmt[];
    }
  | {
      readonly kind: 'case';
      readonly selector: Expr;
      readonly arms: readonly { readonly labels: readonly number[]; readonly body: readonly Stmt[] }[];
      readonly otherwise: readonly Stmt[] | undefined;
    };

export interface VarDecl {
  readonly name: string;
  readonly type: VarType;
}

export interface ConstDecl {
  readonly name: string;
  readonly value: Expr;
}

export interface Param {
  readonly name: string;
  readonly type: ElementType;
  readonly byRef: boolean;
}

export interface Routine {
  readonly name: string;
  readonly params: readonly Param[];
  /** A function's result type; undefined for a procedure. */
  readonly result: Scalar | undefined;
  readonly locals: readonly VarDecl[];
  readonly body: readonly Stmt[];
}

export interface Program {
  readonly records: readonly RecordDecl[];
  readonly consts: readonly ConstDecl[];
  readonly globals: readonly VarDecl[];
  readonly routines: readonly Routine[];
  /** The main block's own variables: globals of a program alone, locals of its procedure in a batch. */
  readonly mainLocals: readonly VarDecl[];
  readonly main: readonly Stmt[];
}
