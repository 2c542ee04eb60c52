import { binary, intLit } from './generate-expression.js';
import type { ElementType, Expr, Program, Routine, Stmt, VarDecl, VarType } from './program-ast.js';

/**
 * Who reads the text: Free Pascal has no ELSIF (it reads `ELSE IF`); ParserCraft's Pascal
 * config spells it ELSIF. Nothing else differs.
 */
export type Dialect = 'fpc' | 'parsercraft';

/** Written before each program's output in a batch: `@@k@@` and a newline. */
export const MARKER = /@@(\d+)@@\n/g;

const SCALAR_NAMES = {
  integer: 'INTEGER',
  int64: 'Int64',
  real: 'REAL',
  boolean: 'BOOLEAN',
  char: 'CHAR',
  string: 'STRING',
};

const PRIMARY = 5;
const UNARY = 4;
const LEVEL: Readonly<Record<string, number>> = {
  '=': 1,
  '<>': 1,
  '<': 1,
  '>': 1,
  '<=': 1,
  '>=': 1,
  '+': 2,
  '-': 2,
  OR: 2,
  '*': 3,
  '/': 3,
  DIV: 3,
  MOD: 3,
  AND: 3,
};

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Writes programs as Pascal text, each program's global names after `prefix`. */
class PascalPrinter {
  constructor(
    private readonly dialect: Dialect,
    private readonly prefix: string,
  ) {}

  private id(name: string, global: boolean): string {
    return global ? `${this.prefix}${name}` : name;
  }

  /** The text of `e` and how tightly it binds (PRIMARY for what never needs parentheses). */
  private expr(e: Expr): [string, number] {
    switch (e.kind) {
      case 'literal': {
        const v = e.value;
        if (typeof v === 'boolean') return [v ? 'TRUE' : 'FALSE', PRIMARY];
        if (e.t === 'char' || e.t === 'string') return [quote(String(v)), PRIMARY];
        const text = e.text ?? String(v);
        return [text, text.startsWith('-') ? UNARY : PRIMARY];
      }
      case 'name':
        return [this.id(e.name, e.global), PRIMARY];
      case 'index':
        return [`${this.expr(e.array)[0]}[${this.expr(e.index)[0]}]`, PRIMARY];
      case 'field':
        return [`${this.expr(e.base)[0]}.${e.field}`, PRIMARY];
      case 'call':
        return [
          `${e.builtin ? e.callee : this.id(e.callee, true)}(${e.args.map((a) => this.expr(a)[0]).join(', ')})`,
          PRIMARY,
        ];
      case 'unary': {
        const [text, level] = this.expr(e.operand);
        const operand = level < PRIMARY ? `(${text})` : text;
        return [e.op === 'NOT' ? `NOT ${operand}` : `-${operand}`, UNARY];
      }
      case 'binary': {
        const level = LEVEL[e.op] ?? 1;
        const [l, ll] = this.expr(e.left);
        const [r, rl] = this.expr(e.right);
        // A sign inside an operation is parenthesized (`a - (-b)`); comparisons do not chain.
        const leftParen = ll < level || ll === UNARY || (level === 1 && ll === 1);
        const rightParen = rl <= level || rl === UNARY;
        return [`${leftParen ? `(${l})` : l} ${e.op} ${rightParen ? `(${r})` : r}`, level];
      }
    }
  }

  private text(e: Expr): string {
    return this.expr(e)[0];
  }

  type(t: VarType): string {
    if (t.kind === 'array') return `ARRAY [${t.lo}..${t.lo + t.length - 1}] OF ${this.type(t.element)}`;
    return this.elementType(t);
  }

  private elementType(t: ElementType): string {
    return t.kind === 'scalar' ? SCALAR_NAMES[t.scalar] : this.id(t.record.name, true);
  }

  /** A statement list, each statement's lines indented and `;` between statements. */
  private list(stmts: readonly Stmt[], indent: string): string[] {
    const out: string[] = [];
    stmts.forEach((s, i) => {
      const lines = this.stmt(s, indent);
      if (i < stmts.length - 1) lines[lines.length - 1] += ';';
      out.push(...lines);
    });
    return out;
  }

  /** A statement's body: a single simple statement as it is, anything else inside BEGIN ... END. */
  private body(stmts: readonly Stmt[], indent: string): string[] {
    const [only] = stmts;
    if (
      stmts.length === 1 &&
      only &&
      (only.kind === 'assign' || only.kind === 'call' || only.kind === 'write' || only.kind === 'case')
    )
      return this.stmt(only, `${indent}  `);
    return [`${indent}BEGIN`, ...this.list(stmts, `${indent}  `), `${indent}END`];
  }

  private stmt(s: Stmt, indent: string): string[] {
    switch (s.kind) {
      case 'assign':
        return [`${indent}${this.text(s.target)} := ${this.text(s.value)}`];
      case 'call':
        return [`${indent}${this.id(s.callee, true)}(${s.args.map((a) => this.text(a)).join(', ')})`];
      case 'write': {
        const name = s.newline ? 'WriteLn' : 'Write';
        return [`${indent}${name}${s.args.length ? `(${s.args.map((a) => this.text(a)).join(', ')})` : ''}`];
      }
      case 'if': {
        const out = [`${indent}IF ${this.text(s.cond)} THEN`, ...this.body(s.then, indent)];
        for (const elif of s.elifs) {
          out.push(
            `${indent}${this.dialect === 'fpc' ? 'ELSE IF' : 'ELSIF'} ${this.text(elif.cond)} THEN`,
            ...this.body(elif.body, indent),
          );
        }
        if (s.otherwise) out.push(`${indent}ELSE`, ...this.body(s.otherwise, indent));
        return out;
      }
      case 'while': {
        const guard = binary('AND', binary('<', s.counter, intLit(s.limit), 'boolean', 0), s.cond, 'boolean', 0);
        return [
          `${indent}${this.text(s.counter)} := 0;`,
          `${indent}WHILE ${this.text(guard)} DO`,
          `${indent}BEGIN`,
          ...this.list([this.increment(s.counter), ...s.body], `${indent}  `),
          `${indent}END`,
        ];
      }
      case 'repeat': {
        const guard = binary('OR', binary('>=', s.counter, intLit(s.limit), 'boolean', 0), s.cond, 'boolean', 0);
        return [
          `${indent}${this.text(s.counter)} := 0;`,
          `${indent}REPEAT`,
          ...this.list([this.increment(s.counter), ...s.body], `${indent}  `),
          `${indent}UNTIL ${this.text(guard)}`,
        ];
      }
      case 'for':
        return [
          `${indent}FOR ${this.text(s.variable)} := ${this.text(s.from)} ${s.down ? 'DOWNTO' : 'TO'} ${this.text(s.to)} DO`,
          ...this.body(s.body, indent),
        ];
      case 'case': {
        const out = [`${indent}CASE ${this.text(s.selector)} OF`];
        s.arms.forEach((arm, i) => {
          const body = this.body(arm.body, `${indent}  `);
          body[0] = `${indent}  ${arm.labels.join(', ')}: ${(body[0] ?? '').trimStart()}`;
          if (i < s.arms.length - 1 || s.otherwise) body[body.length - 1] += ';';
          out.push(...body);
        });
        if (s.otherwise) out.push(`${indent}ELSE`, ...this.list(s.otherwise, `${indent}  `));
        out.push(`${indent}END`);
        return out;
      }
    }
  }

  private increment(counter: Expr): Stmt {
    return { kind: 'assign', target: counter, value: binary('+', counter, intLit(1), 'integer', 0) };
  }

  private vars(decls: readonly VarDecl[], global: boolean, indent: string): string[] {
    if (!decls.length) return [];
    return [`${indent}VAR`, ...decls.map((d) => `${indent}  ${this.id(d.name, global)}: ${this.type(d.type)};`)];
  }

  private routine(r: Routine): string[] {
    const params = r.params.map((p) => `${p.byRef ? 'VAR ' : ''}${p.name}: ${this.elementType(p.type)}`).join('; ');
    const head = r.result
      ? `FUNCTION ${this.id(r.name, true)}(${params}): ${SCALAR_NAMES[r.result]};`
      : `PROCEDURE ${this.id(r.name, true)}(${params});`;
    return [head, ...this.vars(r.locals, false, ''), 'BEGIN', ...this.list(r.body, '  '), 'END;', ''];
  }

  /** Types, constants, global variables and routines: everything a program declares before its main block. */
  declarations(p: Program): string[] {
    const out: string[] = [];
    if (p.records.length) {
      out.push('TYPE');
      for (const rec of p.records)
        out.push(
          `  ${this.id(rec.name, true)} = RECORD`,
          ...rec.fields.map((f) => `    ${f.name}: ${SCALAR_NAMES[f.scalar]};`),
          '  END;',
        );
    }
    if (p.consts.length)
      out.push('CONST', ...p.consts.map((c) => `  ${this.id(c.name, true)} = ${this.text(c.value)};`));
    out.push(...this.vars(p.globals, true, ''), '');
    for (const r of p.routines) out.push(...this.routine(r));
    return out;
  }

  standalone(p: Program): string {
    return [
      'PROGRAM Diff;',
      ...this.declarations(p),
      ...this.vars(p.mainLocals, false, ''),
      'BEGIN',
      ...this.list(p.main, '  '),
      'END.',
      '',
    ].join('\n');
  }

  /** The program with its main block as the procedure `<prefix>Main`, for a batch. */
  asProcedure(p: Program): string[] {
    return [
      ...this.declarations(p),
      `PROCEDURE ${this.prefix}Main();`,
      ...this.vars(p.mainLocals, false, ''),
      'BEGIN',
      ...this.list(p.main, '  '),
      'END;',
      '',
    ];
  }
}

/** One program as Pascal text. */
export function printProgram(p: Program, dialect: Dialect): string {
  return new PascalPrinter(dialect, '').standalone(p);
}

/** A batch's text, the 1-based line each program's declarations start at and (last) where the main block does. */
export interface BatchText {
  readonly text: string;
  readonly starts: readonly number[];
}

/** Many programs as one: each one's names after `q<k>_`, its main block a procedure, and a marker line before each runs. */
export function printBatch(programs: readonly Program[], dialect: Dialect): BatchText {
  const out = ['PROGRAM Batch;', ''];
  const starts: number[] = [];
  programs.forEach((p, k) => {
    starts.push(out.length + 1);
    out.push(...new PascalPrinter(dialect, `q${k}_`).asProcedure(p));
  });
  starts.push(out.length + 1);
  out.push('BEGIN');
  programs.forEach((_, k) => out.push(`  WriteLn('@@${k}@@');`, `  q${k}_Main();`));
  out.push('END.', '');
  return { text: out.join('\n'), starts };
}
