import type { BlockStyle } from '../config/language-spec.js';
import { answer, FINISHED, runNested, type Nested } from '../syntax/nested-calls.js';
import { walkTree, type SyntaxNode } from '../syntax/syntax-tree.js';
import type { Binder } from './binder.js';
import { EXPRESSION_NODES, squash } from './bind-builtin-tree.js';
import {
  areComparable,
  BOOLEAN,
  CHAR,
  describe,
  INTEGER,
  isAssignable,
  isKnown,
  isNumeric,
  isOrdinal,
  isTextual,
  memberOf,
  sameElements,
  sameOrdinal,
  REAL,
  STRING,
  UNKNOWN,
  type LangType,
  type Typed,
} from './language-types.js';
import { comparisonMeantAsAssignment } from './comparison-statement.js';
import { checkConfiguredCall } from './check-configured-calls.js';
import { checkSystemCall } from './check-system-calls.js';
import { literalType } from './literal-types.js';
import { isRoutine, isValue, type LanguageSymbol, type Span } from './symbol.js';
import type { SemanticCode } from './semantic-codes.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/** The node types `statement` has a case for; any other is a container of statements. */
const STATEMENT_CASES: ReadonlySet<string> = new Set([
  BuiltinNode.Assignment,
  BuiltinNode.IfStatement,
  BuiltinNode.WhileStatement,
  BuiltinNode.RepeatStatement,
  BuiltinNode.ForStatement,
  BuiltinNode.WithStatement,
  BuiltinNode.CaseStatement,
  BuiltinNode.ExpressionStatement,
  BuiltinNode.CommandStatement,
  BuiltinNode.ConstDecl,
  BuiltinNode.FunctionDecl,
  BuiltinNode.ProcedureDecl,
  BuiltinNode.MethodDecl,
  BuiltinNode.IndexRange,
  BuiltinNode.SubrangeType,
  BuiltinNode.SetType,
]);

export type Report = (
  span: Span,
  code: SemanticCode,
  message: string,
  related?: { span: Span; message: string },
  replacements?: readonly string[],
) => void;

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=', '==', '!=']);
const LOGICAL = new Set(['and', 'or', 'xor', '&&', '||']);
const INTEGER_ONLY = new Set(['div', 'mod', '%', '\\']);

/**
 * Checks calls, assignments and types over a tree of a built-in grammar, typing each
 * expression once, bottom-up. Pascal-family layouts declare types, so everything is checked;
 * BASIC knows strings from numbers by the `$` suffix, so mixing them is checked; Python and
 * C-like layouts are dynamically typed, so only argument counts and assignments are.
 */
export class TypeChecker {
  /** Types are declared in the text (Pascal): conditions must be BOOLEAN, and so on. */
  private readonly typed: boolean;
  /** Operand types are checked: typed layouts and BASIC. */
  private readonly checksOperands: boolean;
  /** BASIC indexes arrays with parentheses, so `A(I)` on an array is an element, not a call. */
  private readonly arraysByCall: boolean;
  private routine: LanguageSymbol | undefined;
  /** Each expression's type, when memoised. */
  private readonly expressionTypes = new Map<SyntaxNode, LangType>();

  constructor(
    private readonly b: Binder,
    private readonly report: Report,
    style: BlockStyle,
    /**
     * Remember the type of every expression typed, for a caller that asks for the types of
     * subexpressions at every level (C generation, protocol checks), which would otherwise
     * retype a long expression once per level. One pass over a tree needs no memory.
     */
    private readonly memoize = false,
  ) {
    this.typed = style === 'keywords';
    this.checksOperands = style === 'keywords' || style === 'lines';
    this.arraysByCall = style === 'lines';
  }

  check(tree: SyntaxNode): void {
    runNested(this.statement(tree));
  }

  /** A dispatcher, not a generator itself, so a statement costs the one generator of its case. */
  private statement(n: SyntaxNode): Nested<void> {
    switch (n.type) {
      case BuiltinNode.Assignment:
        return this.assignment(n);
      case BuiltinNode.IfStatement:
      case BuiltinNode.ElifClause:
      case BuiltinNode.WhileStatement:
        return this.conditional(n, n.children[0]);
      case BuiltinNode.RepeatStatement:
        return this.conditional(n, n.children[n.children.length - 1]);
      case BuiltinNode.ForStatement:
        return this.forStatement(n);
      case BuiltinNode.CaseStatement:
        return this.caseStatement(n);
      case BuiltinNode.WithStatement:
        return this.withStatement(n);
      case BuiltinNode.ExpressionStatement:
        return this.expressionStatement(n);
      case BuiltinNode.CommandStatement:
        return this.command(n);
      case BuiltinNode.ConstDecl:
        return this.constDecl(n);
      case BuiltinNode.FunctionDecl:
      case BuiltinNode.ProcedureDecl:
        return this.routineDecl(n);
      // A heading in a record or protocol: nothing is called or computed there.
      case BuiltinNode.MethodDecl:
        return FINISHED;
      case BuiltinNode.IndexRange:
        return this.bounds(n, "An array's bound");
      case BuiltinNode.SubrangeType:
        return this.bounds(n, "A subrange's bound");
      case BuiltinNode.SetType:
        return this.setType(n);
      default:
        return this.mixed(n);
    }
  }

  /** Children that may be statements or expressions. */
  private *mixed(n: SyntaxNode): Nested<void> {
    // Containers that are neither expressions nor statements with a case of their own
    // (blocks, sections, statement lists) are walked here in document order, without a call
    // each: what `statement` would do with them is this.
    const nodes: SyntaxNode[] = [n];
    const next: number[] = [0];
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const parent = nodes[top] as SyntaxNode;
      const i = next[top] as number;
      const c = parent.children[i];
      if (!c) {
        nodes.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      // A call done at once is not yielded: a resume per statement would cost more than it.
      if (EXPRESSION_NODES.has(c.type)) {
        const call = this.checked(c);
        if (call !== FINISHED) yield call;
      } else if (c.children.length === 0) continue;
      else if (STATEMENT_CASES.has(c.type)) {
        const call = this.statement(c);
        if (call !== FINISHED) yield call;
      } else {
        nodes.push(c);
        next.push(0);
      }
    }
  }

  private symbolOf(n: SyntaxNode): LanguageSymbol | undefined {
    return this.b.occurrenceStarting(n.from)?.symbol;
  }

  private *routineDecl(n: SyntaxNode): Nested<void> {
    const outer = this.routine;
    const name = n.children[0];
    this.routine = name ? this.symbolOf(name) : undefined;
    // The name is declared here, not called.
    for (const c of n.children) {
      if (c === name) continue;
      if (c.type === BuiltinNode.ForwardDirective) this.checkDirective(c);
      else if (c.type === BuiltinNode.ParamList && this.routine && name && this.routine.nameSpan?.from !== name.from)
        this.checkRepeatedParams(c, this.routine);
      else yield this.statementIn(c);
    }
    this.routine = outer;
  }

  /** The word after a heading in place of a body: FORWARD is the one directive known. */
  private checkDirective(directive: SyntaxNode): void {
    const word = directive.children[0] ?? directive;
    const spelled = this.b.nameOf(word);
    if (spelled.toLowerCase() !== 'forward')
      this.report(
        word,
        'undefined-name',
        `'${spelled}' is not a directive; a heading alone is followed by FORWARD.`,
        undefined,
        ['FORWARD'],
      );
  }

  /** The parameters the body of a FORWARD routine repeats must be the heading's, in order. */
  private checkRepeatedParams(list: SyntaxNode, routine: LanguageSymbol): void {
    const repeated: LanguageSymbol[] = [];
    for (const p of list.children)
      for (const id of p.type === BuiltinNode.Param ? p.children : [])
        if (id.type === BuiltinNode.Identifier) {
          const symbol = this.symbolOf(id);
          if (symbol) repeated.push(symbol);
        }
    const heading = routine.params ?? [];
    const same =
      repeated.length === heading.length &&
      repeated.every((p, i) => {
        const h = heading[i] as LanguageSymbol;
        return (
          this.b.fold(p.name) === this.b.fold(h.name) &&
          Boolean(p.byReference) === Boolean(h.byReference) &&
          isAssignable(p.type, h.type) &&
          isAssignable(h.type, p.type)
        );
      });
    if (!same)
      this.report(
        list,
        'type-mismatch',
        `These parameters differ from the FORWARD heading of '${routine.name}': ${squash(routine.detail ?? routine.name)}.`,
        routine.nameSpan && { span: routine.nameSpan, message: `'${routine.name}' is declared FORWARD here.` },
      );
  }

  private *constDecl(n: SyntaxNode): Nested<void> {
    const value = n.children.find((c, i) => i > 0 && EXPRESSION_NODES.has(c.type));
    const valueType = value ? (this.typeNow(value) ?? ((yield this.typeCall(value)) as LangType)) : UNKNOWN;
    const name = n.children[0];
    const symbol = name ? this.symbolOf(name) : undefined;
    // A constant expression (`N = Max * 2`) has the type of its value; Pascal declares
    // constants before their uses, which this walk reaches after it.
    if (this.typed && symbol?.kind === 'constant' && symbol.type.kind === 'unknown' && isKnown(valueType))
      symbol.type = valueType;
    if (value && symbol && !isAssignable(symbol.type, valueType)) {
      this.report(
        value,
        'type-mismatch',
        `Constant '${symbol.name}' is declared ${describe(symbol.type)}, but its value is ${describe(valueType)}.`,
      );
    }
  }

  /**
   * Checked at once when its target and value are typed at once, as most assignments are (a
   * generator per statement is a good part of a pass's cost); otherwise a nested call.
   */
  private assignment(n: SyntaxNode): Nested<void> {
    const target = n.children[0];
    const value = n.children[1];
    if (!target) return FINISHED;
    const targetType = this.targetTypeNow(target);
    if (targetType === undefined) return this.assignmentNested(n, target, value, undefined);
    const valueType = value ? this.typeNow(value) : UNKNOWN;
    if (valueType === undefined || n.children.length > 2) return this.assignmentNested(n, target, value, targetType);
    this.checkAssignment(target, value, targetType, valueType);
    return FINISHED;
  }

  /** The rest of `assignment`, from the target's type when that is known already. */
  private *assignmentNested(
    n: SyntaxNode,
    target: SyntaxNode,
    value: SyntaxNode | undefined,
    knownTargetType: LangType | undefined,
  ): Nested<void> {
    const targetType = knownTargetType ?? ((yield this.targetType(target)) as LangType);
    const valueType = value ? (this.typeNow(value) ?? ((yield this.typeCall(value)) as LangType)) : UNKNOWN;
    this.checkAssignment(target, value, targetType, valueType);
    for (let i = 2; i < n.children.length; i++) yield this.statementIn(n.children[i] as SyntaxNode);
  }

  private checkAssignment(
    target: SyntaxNode,
    value: SyntaxNode | undefined,
    targetType: LangType,
    valueType: LangType,
  ): void {
    if (value && !isAssignable(targetType, valueType)) {
      this.report(
        value,
        'type-mismatch',
        `Cannot assign ${describe(valueType)} to '${squash(this.b.nameOf(target))}', which is ${describe(targetType)}.`,
      );
    }
  }

  /**
   * The type of the place an assignment stores into, after checking it may be stored into,
   * when that needs no nested call (a whole variable, mostly); undefined, having done nothing,
   * when it does (then `targetType`).
   */
  private targetTypeNow(target: SyntaxNode): LangType | undefined {
    const root = rootIdentifier(target, this.arraysByCall);
    const symbol = root ? this.symbolOf(root) : undefined;
    if (root && symbol && !this.assignable(symbol)) {
      if (target !== root) return undefined;
      this.reportUnassignable(root, symbol);
      return UNKNOWN;
    }
    if (target.type === BuiltinNode.Identifier)
      return symbol?.kind === 'function' ? symbol.type : (symbol?.type ?? UNKNOWN);
    return this.typeNow(target);
  }

  /** `targetTypeNow` for a target that needs nested calls. */
  private *targetType(target: SyntaxNode): Nested<LangType> {
    const root = rootIdentifier(target, this.arraysByCall);
    const symbol = root ? this.symbolOf(root) : undefined;
    if (root && symbol && !this.assignable(symbol)) {
      this.reportUnassignable(root, symbol);
      yield this.checked(target);
      return UNKNOWN;
    }
    return (yield this.typeCall(target)) as LangType;
  }

  private reportUnassignable(root: SyntaxNode, symbol: LanguageSymbol): void {
    if (symbol.kind === 'constant')
      this.report(root, 'assignment-to-constant', `'${symbol.name}' is a constant and cannot be assigned.`);
    else
      this.report(
        root,
        'not-assignable',
        `'${symbol.name}' is ${article(symbol)}; only variables${this.typed ? ", parameters and a function's own result" : ' and parameters'} can be assigned.`,
      );
  }

  private assignable(symbol: LanguageSymbol): boolean {
    if (symbol.kind === 'variable' || symbol.kind === 'parameter' || symbol.kind === 'field') return true;
    // Pascal returns a function's result by assigning to its name inside it, or inside a
    // routine nested in it.
    if (symbol.kind !== 'function' || !this.typed) return false;
    for (let r = this.routine; r; r = r.scope.owner) if (r === symbol) return true;
    return false;
  }

  private *conditional(n: SyntaxNode, condition: SyntaxNode | undefined): Nested<void> {
    for (const c of n.children) {
      const call =
        c === condition && EXPRESSION_NODES.has(c.type)
          ? this.condition(c)
          : EXPRESSION_NODES.has(c.type)
            ? this.checked(c)
            : this.statementIn(c);
      if (call !== FINISHED) yield call;
    }
  }

  /** A dispatcher: most conditions are typed at once. */
  private condition(c: SyntaxNode): Nested<void> {
    const t = this.typeNow(c);
    if (t === undefined) return this.conditionNested(c);
    this.checkCondition(c, t);
    return FINISHED;
  }

  private *conditionNested(c: SyntaxNode): Nested<void> {
    this.checkCondition(c, (yield this.typeCall(c)) as LangType);
  }

  private checkCondition(c: SyntaxNode, t: LangType): void {
    if (this.typed && isKnown(t) && !(t.kind === 'primitive' && t.name === 'boolean')) {
      this.report(c, 'type-mismatch', `A condition must be BOOLEAN, but this is ${describe(t)}.`);
    }
  }

  private *forStatement(n: SyntaxNode): Nested<void> {
    const control = n.children[0];
    if (control?.type !== BuiltinNode.Identifier) return void (yield this.mixed(n));
    const symbol = this.symbolOf(control);
    const controlType = symbol && isValue(symbol) ? symbol.type : UNKNOWN;
    if (symbol && !this.assignable(symbol))
      this.report(
        control,
        symbol.kind === 'constant' ? 'assignment-to-constant' : 'not-assignable',
        `'${symbol.name}' is ${article(symbol)} and cannot be a loop's control variable.`,
      );
    else if (this.typed && isKnown(controlType) && !isOrdinal(controlType)) {
      this.report(
        control,
        'type-mismatch',
        `A FOR loop's control variable must be INTEGER, CHAR or BOOLEAN, but '${control && this.b.nameOf(control)}' is ${describe(controlType)}.`,
      );
    }
    let bounds = 0;
    for (let i = 1; i < n.children.length; i++) {
      const c = n.children[i] as SyntaxNode;
      if (!EXPRESSION_NODES.has(c.type)) {
        yield this.statementIn(c);
        continue;
      }
      const t = this.typeNow(c) ?? ((yield this.typeCall(c)) as LangType);
      // The start and the limit; BASIC's STEP and NEXT variable follow.
      if (bounds++ < 2 && !isAssignable(controlType, t))
        this.report(
          c,
          'type-mismatch',
          `This bound is ${describe(t)}, but the control variable '${symbol?.name}' is ${describe(controlType)}.`,
        );
    }
    // BASIC's `NEXT J` after `FOR I`: the NEXT's variable must be the loop's own.
    const last = n.children[n.children.length - 1] as SyntaxNode;
    const body = n.children.findIndex((c) => c.type === BuiltinNode.Body);
    const controlName = this.b.nameOf(control);
    if (
      last.type === BuiltinNode.Identifier &&
      body !== -1 &&
      // A control variable a repair supplied has no name to compare.
      controlName !== '' &&
      n.children.indexOf(last) > body &&
      this.b.fold(this.b.nameOf(last)) !== this.b.fold(controlName)
    )
      this.report(
        last,
        'next-mismatch',
        `This NEXT names '${this.b.nameOf(last)}', but it closes the FOR loop of '${controlName}'.`,
        undefined,
        [controlName],
      );
  }

  /** What WITH opens must be a record (the binder has put its fields in view). */
  private *withStatement(n: SyntaxNode): Nested<void> {
    for (const c of n.children) {
      if (!EXPRESSION_NODES.has(c.type)) {
        yield this.statementIn(c);
        continue;
      }
      const t = this.typeNow(c) ?? ((yield this.typeCall(c)) as LangType);
      if (this.typed && isKnown(t) && t.kind !== 'record')
        this.report(c, 'type-mismatch', `WITH needs a record, but '${squash(this.b.nameOf(c))}' is ${describe(t)}.`);
    }
  }

  private *caseStatement(n: SyntaxNode): Nested<void> {
    const selector = n.children[0];
    const selectorType =
      selector && EXPRESSION_NODES.has(selector.type)
        ? (this.typeNow(selector) ?? ((yield this.typeCall(selector)) as LangType))
        : UNKNOWN;
    for (let i = 1; i < n.children.length; i++) {
      const arm = n.children[i] as SyntaxNode;
      if (arm.type !== BuiltinNode.CaseArm) {
        yield this.statementIn(arm);
        continue;
      }
      for (const c of arm.children) {
        const labels = c.type === BuiltinNode.CaseRange ? c.children : [c];
        if (!labels.every((l) => EXPRESSION_NODES.has(l.type))) {
          yield this.statementIn(c);
          continue;
        }
        for (const label of labels)
          this.checkCaseLabel(label, this.typeNow(label) ?? ((yield this.typeCall(label)) as LangType), selectorType);
      }
    }
  }

  /** An array's or a subrange's bounds are constants, as Pascal sizes its types when it compiles. */
  private *bounds(n: SyntaxNode, what: string): Nested<void> {
    for (const bound of n.children) {
      if (!EXPRESSION_NODES.has(bound.type)) continue;
      yield this.checked(bound);
      if (this.typed && !this.isConstant(bound))
        this.report(bound, 'not-constant', `${what} must be a constant, but '${squash(this.b.nameOf(bound))}' is not.`);
    }
  }

  /** `SET OF T`, read with SET as a name (see base-grammar.ts): the word must be SET. */
  private *setType(n: SyntaxNode): Nested<void> {
    const [word, ...rest] = n.children;
    if (word?.type === BuiltinNode.Identifier && this.b.nameOf(word).toLowerCase() !== 'set')
      this.report(
        word,
        'undefined-name',
        `'${this.b.nameOf(word)}' is not a type constructor; a set type is SET OF.`,
        undefined,
        ['SET'],
      );
    for (const c of rest) yield this.statementIn(c);
  }

  /** `[1, 3..5, c]`: a set of its elements' type, which they share and which is ordinal. */
  private *setLiteral(n: SyntaxNode): Nested<LangType> {
    let element: LangType = UNKNOWN;
    for (const c of n.children) {
      for (const e of c.type === BuiltinNode.SetRange ? c.children : [c]) {
        if (!EXPRESSION_NODES.has(e.type)) {
          yield this.statementIn(e);
          continue;
        }
        const t = this.typeNow(e) ?? ((yield this.typeCall(e)) as LangType);
        if (!this.typed || !isKnown(t)) continue;
        if (!isOrdinal(t))
          this.report(
            e,
            'type-mismatch',
            `A set's elements must be INTEGER, CHAR or BOOLEAN, but this is ${describe(t)}.`,
          );
        else if (!isKnown(element)) element = t;
        else if (!sameOrdinal(element, t))
          this.report(
            e,
            'type-mismatch',
            `This element is ${describe(t)}, but the set's first is ${describe(element)}.`,
          );
      }
    }
    return { kind: 'set', element, display: isKnown(element) ? `SET OF ${describe(element)}` : 'SET' };
  }

  /** A CASE label is a constant of the selector's type: `'a'` for a CHAR, never `'ab'` or `1`. */
  private checkCaseLabel(label: SyntaxNode, t: LangType, selectorType: LangType): void {
    if (!this.checksOperands) return;
    const ordinal = this.typed && isOrdinal(selectorType) && isKnown(t);
    if (!areComparable(selectorType, t) || (ordinal && !sameOrdinal(selectorType, t)))
      this.report(
        label,
        'type-mismatch',
        `This CASE label is ${describe(t)}, but the selector is ${describe(selectorType)}.`,
      );
    else if (this.typed && !this.isConstant(label))
      this.report(
        label,
        'not-constant',
        `A CASE label must be a constant, but '${squash(this.b.nameOf(label))}' is not.`,
      );
  }

  /**
   * Whether Pascal computes `n` when it compiles: literals, constants, and operators and
   * configured functions (Ord, Chr) of them. A name that resolves to nothing is taken for
   * one: undefined-name has said what is wrong with it.
   */
  isConstant(n: SyntaxNode): boolean {
    const pending = [n];
    for (let node = pending.pop(); node; node = pending.pop()) {
      switch (node.type) {
        case BuiltinNode.Number:
        case BuiltinNode.String:
        case BuiltinNode.Boolean:
        case BuiltinNode.Nil:
          break;
        case BuiltinNode.Identifier: {
          const symbol = this.symbolOf(node);
          if (symbol && symbol.kind !== 'constant') return false;
          break;
        }
        case BuiltinNode.ParenExpr:
        case BuiltinNode.UnaryExpr:
        case BuiltinNode.BinaryExpr:
          pending.push(...node.children);
          break;
        case BuiltinNode.CallExpr: {
          const [callee, args] = node.children;
          const symbol = callee?.type === BuiltinNode.Identifier ? this.symbolOf(callee) : undefined;
          if (symbol?.kind !== 'builtin-function') return false;
          pending.push(...(args?.children ?? []));
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  private *expressionStatement(n: SyntaxNode): Nested<void> {
    const e = n.children[0];
    if (!e) return;
    const symbol = e.type === BuiltinNode.Identifier ? this.symbolOf(e) : undefined;
    // Pascal calls a routine without arguments by naming it: `WriteLn;`. Python's `f` alone does nothing.
    if (symbol && !this.typed && (isRoutine(symbol) || symbol.kind === 'builtin-function')) return;
    const comparison = comparisonMeantAsAssignment(e, this.b.text, this.b.spec.syntax.assignmentOperator);
    if (!comparison) {
      if (withoutEffect(e))
        this.report(e, 'expression-has-no-effect', 'This statement computes a value and drops it: it does nothing.');
      yield this.mixed(n);
      return;
    }
    const assign = this.b.spec.syntax.assignmentOperator;
    const target = e.children[0] as SyntaxNode;
    this.report(
      { from: comparison.from, to: comparison.from + comparison.operator.length },
      'comparison-as-statement',
      `This compares '${this.b.text.slice(target.from, target.to)}' with a value and drops the result; to assign, write '${assign}'.`,
      undefined,
      [assign],
    );
    // The target is what the author meant to assign: only the value is checked.
    yield this.checked(e.children[1] as SyntaxNode);
  }

  private *command(n: SyntaxNode): Nested<void> {
    const name = n.children[0];
    for (let i = 1; i < n.children.length; i++) yield this.checked(n.children[i] as SyntaxNode);
    const symbol = name ? this.symbolOf(name) : undefined;
    if (name && symbol) this.checkArity(symbol, n.children.length - 1, name, n);
  }

  /** The type of an expression, checking it on the way. */
  typeOf(n: SyntaxNode): LangType {
    return this.typeNow(n) ?? runNested(this.typeCall(n));
  }

  /**
   * The type of an expression typed at once, checking it on the way, when that needs no
   * nested call: a leaf, or an operator or parentheses around leaves (most expressions of a
   * program are these). Undefined, having done nothing, for any other node.
   */
  private typeNow(n: SyntaxNode): LangType | undefined {
    const { children } = n;
    if (children.length === 0) return this.leafType(n);
    switch (n.type) {
      case BuiltinNode.BinaryExpr: {
        const left = children[0];
        const right = children[1];
        if (!left || !right || children.length !== 2 || left.children.length > 0 || right.children.length > 0)
          return undefined;
        return this.binaryType(n, left, right, this.leafType(left), this.leafType(right));
      }
      case BuiltinNode.UnaryExpr: {
        const operand = children[0];
        return operand && operand.children.length === 0
          ? this.unaryType(n, operand, this.leafType(operand))
          : undefined;
      }
      case BuiltinNode.ParenExpr: {
        const inner = children[0];
        return inner && inner.children.length === 0 ? this.leafType(inner) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The type of a leaf; what typing it as any expression gives, UNKNOWN for one of no type. */
  private leafType(n: SyntaxNode): LangType {
    switch (n.type) {
      case BuiltinNode.Identifier:
        return this.identifier(n);
      case BuiltinNode.Number:
      case BuiltinNode.String:
      case BuiltinNode.Boolean:
        return literalType(n, this.b.text, this.typed);
      default:
        return UNKNOWN;
    }
  }

  /** Types `n` for the checks on the way, its type unused; at once when `typeNow` can. */
  private checked(n: SyntaxNode): Nested<unknown> {
    return this.typeNow(n) === undefined ? this.typeCall(n) : FINISHED;
  }

  private typeCall(n: SyntaxNode): Nested<LangType> {
    return this.memoize ? this.typeOfNested(n) : this.typeOfUnknown(n);
  }

  /** Checks a statement; a leaf has nothing to check (every case of `statement` needs children). */
  private statementIn(n: SyntaxNode): Nested<void> {
    return n.children.length === 0 ? FINISHED : this.statement(n);
  }

  /** Memoised (see `memoize`); leaves are not, being cheaper to type again than to look up. */
  private *typeOfNested(n: SyntaxNode): Nested<LangType> {
    const known = this.expressionTypes.get(n);
    if (known) return known;
    const t = (yield this.typeOfUnknown(n)) as LangType;
    this.expressionTypes.set(n, t);
    return t;
  }

  /** A dispatcher, not a generator itself, so an expression costs the one generator of its case. */
  private typeOfUnknown(n: SyntaxNode): Nested<LangType> {
    switch (n.type) {
      case BuiltinNode.Identifier:
        return answer(this.identifier(n));
      case BuiltinNode.Number:
      case BuiltinNode.String:
      case BuiltinNode.Boolean:
        return answer(literalType(n, this.b.text, this.typed));
      case BuiltinNode.ParenExpr:
        return this.paren(n);
      case BuiltinNode.UnaryExpr:
        return this.unary(n);
      case BuiltinNode.BinaryExpr:
        return this.binary(n);
      case BuiltinNode.CallExpr:
        return this.call(n);
      case BuiltinNode.IndexExpr:
        return this.index(n);
      case BuiltinNode.MemberExpr:
        return this.member(n);
      case BuiltinNode.FormattedArg:
        return this.formattedArg(n);
      case BuiltinNode.SetLiteral:
        return this.setLiteral(n);
      default:
        return this.notAnExpression(n);
    }
  }

  private *paren(n: SyntaxNode): Nested<LangType> {
    return n.children[0]
      ? (this.typeNow(n.children[0]) ?? ((yield this.typeCall(n.children[0])) as LangType))
      : UNKNOWN;
  }

  private *notAnExpression(n: SyntaxNode): Nested<LangType> {
    for (const c of n.children) yield this.statementIn(c);
    return UNKNOWN;
  }

  private identifier(n: SyntaxNode): LangType {
    const symbol = this.symbolOf(n);
    if (!symbol) return UNKNOWN;
    if (isValue(symbol)) return symbol.type;
    if (this.typed && (isRoutine(symbol) || symbol.kind === 'builtin-function')) {
      // Naming a routine in Pascal calls it with no arguments.
      this.checkArity(symbol, 0, n, n);
      return symbol.kind === 'function' ? symbol.type : UNKNOWN;
    }
    return UNKNOWN;
  }

  private *unary(n: SyntaxNode): Nested<LangType> {
    const operand = n.children[0];
    if (!operand) return UNKNOWN;
    return this.unaryType(n, operand, this.typeNow(operand) ?? ((yield this.typeCall(operand)) as LangType));
  }

  private unaryType(n: SyntaxNode, operand: SyntaxNode, t: LangType): LangType {
    if (!this.checksOperands || !isKnown(t)) return UNKNOWN;
    const op = this.b.text.slice(n.from, operand.from).trim().toLowerCase();
    if (op === 'not') {
      if (this.typed && (t === BOOLEAN || (t.kind === 'primitive' && (t.name === 'boolean' || t.name === 'integer'))))
        return t;
      if (!this.typed && isNumeric(t)) return t;
      this.report(n, 'type-mismatch', `Cannot apply NOT to ${describe(t)}.`);
      return UNKNOWN;
    }
    if (isNumeric(t)) return t;
    this.report(n, 'type-mismatch', `Cannot apply '${op}' to ${describe(t)}.`);
    return UNKNOWN;
  }

  private *binary(n: SyntaxNode): Nested<LangType> {
    const left = n.children[0];
    const right = n.children[1];
    // Anything but two operands has a syntax error in it (see operator-chain.ts).
    if (!left || !right || n.children.length !== 2) {
      for (const c of n.children) yield this.checked(c);
      return UNKNOWN;
    }
    const l = this.typeNow(left) ?? ((yield this.typeCall(left)) as LangType);
    const r = this.typeNow(right) ?? ((yield this.typeCall(right)) as LangType);
    return this.binaryType(n, left, right, l, r);
  }

  /** The type of a binary expression of two operands of types `l` and `r`, checking it. */
  private binaryType(n: SyntaxNode, left: SyntaxNode, right: SyntaxNode, l: LangType, r: LangType): LangType {
    if (!this.checksOperands) return UNKNOWN;
    const op = this.b.text.slice(left.to, right.from).trim().toLowerCase();
    const truth = this.typed ? BOOLEAN : UNKNOWN;
    const mismatch = (what: string): LangType => {
      this.report(n, 'type-mismatch', `${what}: the left side is ${describe(l)}, the right side ${describe(r)}.`);
      return UNKNOWN;
    };
    if (op === 'in' && this.typed) {
      if (isKnown(r) && r.kind !== 'set') return mismatch('IN needs a set on its right');
      if (isKnown(l) && r.kind === 'set' && isKnown(r.element) && !sameOrdinal(l, r.element))
        return mismatch(`The set holds ${describe(r.element)}, not ${describe(l)}`);
      return truth;
    }
    // Sets are compared for equality and inclusion (<=, >=), never ordered.
    if ((op === '<' || op === '>') && (l.kind === 'set' || r.kind === 'set'))
      return mismatch(`Sets cannot be compared with '${op}'`);
    if (COMPARISONS.has(op)) return areComparable(l, r) ? truth : mismatch(`Cannot compare these with '${op}'`);
    if (!isKnown(l) || !isKnown(r)) return UNKNOWN;
    if (LOGICAL.has(op)) {
      if (
        this.typed &&
        l.kind === 'primitive' &&
        r.kind === 'primitive' &&
        l.name === r.name &&
        (l.name === 'boolean' || l.name === 'integer')
      )
        return l;
      if (!this.typed && isNumeric(l) && isNumeric(r)) return numeric(l, r);
      return mismatch(`${op.toUpperCase()} needs ${this.typed ? 'two BOOLEAN or two INTEGER' : 'numeric'} operands`);
    }
    if (op === '+' && isTextual(l) && isTextual(r)) return STRING;
    // Union, difference and intersection.
    if (['+', '-', '*'].includes(op) && (l.kind === 'set' || r.kind === 'set')) {
      if (l.kind !== 'set' || r.kind !== 'set' || !sameElements(l, r)) return mismatch(`Cannot apply '${op}' to these`);
      return isKnown(l.element) ? l : r;
    }
    if (['+', '-', '*', '^', '**'].includes(op))
      return isNumeric(l) && isNumeric(r) ? numeric(l, r) : mismatch(`Cannot apply '${op}' to these`);
    if (op === '/')
      return isNumeric(l) && isNumeric(r) ? (this.typed ? REAL : numeric(l, r)) : mismatch(`Cannot divide these`);
    if (INTEGER_ONLY.has(op)) {
      if (!this.typed) return isNumeric(l) && isNumeric(r) ? numeric(l, r) : mismatch(`Cannot apply '${op}' to these`);
      return l.kind === 'primitive' && r.kind === 'primitive' && l.name === 'integer' && r.name === 'integer'
        ? INTEGER
        : mismatch(`${op.toUpperCase()} needs INTEGER operands`);
    }
    return UNKNOWN;
  }

  private *call(n: SyntaxNode): Nested<LangType> {
    const callee = n.children[0];
    const argList = n.children[1];
    const written =
      argList?.type === BuiltinNode.ArgList ? argList.children.filter((c) => EXPRESSION_NODES.has(c.type)) : [];
    const argTypes: LangType[] = [];
    for (const a of written) argTypes.push(this.typeNow(a) ?? ((yield this.typeCall(a)) as LangType));
    const symbol = callee?.type === BuiltinNode.Identifier ? this.symbolOf(callee) : undefined;
    const key = symbol?.builtin?.key;
    for (const a of written)
      if (a.type === BuiltinNode.FormattedArg && key !== 'write' && key !== 'print')
        this.report(a, 'misplaced-format', 'A width or precision (`x:8:2`) can only be given to Write and WriteLn.');
    // A formatted argument stands for its value, checked like any other.
    const args = written.map((a) => (a.type === BuiltinNode.FormattedArg ? (a.children[0] ?? a) : a));
    if (!callee) return UNKNOWN;
    if (callee.type !== BuiltinNode.Identifier) {
      yield this.checked(callee);
      return UNKNOWN;
    }
    if (!symbol) return UNKNOWN;
    if (symbol.kind === 'builtin-function' || isRoutine(symbol)) {
      const counted = this.checkArity(symbol, args.length, callee, argList ?? callee);
      if (counted && symbol.params) this.checkArguments(symbol, symbol.params, args, argTypes);
      // Arguments of a wrong count are not checked further: which one is missing is not known.
      if (symbol.builtin && this.typed) return counted ? this.builtinCall(symbol, args, argTypes) : UNKNOWN;
      return symbol.kind === 'function' ? symbol.type : UNKNOWN;
    }
    if (this.arraysByCall && isValue(symbol)) return symbol.type.kind === 'array' ? symbol.type.element : UNKNOWN;
    if (this.typed && isValue(symbol))
      this.report(callee, 'not-callable', `'${symbol.name}' is ${article(symbol)}, not a function or procedure.`);
    return UNKNOWN;
  }

  /**
   * The result of a call of a System routine or a configured function in a typed layout,
   * checking its arguments where their meaning is known: a System routine's by its key, a
   * configured function's by the ParserCraft key Pascal configs give it.
   */
  private builtinCall(symbol: LanguageSymbol, args: readonly SyntaxNode[], types: readonly LangType[]): LangType {
    if (symbol.system)
      return checkSystemCall({
        routine: symbol,
        args,
        types,
        enclosing: this.routine,
        isVariable: (arg) => this.isVariable(arg),
        typeNamed: (arg) => this.typeNamed(arg),
        report: this.report,
      });
    return checkConfiguredCall(symbol, args, types, {
      isVariable: (arg) => this.isVariable(arg),
      report: this.report,
    });
  }

  /**
   * Whether `arg` is a place that may be stored into: a variable, a parameter, a field or an
   * element of one, or a function's result inside it. An undefined name counts as one: that
   * is its own finding.
   */
  private isVariable(arg: SyntaxNode): boolean {
    const root = rootIdentifier(arg, this.arraysByCall);
    if (!root) return false;
    const symbol = this.symbolOf(root);
    return !symbol || this.assignable(symbol);
  }

  /** The type an argument names when it is a type's name (`High(INTEGER)`, `Low(Digits)`). */
  private typeNamed(arg: SyntaxNode): LangType | undefined {
    if (arg.type !== BuiltinNode.Identifier) return undefined;
    const symbol = this.symbolOf(arg);
    return symbol && (symbol.kind === 'type' || symbol.kind === 'builtin-type') ? symbol.type : undefined;
  }

  /**
   * Checks a call of `routine` that this checker does not resolve itself, as it checks the
   * calls it does: the argument count, then each argument against its parameter. Protocol
   * checks call it for methods called through a record or protocol (`s.area(1)`).
   */
  checkCallOf(
    routine: LanguageSymbol,
    name: Span,
    at: Span,
    args: readonly SyntaxNode[],
    types: readonly LangType[],
  ): void {
    if (this.checkArity(routine, args.length, name, at) && routine.params)
      this.checkArguments(routine, routine.params, args, types);
  }

  /** Reports a wrong argument count; true when the count is right. */
  private checkArity(symbol: LanguageSymbol, given: number, name: Span, at: Span): boolean {
    const [min, max] = symbol.builtin
      ? [symbol.builtin.minArgs, symbol.builtin.maxArgs]
      : [symbol.params?.length ?? 0, symbol.params?.length ?? 0];
    if (given >= min && given <= max) return true;
    const expected =
      min === max
        ? `${min} argument${min === 1 ? '' : 's'}`
        : max === Infinity
          ? `at least ${min} argument${min === 1 ? '' : 's'}`
          : `${min} to ${max} arguments`;
    this.report(
      at,
      'wrong-argument-count',
      `'${this.b.nameOf(name)}' takes ${expected}, but ${given === 0 ? 'none was' : given === 1 ? '1 was' : `${given} were`} given.`,
    );
    return false;
  }

  private checkArguments(
    routine: LanguageSymbol,
    params: readonly LanguageSymbol[],
    args: readonly SyntaxNode[],
    types: readonly LangType[],
  ): void {
    params.forEach((param, i) => {
      const arg = args[i];
      const t = types[i];
      if (!arg || !t) return;
      if (param.byReference && rootIdentifier(arg, this.arraysByCall) === undefined) {
        this.report(
          arg,
          'not-assignable',
          `Parameter '${param.name}' of '${routine.name}' is a VAR parameter, so argument ${i + 1} must be a variable.`,
        );
      } else if (!isAssignable(param.type, t)) {
        this.report(
          arg,
          'type-mismatch',
          `Argument ${i + 1} of '${routine.name}' is ${describe(t)}, but parameter '${param.name}' is ${describe(param.type)}.`,
        );
      }
    });
  }

  /** `x:8:3`: the type of `x`; a width and a precision are INTEGERs. */
  private *formattedArg(n: SyntaxNode): Nested<LangType> {
    const [value, ...widths] = n.children;
    const t = value ? (this.typeNow(value) ?? ((yield this.typeCall(value)) as LangType)) : UNKNOWN;
    for (const w of widths) {
      const wt = this.typeNow(w) ?? ((yield this.typeCall(w)) as LangType);
      if (this.typed && isKnown(wt) && !(wt.kind === 'primitive' && wt.name === 'integer'))
        this.report(w, 'type-mismatch', `A width or precision must be INTEGER, but this is ${describe(wt)}.`);
    }
    return t;
  }

  /** `a[i]`, and `a[i, j]`, which is `a[i][j]`: each index takes one dimension off. */
  private *index(n: SyntaxNode): Nested<LangType> {
    const base = n.children[0];
    if (!base) return UNKNOWN;
    let t = this.typeNow(base) ?? ((yield this.typeCall(base)) as LangType);
    for (let k = 1; k < n.children.length; k++) {
      const i = n.children[k] as SyntaxNode;
      const it = this.typeNow(i) ?? ((yield this.typeCall(i)) as LangType);
      if (this.typed && isKnown(it) && !isOrdinal(it))
        this.report(i, 'type-mismatch', `An index must be INTEGER, CHAR or BOOLEAN, but this is ${describe(it)}.`);
      else if (
        t.kind === 'array' &&
        this.typed &&
        t.index &&
        isKnown(t.index) &&
        isKnown(it) &&
        !sameOrdinal(t.index, it)
      )
        this.report(
          i,
          'type-mismatch',
          `This index is ${describe(it)}, but '${squash(this.b.nameOf(base))}' is indexed by ${describe(t.index)}.`,
        );
      if (t.kind === 'array') t = t.element;
      else if (t.kind === 'primitive' && t.name === 'string') t = CHAR;
      else {
        if (this.typed && isKnown(t))
          this.report(
            k === 1 ? base : i,
            'type-mismatch',
            k === 1
              ? `'${squash(this.b.nameOf(base))}' is ${describe(t)}; only arrays and strings can be indexed.`
              : `'${squash(this.b.nameOf(base))}' has ${k - 1} dimension${k === 2 ? '' : 's'}; this index is one too many.`,
          );
        return UNKNOWN;
      }
    }
    return t;
  }

  private *member(n: SyntaxNode): Nested<LangType> {
    const base = n.children[0];
    const member = n.children[1];
    if (!base) return UNKNOWN;
    const t = this.typeNow(base) ?? ((yield this.typeCall(base)) as LangType);
    if (!member) return UNKNOWN;
    const occurrence = this.b.occurrenceStarting(member.from);
    const name = this.b.nameOf(member);
    if (t.kind === 'record' || t.kind === 'protocol') {
      const field = memberOf(t, this.b.fold(name));
      if (field && occurrence && isSymbol(field)) occurrence.symbol = field;
      if (field) return field.type;
      this.report(member, 'undefined-name', `${describe(t)} has no field '${name}'.`);
    } else if (this.typed && isKnown(t)) {
      this.report(member, 'type-mismatch', `'${squash(this.b.nameOf(base))}' is ${describe(t)}, which has no fields.`);
    }
    return UNKNOWN;
  }
}

function numeric(l: LangType, r: LangType): LangType {
  if (l.kind === 'primitive' && r.kind === 'primitive' && l.name === 'integer' && r.name === 'integer') return INTEGER;
  return l.kind === 'primitive' && l.name === 'real' ? l : r;
}

/** The variable a place expression stores into: `a` of `a`, `a[i]`, `a.b[c]`; undefined for other expressions. */
function rootIdentifier(n: SyntaxNode, arraysByCall: boolean): SyntaxNode | undefined {
  let place: SyntaxNode | undefined = n;
  while (place && place.type !== BuiltinNode.Identifier) {
    const isPart: boolean =
      place.type === BuiltinNode.IndexExpr ||
      place.type === BuiltinNode.MemberExpr ||
      (arraysByCall && place.type === BuiltinNode.CallExpr);
    place = isPart ? place.children[0] : undefined;
  }
  return place;
}

function isSymbol(t: Typed): t is LanguageSymbol {
  return 'kind' in t && 'name' in t;
}

const KIND_NAMES: Readonly<Record<LanguageSymbol['kind'], string>> = {
  program: 'the program',
  function: 'a function',
  procedure: 'a procedure',
  parameter: 'a parameter',
  variable: 'a variable',
  constant: 'a constant',
  type: 'a type',
  field: 'a field',
  label: 'a label',
  'builtin-function': 'a built-in function',
  'builtin-type': 'a type',
};

export function article(symbol: LanguageSymbol): string {
  return KIND_NAMES[symbol.kind];
}

/**
 * An operator expression with no call anywhere in it (`count + 1;`): as a statement it does
 * nothing (pylint's "statement seems to have no effect"). A name alone is left out: Pascal
 * calls a routine by naming it, and Python's REPL habit of naming a value is harmless.
 */
function withoutEffect(e: SyntaxNode): boolean {
  // A number alone (what a BASIC line keeps of `GOSUB 200` without its GOSUB); a string alone
  // is left alone, since Python-like bodies open with a docstring.
  if (e.type === BuiltinNode.Number) return true;
  if (e.type !== BuiltinNode.BinaryExpr && e.type !== BuiltinNode.UnaryExpr) return false;
  let call = false;
  walkTree(e, (node) => {
    if (call) return false;
    if (node.type === BuiltinNode.CallExpr || node.type === BuiltinNode.Error) call = true;
    return !call;
  });
  return !call;
}
