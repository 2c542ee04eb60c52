import { describe, type LangType, type RecordLike } from '../semantics/language-types.js';
import type { LanguageSymbol } from '../semantics/symbol.js';
import { isSubtype, memberKind, resultOf, sameType } from './type-relations.js';

/**
 * A subtype relation a member needed that holds only by declaration: `sub` would do where
 * `sup` is required if `sub` said IMPLEMENTS (or EXTENDS) `sup`. Whether `sub` has the
 * members for that is the caller's question (see Conformance).
 */
export interface Undeclared {
  readonly sub: RecordLike<'record' | 'protocol'>;
  readonly sup: RecordLike<'protocol'>;
}

/** One reason a member does not satisfy a requirement. */
export interface Mismatch {
  readonly text: string;
  /** Set when the reason is a missing declared subtype, which a declaration could fix. */
  readonly undeclared?: Undeclared;
}

const FITS: readonly Mismatch[] = [];

/**
 * Why member `have` of type `haveName` does not satisfy requirement `req` of `reqName`;
 * empty when it does. The rules are the usual ones for structural types: parameter counts
 * and VAR-ness must match and parameter types may be wider (contravariant), results may be
 * narrower (covariant), a writable property satisfies a readonly one but not the reverse,
 * and a writable property's type must match exactly since it is both read and written.
 * Wider and narrower mean declared subtyping (see `isSubtype`).
 */
export function memberMismatches(
  have: LanguageSymbol,
  req: LanguageSymbol,
  haveName: string,
  reqName: string,
): readonly Mismatch[] {
  const name = req.name;
  const kind = memberKind(req);
  if (memberKind(have) !== kind)
    return [{ text: `${name} is a ${memberKind(have)} in ${haveName} but a ${kind} in ${reqName}` }];
  let out: Mismatch[] | undefined;
  const fail = (text: string, sub?: LangType, sup?: LangType): void =>
    void (out ??= []).push(withUndeclared(text, sub, sup));
  if (have.optional && !req.optional) fail(`${kind} ${name} is optional in ${haveName} but required in ${reqName}`);
  if (kind === 'property') {
    if (have.readonly && !req.readonly) fail(`property ${name} is readonly in ${haveName} but writable in ${reqName}`);
    if (req.readonly ? !isSubtype(have.type, req.type) : !sameType(have.type, req.type)) {
      const text = `property ${name} is ${describe(have.type)} in ${haveName} but ${describe(req.type)} in ${reqName}`;
      if (req.readonly) fail(text, have.type, req.type);
      else fail(text);
    }
    return out ?? FITS;
  }
  const hp = have.params ?? [];
  const rp = req.params ?? [];
  if (hp.length !== rp.length) {
    const n = (k: number): string => `${k} parameter${k === 1 ? '' : 's'}`;
    fail(`method ${name} takes ${n(hp.length)} in ${haveName} but ${n(rp.length)} in ${reqName}`);
  } else {
    for (let i = 0; i < rp.length; i++) {
      const h = hp[i] as LanguageSymbol;
      const r = rp[i] as LanguageSymbol;
      if (Boolean(h.byReference) !== Boolean(r.byReference)) {
        fail(
          `parameter ${i + 1} of ${name} is ${h.byReference ? 'VAR' : 'a value'} in ${haveName} but ${r.byReference ? 'VAR' : 'a value'} in ${reqName}`,
        );
        continue;
      }
      // A VAR parameter is written as well as read, so its type must match exactly.
      if (r.byReference ? !sameType(h.type, r.type) : !isSubtype(r.type, h.type)) {
        const text = `parameter ${i + 1} of ${name} is ${describe(h.type)} in ${haveName} but ${describe(r.type)} in ${reqName}`;
        if (r.byReference) fail(text);
        else fail(text, r.type, h.type);
      }
    }
  }
  const rr = resultOf(req);
  if (rr) {
    const hr = resultOf(have);
    if (!hr) fail(`method ${name} returns nothing in ${haveName} but ${describe(rr)} in ${reqName}`);
    else if (!isSubtype(hr, rr))
      fail(`method ${name} returns ${describe(hr)} in ${haveName} but ${describe(rr)} in ${reqName}`, hr, rr);
  }
  return out ?? FITS;
}

/** A reason, with the declaration that could fix it when `sub` failed to be a subtype of `sup` only by not declaring it. */
function withUndeclared(text: string, sub: LangType | undefined, sup: LangType | undefined): Mismatch {
  if (!sub || !sup || sup.kind !== 'protocol' || (sub.kind !== 'record' && sub.kind !== 'protocol')) return { text };
  return { text, undeclared: { sub, sup } };
}
