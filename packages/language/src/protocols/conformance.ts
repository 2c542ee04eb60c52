import type { LangType } from '../semantics/language-types.js';
import type { LanguageSymbol, Span } from '../semantics/symbol.js';
import { memberMismatches } from './member-compatibility.js';
import { memberKind, memberText } from './type-relations.js';
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
}

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
const CONFORMS: Verdict = { failures: [], related: [], missing: [] };

/**
 * Answers, once per pair, whether a record or protocol conforms to a protocol, and what a
 * protocol's members are once EXTENDS is followed. Cycles in EXTENDS stop the walk (they
 * are reported on their own), so every answer is finite.
 */
export class Conformance {
  private readonly all = new Map<TypeShape, AllMembers>();
  private readonly verdicts = new Map<TypeShape, Map<TypeShape, Verdict>>();
  private readonly inProgress = new Set<TypeShape>();

  constructor(private readonly shapes: ReadonlyMap<LanguageSymbol, TypeShape>) {}

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

  /** Whether `t` has every required member of protocol `p`, each compatible. */
  verdict(t: TypeShape, p: TypeShape): Verdict {
    let byProtocol = this.verdicts.get(t);
    if (!byProtocol) this.verdicts.set(t, (byProtocol = new Map<TypeShape, Verdict>()));
    const known = byProtocol.get(p);
    if (known) return known;
    const have = t.kind === 'record' ? this.ownMembers(t) : this.membersOf(t).members;
    const failures: string[] = [];
    const related: Related[] = [];
    const missing: Member[] = [];
    const tName = t.symbol.name;
    const pName = p.symbol.name;
    for (const [key, req] of this.membersOf(p).members) {
      const found = have.get(key);
      if (!found) {
        if (req.optional) continue;
        missing.push(req);
        failures.push(`missing ${memberKind(req)} ${memberText(req)}`);
        related.push({ span: req.nameSpan ?? t.nameSpan, message: `${ownerName(req)} requires ${req.name} here.` });
        continue;
      }
      const reasons = memberMismatches(found, req, tName, pName);
      if (reasons.length === 0) continue;
      failures.push(...reasons);
      related.push({ span: found.nameSpan ?? t.nameSpan, message: `${tName}'s ${found.name} is declared here.` });
      related.push({ span: req.nameSpan ?? t.nameSpan, message: `${ownerName(req)} requires ${req.name} here.` });
    }
    const result = failures.length ? { failures, related, missing } : CONFORMS;
    byProtocol.set(p, result);
    return result;
  }

  /** `a` may stand wherever `b` is required (and a required member refines an optional one). */
  private refines(a: Member, b: Member): boolean {
    return memberMismatches(a, b, '', '').length === 0;
  }

  private mismatches(a: Member, b: Member): readonly string[] {
    return memberMismatches(a, b, ownerName(a), ownerName(b));
  }
}

/** The record or protocol that declares a member. */
export function ownerName(m: Member): string {
  return m.scope.owner?.name ?? '?';
}
