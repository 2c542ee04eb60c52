import type { LangType } from '../semantics/language-types.js';
import type { LanguageSymbol, Span } from '../semantics/symbol.js';
import { memberMismatches, type Mismatch } from './member-compatibility.js';
import { isSubtype, memberKind, memberText } from './type-relations.js';
import type { TypeShape } from './type-shapes.js';

/** Members are the symbols the binder declared in a record's or protocol's scope. */
type Member = LanguageSymbol;

export interface Related {
  readonly span: Span;
  readonly message: string;
}

/** Why a type does not conform to a protocol: one text per failing member, and where each is. */
export interface Verdict {
  readonly failures: readonly string[];
  readonly related: readonly Related[];
  /** Required members the type does not have at all, in the protocol's order. */
  readonly missing: readonly Member[];
  /**
   * IMPLEMENTS or EXTENDS clauses that would fix the failures that need a declared subtype,
   * each once, in the order the failures name them (see `declarationsFor`).
   */
  readonly declarations: readonly Declaration[];
  /** Every failure is one that `declarations` fix: declaring them makes the type conform. */
  readonly fixedByDeclarations: boolean;
}

/** `type` would conform to `protocol` by declaring it: IMPLEMENTS for a record, EXTENDS for a protocol. */
export interface Declaration {
  readonly type: TypeShape;
  readonly protocol: TypeShape;
}

/** A verdict's failures before the texts say which declarations would fix them. */
interface Core {
  readonly failures: readonly Mismatch[];
  readonly related: readonly Related[];
  readonly missing: readonly Member[];
}

/** The clause keyword as the config spells it, for a record (IMPLEMENTS) or a protocol (EXTENDS). */
export type ClauseWord = (kind: TypeShape['kind']) => string;

/** Two members that cannot both hold: inherited from two bases, or declared over an inherited one. */
export interface Conflict {
  readonly kind: 'inherited' | 'override';
  readonly first: Member;
  readonly second: Member;
  readonly reasons: readonly string[];
}

/** A protocol's members with everything it inherits, and the conflicts found on the way. */
export interface AllMembers {
  readonly members: ReadonlyMap<string, Member>;
  readonly conflicts: readonly Conflict[];
}

const NO_CONFLICTS: readonly Conflict[] = [];
const NO_MEMBERS: ReadonlyMap<string, Member> = new Map();
const CONFORMS: Verdict = { failures: [], related: [], missing: [], declarations: [], fixedByDeclarations: false };
const CORE_CONFORMS: Core = { failures: [], related: [], missing: [] };

/**
 * Answers, once per pair, whether a record or protocol conforms to a protocol, and what a
 * protocol's members are once EXTENDS is followed. Cycles in EXTENDS stop the walk (they
 * are reported on their own), so every answer is finite.
 */
export class Conformance {
  private readonly all = new Map<TypeShape, AllMembers>();
  private readonly cores = new Map<TypeShape, Map<TypeShape, Core>>();
  private readonly verdicts = new Map<TypeShape, Map<TypeShape, Verdict>>();
  private readonly inProgress = new Set<TypeShape>();

  constructor(
    private readonly shapes: ReadonlyMap<LanguageSymbol, TypeShape>,
    private readonly clauseWord: ClauseWord,
  ) {}

  shapeOf(t: LangType | undefined): TypeShape | undefined {
    return t && (t.kind === 'record' || t.kind === 'protocol') && t.symbol ? this.shapes.get(t.symbol) : undefined;
  }

  /** Own members by folded name, as the binder declared them (the first of duplicates). */
  ownMembers(s: TypeShape): ReadonlyMap<string, Member> {
    return s.symbol.body?.symbols ?? NO_MEMBERS;
  }

  /** Inherited members, then own ones; an own member replaces the inherited one it refines. */
  membersOf(p: TypeShape): AllMembers {
    const done = this.all.get(p);
    if (done) return done;
    if (p.kind === 'record' || this.inProgress.has(p)) return { members: this.ownMembers(p), conflicts: NO_CONFLICTS };
    this.inProgress.add(p);
    const conflicts: Conflict[] = [];
    const inherited = new Map<string, Member>();
    for (const base of p.bases) {
      const shape = this.shapeOf(base.symbol?.type);
      if (shape?.kind !== 'protocol') continue;
      for (const [key, m] of this.membersOf(shape).members) {
        const prev = inherited.get(key);
        if (!prev || prev === m || this.refines(prev, m)) {
          if (!prev) inherited.set(key, m);
          continue;
        }
        if (this.refines(m, prev)) inherited.set(key, m);
        else conflicts.push({ kind: 'inherited', first: prev, second: m, reasons: this.mismatches(m, prev) });
      }
    }
    // Inherited members first, as a reader meets them going down the EXTENDS chain.
    const members = new Map<string, Member>();
    const ownMembers = this.ownMembers(p);
    for (const [key, m] of inherited) {
      const own = ownMembers.get(key);
      if (own && !this.refines(own, m))
        conflicts.push({ kind: 'override', first: m, second: own, reasons: this.mismatches(own, m) });
      if (!own) members.set(key, m);
    }
    for (const [key, m] of ownMembers) members.set(key, m);
    this.inProgress.delete(p);
    const result = { members, conflicts };
    this.all.set(p, result);
    return result;
  }

  /**
   * Whether `t` has every required member of protocol `p`, each compatible. A failure that
   * only needs a declared subtype (a result of a record type that has the members of the
   * protocol required, but does not say IMPLEMENTS) says which declarations would fix it.
   */
  verdict(t: TypeShape, p: TypeShape): Verdict {
    const core = this.core(t, p);
    // Most pairs conform: they need no second cache.
    if (core.failures.length === 0) return CONFORMS;
    const known = this.verdicts.get(t)?.get(p);
    if (known) return known;
    const declarations: Declaration[] = [];
    let fixedByDeclarations = true;
    const failures = core.failures.map((f) => {
      const needed = f.undeclared && this.declarationsFor(f.undeclared.sub, f.undeclared.sup);
      if (!needed) {
        fixedByDeclarations = false;
        return f.text;
      }
      for (const d of needed) if (!declarations.some((e) => same(e, d))) declarations.push(d);
      return `${f.text} (${this.hint(needed)})`;
    });
    const result = { failures, related: core.related, missing: core.missing, declarations, fixedByDeclarations };
    let byProtocol = this.verdicts.get(t);
    if (!byProtocol) this.verdicts.set(t, (byProtocol = new Map<TypeShape, Verdict>()));
    byProtocol.set(p, result);
    return result;
  }

  /** `Square has the members Shape requires: add IMPLEMENTS Shape to Square`. */
  private hint(needed: readonly Declaration[]): string {
    const [first] = needed as [Declaration];
    return `${first.type.symbol.name} has the members ${first.protocol.symbol.name} requires: ${needed.map((d) => this.suggestion(d)).join(' and ')}`;
  }

  /** `add IMPLEMENTS Shape to Square`, spelled in the config's keywords. */
  private suggestion(d: Declaration): string {
    return `add ${this.clauseWord(d.type.kind)} ${d.protocol.symbol.name} to ${d.type.symbol.name}`;
  }

  /**
   * The declarations that would make `sub` a subtype of `sup`, or undefined when declaring
   * cannot: the first is `sub` declaring `sup`; more follow when `sub`'s members need
   * declared subtypes in their turn. Every pair reached must fail only for want of
   * declarations, and a pair met again is assumed to hold once declared (a record whose
   * `next(): R` must return the protocol it is to implement is fixed by that one
   * declaration). A worklist over pairs of shapes, so it ends and never recurses.
   */
  private declarationsFor(sub: LangType, sup: LangType): readonly Declaration[] | undefined {
    const first = this.declaration(sub, sup);
    if (!first) return undefined;
    const needed: Declaration[] = [first];
    const seen = new Map<TypeShape, Set<TypeShape>>([[first.type, new Set([first.protocol])]]);
    for (let i = 0; i < needed.length; i++) {
      const { type, protocol } = needed[i] as Declaration;
      for (const f of this.core(type, protocol).failures) {
        const next = f.undeclared && this.declaration(f.undeclared.sub, f.undeclared.sup);
        if (!next) return undefined;
        const protocols = seen.get(next.type);
        if (protocols?.has(next.protocol)) continue;
        if (protocols) protocols.add(next.protocol);
        else seen.set(next.type, new Set([next.protocol]));
        needed.push(next);
      }
    }
    return needed;
  }

  /** `sub` declaring `sup`, when both are named shapes and the clause would not close a cycle. */
  private declaration(sub: LangType, sup: LangType): Declaration | undefined {
    const type = this.shapeOf(sub);
    const protocol = this.shapeOf(sup);
    if (!type || protocol?.kind !== 'protocol' || type === protocol || !this.clauseWord(type.kind)) return undefined;
    if (type.kind === 'protocol' && isSubtype(sup, sub)) return undefined;
    return { type, protocol };
  }

  /** The failing members of `t` against `p`, by the rules alone: no declarations considered. */
  private core(t: TypeShape, p: TypeShape): Core {
    let byProtocol = this.cores.get(t);
    if (!byProtocol) this.cores.set(t, (byProtocol = new Map<TypeShape, Core>()));
    const known = byProtocol.get(p);
    if (known) return known;
    const have = t.kind === 'record' ? this.ownMembers(t) : this.membersOf(t).members;
    const failures: Mismatch[] = [];
    const related: Related[] = [];
    const missing: Member[] = [];
    const tName = t.symbol.name;
    const pName = p.symbol.name;
    for (const [key, req] of this.membersOf(p).members) {
      const found = have.get(key);
      if (!found) {
        if (req.optional) continue;
        missing.push(req);
        failures.push({ text: `missing ${memberKind(req)} ${memberText(req)}` });
        related.push({ span: req.nameSpan ?? t.nameSpan, message: `${ownerName(req)} requires ${req.name} here.` });
        continue;
      }
      const reasons = memberMismatches(found, req, tName, pName);
      if (reasons.length === 0) continue;
      failures.push(...reasons);
      related.push({ span: found.nameSpan ?? t.nameSpan, message: `${tName}'s ${found.name} is declared here.` });
      related.push({ span: req.nameSpan ?? t.nameSpan, message: `${ownerName(req)} requires ${req.name} here.` });
    }
    const result = failures.length ? { failures, related, missing } : CORE_CONFORMS;
    byProtocol.set(p, result);
    return result;
  }

  /** `a` may stand wherever `b` is required (and a required member refines an optional one). */
  private refines(a: Member, b: Member): boolean {
    return memberMismatches(a, b, '', '').length === 0;
  }

  private mismatches(a: Member, b: Member): readonly string[] {
    return memberMismatches(a, b, ownerName(a), ownerName(b)).map((m) => m.text);
  }
}

function same(a: Declaration, b: Declaration): boolean {
  return a.type === b.type && a.protocol === b.protocol;
}

/** The record or protocol that declares a member. */
export function ownerName(m: Member): string {
  return m.scope.owner?.name ?? '?';
}
