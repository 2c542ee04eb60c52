import { binderOf, type Analysis } from '../analyze.js';
import type { LanguageSpec } from '../config/language-spec.js';
import type { Diagnostic, DiagnosticSeverity, Fix } from '../diagnostics/diagnostic.js';
import { EXPRESSION_NODES, squash } from '../semantics/bind-builtin-tree.js';
import type { Binder } from '../semantics/binder.js';
import { article, TypeChecker } from '../semantics/check-types.js';
import { describe, memberOf, type LangType } from '../semantics/language-types.js';
import { SEMANTIC_CODES, type SemanticCode } from '../semantics/semantic-codes.js';
import { isRoutine, isValue, type LanguageSymbol, type Span } from '../semantics/symbol.js';
import { walkTree, type SyntaxNode } from '../syntax/syntax-tree.js';
import { Conformance, ownerName, type ClauseWord, type Related, type Verdict } from './conformance.js';
import { declarationFix } from './declaration-fix.js';
import { findCycles } from './extends-cycles.js';
import { PROTOCOL_CODES, PROTOCOL_SOURCE, type ProtocolCode } from './protocol-codes.js';
import { readonlyWrite, type ReadonlyWrite } from './readonly-places.js';
import { isSubtype } from './type-relations.js';
import { readTypeShapes, type TypeShape } from './type-shapes.js';
import { BuiltinNode } from '../syntax/base/builtin-nodes.js';

/**
 * Structural protocol checks over an analysis of a Pascal-layout program: every record
 * conforms to the protocols it IMPLEMENTS, EXTENDS has no cycles and no conflicting members,
 * and a value of a record or protocol type that flows into a protocol-typed name (assigned,
 * passed, returned) conforms to that protocol. Through a record or protocol value, READONLY
 * members are not assigned (nor passed as VAR arguments) and methods are called with the
 * arguments they take, checked as calls of routines are. Other layouts declare no
 * protocols, so they get no findings. Findings are located where the failing declaration or
 * use is.
 */
export function checkProtocols(spec: LanguageSpec, analysis: Analysis): Diagnostic[] {
  const b = binderOf(analysis);
  if (!b || spec.syntax.blockStyle !== 'keywords' || analysis.grammarSource !== 'builtin') return [];
  const shapes = readTypeShapes(b);
  if (![...shapes.values()].some(needsChecks)) return [];
  return new ProtocolChecker(spec, analysis, b, shapes).run();
}

const SEVERITIES: Readonly<Record<ProtocolCode | SemanticCode, DiagnosticSeverity>> = {
  ...SEMANTIC_CODES,
  ...PROTOCOL_CODES,
};

/** A protocol, or a record with what only these checks check: methods or READONLY fields. */
function needsChecks(s: TypeShape): boolean {
  if (s.kind === 'protocol') return true;
  for (const m of s.symbol.body?.symbols.values() ?? []) if (m.readonly || isRoutine(m)) return true;
  return false;
}

class ProtocolChecker {
  private readonly found: Diagnostic[] = [];
  private readonly conformance: Conformance;
  private readonly types: TypeChecker;
  /** Reports what `checkCallOf` finds; it types nothing, so it repeats none of the analysis' findings. */
  private readonly calls: TypeChecker;
  private readonly clauseWord: ClauseWord;

  constructor(
    spec: LanguageSpec,
    private readonly analysis: Analysis,
    private readonly b: Binder,
    private readonly shapes: ReadonlyMap<LanguageSymbol, TypeShape>,
  ) {
    this.clauseWord = (kind) => b.spec.keywords.get(kind === 'record' ? 'implements' : 'extends')?.custom ?? '';
    this.conformance = new Conformance(shapes, this.clauseWord);
    // Typing only: the analysis has reported the type errors already.
    this.types = new TypeChecker(b, () => undefined, spec.syntax.blockStyle, true);
    this.calls = new TypeChecker(b, (span, code, message) => this.report(span, code, message), spec.syntax.blockStyle);
  }

  run(): Diagnostic[] {
    for (const shape of this.shapes.values()) this.declaration(shape);
    for (const cycle of findCycles([...this.shapes.values()], (s) => this.baseProtocols(s))) {
      const path = [...cycle.path, cycle.path[0]].map((s) => s?.symbol.name).join(' -> ');
      this.report(cycle.at, 'protocol-cycle', `Protocol ${cycle.from.symbol.name} extends itself: ${path}.`);
    }
    this.uses(this.analysis.tree);
    return this.found.sort(
      (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character,
    );
  }

  private baseProtocols(s: TypeShape): { shape: TypeShape; at: Span }[] {
    if (s.kind !== 'protocol') return [];
    return s.bases.flatMap((base) => {
      const shape = this.conformance.shapeOf(base.symbol?.type);
      return shape?.kind === 'protocol' ? [{ shape, at: base.name }] : [];
    });
  }

  private declaration(shape: TypeShape): void {
    const clauseWord = this.clauseWord(shape.kind);
    for (const base of shape.bases) {
      const symbol = base.symbol;
      // An undeclared name is already an undefined-name finding of the analysis.
      if (!symbol) continue;
      const protocol = this.conformance.shapeOf(symbol.type);
      if (symbol.kind !== 'type' || protocol?.kind !== 'protocol') {
        this.report(
          base.name,
          'protocol-expected',
          `'${symbol.name}' is ${symbol.kind === 'type' ? `the ${symbol.type.kind === 'record' ? 'record' : 'type'} ${symbol.name}` : article(symbol)}, not a protocol; ${clauseWord} names protocols only.`,
        );
        continue;
      }
      if (shape.kind === 'record') {
        const verdict = this.conformance.verdict(shape, protocol);
        if (verdict.failures.length)
          this.nonconformance(base.name, shape, protocol, verdict, undefined, this.addMembers(shape, verdict.missing));
      }
    }
    if (shape.kind !== 'protocol') return;
    for (const c of this.conformance.membersOf(shape).conflicts) {
      if (c.kind === 'inherited') {
        this.report(
          shape.nameSpan,
          'protocol-conflict',
          `Protocol ${shape.symbol.name} inherits conflicting members named ${c.first.name}: ${c.reasons.join('; ')}.`,
          [this.declaredHere(c.first), this.declaredHere(c.second)],
        );
      } else {
        this.report(
          c.second.nameSpan ?? shape.nameSpan,
          'protocol-conflict',
          `Member ${c.second.name} of protocol ${shape.symbol.name} conflicts with the one it inherits from ${ownerName(c.first)}: ${c.reasons.join('; ')}.`,
          [this.declaredHere(c.first)],
        );
      }
    }
  }

  private declaredHere(m: LanguageSymbol): Related {
    return { span: m.nameSpan ?? { from: 0, to: 0 }, message: `${ownerName(m)} declares ${m.name} here.` };
  }

  /**
   * Assignments, calls and function results: wherever a value meets a protocol-typed name,
   * a member is written or a method is called.
   */
  private uses(root: SyntaxNode): void {
    walkTree(root, (n, parent) => {
      switch (n.type) {
        case BuiltinNode.TypeSection:
        case BuiltinNode.VarSection:
        case BuiltinNode.ConstSection:
          return false;
        case BuiltinNode.Assignment:
          this.assignment(n);
          return true;
        case BuiltinNode.CallExpr:
          this.call(n);
          return true;
        case BuiltinNode.MemberExpr:
          // Called (`s.area(1)`) or stored into, it is checked as the call or the assignment.
          if (
            parent?.children[0] !== n ||
            (parent.type !== BuiltinNode.CallExpr && parent.type !== BuiltinNode.Assignment)
          )
            this.named(n);
          return true;
        default:
          return true;
      }
    });
  }

  private assignment(n: SyntaxNode): void {
    const [target, value] = n.children;
    if (!target) return;
    const write = this.readonlyWrite(target);
    if (write)
      this.report(
        write.at,
        'protocol-readonly',
        `Cannot assign to '${squash(this.b.nameOf(target))}': ${this.readonlyReason(write)}.`,
      );
    if (!value) return;
    const symbol = target.type === BuiltinNode.Identifier ? this.symbolAt(target) : undefined;
    if (symbol?.kind === 'function') return this.flow(value, symbol.type, `returned from '${symbol.name}'`);
    const type = symbol ? (isValue(symbol) ? symbol.type : undefined) : this.types.typeOf(target);
    if (type) this.flow(value, type, `assigned to '${squash(this.b.nameOf(target))}'`);
  }

  private call(n: SyntaxNode): void {
    const [callee, argList] = n.children;
    if (!callee || argList?.type !== BuiltinNode.ArgList) return;
    const args = argList.children.filter((c) => EXPRESSION_NODES.has(c.type));
    let routine: LanguageSymbol | undefined;
    if (callee.type === BuiltinNode.Identifier) routine = this.symbolAt(callee);
    else if (callee.type === BuiltinNode.MemberExpr) {
      const member = callee.children[1];
      routine = this.memberAt(callee);
      if (!member || !routine) return;
      if (!isRoutine(routine))
        return this.report(
          member,
          'not-callable',
          `'${routine.name}' is ${article(routine)} of ${this.ownerText(routine)}, not a method.`,
        );
      this.calls.checkCallOf(
        routine,
        member,
        argList,
        args,
        args.map((a) => this.types.typeOf(a)),
      );
    }
    const params = routine?.params;
    if (!routine || !params) return;
    const name = routine.name;
    args.forEach((arg, i) => {
      const param = params[i];
      if (!param) return;
      const write = param.byReference ? this.readonlyWrite(arg) : undefined;
      if (write)
        this.report(
          write.at,
          'protocol-readonly',
          `Cannot pass '${squash(this.b.nameOf(arg))}' as VAR parameter '${param.name}' of '${name}': ${this.readonlyReason(write)}.`,
        );
      this.flow(arg, param.type, `passed as parameter '${param.name}' of '${name}'`);
    });
  }

  /** A member named without a call: a method that takes arguments is called with none (Pascal). */
  private named(n: SyntaxNode): void {
    const member = n.children[1];
    const routine = this.memberAt(n);
    if (member && routine && isRoutine(routine) && routine.params?.length)
      this.calls.checkCallOf(routine, member, member, [], []);
  }

  /** The member `base.name` resolves to, when `base` is of a record or protocol type. */
  private memberAt(n: SyntaxNode): LanguageSymbol | undefined {
    const [base, member] = n.children;
    const t = base ? this.types.typeOf(base) : undefined;
    if (!member || (t?.kind !== 'record' && t?.kind !== 'protocol')) return undefined;
    const found = memberOf(t, this.b.fold(this.b.nameOf(member)));
    return found && 'kind' in found ? (found as LanguageSymbol) : undefined;
  }

  private readonly typeOfNode = (n: SyntaxNode): LangType => this.types.typeOf(n);
  private readonly keyOfNode = (n: SyntaxNode): string => this.b.fold(this.b.nameOf(n));

  /** A whole variable, as most stores are, has no member to be READONLY. */
  private readonlyWrite(place: SyntaxNode): ReadonlyWrite | undefined {
    return place.type === BuiltinNode.Identifier ? undefined : readonlyWrite(place, this.typeOfNode, this.keyOfNode);
  }

  /** `name is READONLY in protocol Shape, which inherits it from Named`, in the config's keywords. */
  private readonlyReason({ member, through }: ReadonlyWrite): string {
    const readonly = this.b.spec.keywords.get('readonly')?.custom ?? 'READONLY';
    const owner = ownerName(member);
    const via = through.symbol?.name ?? describe(through);
    const inherited = owner !== via ? `, which inherits it from ${owner}` : '';
    return `${member.name} is ${readonly} in ${through.kind} ${via}${inherited}`;
  }

  /** `protocol Shape`, `record Circle`: the type that declares a member. */
  private ownerText(m: LanguageSymbol): string {
    const owner = m.scope.owner;
    const kind = owner?.type.kind === 'protocol' ? 'protocol' : 'record';
    return `${kind} ${ownerName(m)}`;
  }

  /** A value of record or protocol type flowing into a name of protocol type must conform to it. */
  private flow(value: SyntaxNode, target: LangType, how: string): void {
    if (target.kind !== 'protocol') return;
    const type = this.types.typeOf(value);
    // A declared IMPLEMENTS or EXTENDS was checked at the declaration.
    if ((type.kind !== 'record' && type.kind !== 'protocol') || isSubtype(type, target)) return;
    const from = this.conformance.shapeOf(type);
    const to = this.conformance.shapeOf(target);
    if (!from || !to) return;
    const verdict = this.conformance.verdict(from, to);
    if (verdict.failures.length) this.nonconformance(value, from, to, verdict, how);
  }

  /**
   * A failed verdict, with its fixes: the missing members when `addMembers` is given, and the
   * IMPLEMENTS or EXTENDS clauses that the failures needing a declared subtype ask for.
   */
  private nonconformance(at: Span, t: TypeShape, p: TypeShape, verdict: Verdict, how?: string, addMembers?: Fix): void {
    const context = how ? `, so it cannot be ${how}` : '';
    const declare = verdict.declarations.length
      ? declarationFix(
          this.b,
          this.analysis.lines,
          this.clauseWord,
          verdict.declarations,
          verdict.fixedByDeclarations && !addMembers,
        )
      : undefined;
    this.report(
      at,
      'protocol-nonconformance',
      `Type ${t.symbol.name} does not conform to protocol ${p.symbol.name}${context}: ${verdict.failures.join('; ')}.`,
      verdict.related,
      [addMembers, declare].filter((f): f is Fix => f !== undefined),
    );
  }

  /**
   * The quick fix for missing members: their declarations, copied from the protocol, inserted
   * before the record's END, one per line at the members' indentation.
   */
  private addMembers(record: TypeShape, missing: readonly LanguageSymbol[]): Fix | undefined {
    const span = record.symbol.span;
    const end = this.b.spec.keywords.get('end')?.custom;
    if (!span || !end || missing.length === 0) return undefined;
    const text = this.b.text;
    const at = span.to - end.length;
    if (this.b.fold(text.slice(at, span.to)) !== this.b.fold(end)) return undefined;
    const separator = this.b.spec.lexical.statementSeparator ?? ';';
    const declarations = missing.map(
      (m) =>
        `${isValue(m) || !m.span ? `${m.name}: ${describe(m.type)}` : text.slice(m.span.from, m.span.to)}${separator}`,
    );
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const before = text.slice(lineStart, at);
    const lines = this.analysis.lines;
    const names = missing.map((m) => m.name).join(', ');
    const title = `Add ${missing.length === 1 ? 'missing member' : 'missing members'} ${names} to ${record.symbol.name}`;
    if (/^[ \t]*$/.test(before)) {
      const indent = `${before}  `;
      return {
        title,
        preferred: true,
        edits: [
          { range: lines.range(lineStart, lineStart), newText: declarations.map((d) => `${indent}${d}\n`).join('') },
        ],
      };
    }
    return { title, preferred: true, edits: [{ range: lines.range(at, at), newText: `${declarations.join(' ')} ` }] };
  }

  private symbolAt(n: SyntaxNode): LanguageSymbol | undefined {
    return this.b.occurrenceStarting(n.from)?.symbol;
  }

  /** A finding; a call's count and argument types keep the codes the analysis gives routine calls. */
  private report(
    span: Span,
    code: ProtocolCode | SemanticCode,
    message: string,
    related: readonly Related[] = [],
    fixes: readonly Fix[] = [],
  ): void {
    const lines = this.analysis.lines;
    this.found.push({
      range: lines.range(span.from, span.to),
      severity: SEVERITIES[code],
      code,
      message,
      source: PROTOCOL_SOURCE,
      ...(related.length && {
        related: related.map((r) => ({ range: lines.range(r.span.from, r.span.to), message: r.message })),
      }),
      ...(fixes.length && { fixes }),
    });
  }
}
