import { describe } from '../semantics/language-types.js';
import type { LanguageSymbol } from '../semantics/symbol.js';
import { isSubtype, memberKind, resultOf, sameType } from './type-relations.js';

const FITS: readonly string[] = [];

/**
 * Why member `have` of type `haveName` does not satisfy requirement `req` of `reqName`;
 * empty when it does. The rules are the usual ones for structural types: parameter counts
 * and VAR-ness must match and parameter types may be wider (contravariant), results may be
 * narrower (covariant), a writable property satisfies a readonly one but not the reverse,
 * and a writable property's type must match exactly since it is both read and written.
 */
export function memberMismatches(
  have: LanguageSymbol,
  req: LanguageSymbol,
  haveName: string,
  reqName: string,
): readonly string[] {
  const name = req.name;
  const kind = memberKind(req);
  if (memberKind(have) !== kind) return [`${name} is a ${memberKind(have)} in ${haveName} but a ${kind} in ${reqName}`];
  let out: string[] | undefined;
  const fail = (reason: string): void => void (out ??= []).push(reason);
  if (have.optional && !req.optional) fail(`${kind} ${name} is optional in ${haveName} but required in ${reqName}`);
  if (kind === 'property') {
    if (have.readonly && !req.readonly) fail(`property ${name} is readonly in ${haveName} but writable in ${reqName}`);
    if (!(req.readonly ? isSubtype(have.type, req.type) : sameType(have.type, req.type))) {
      fail(`property ${name} is ${describe(have.type)} in ${haveName} but ${describe(req.type)} in ${reqName}`);
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
      if (!(r.byReference ? sameType(h.type, r.type) : isSubtype(r.type, h.type))) {
        fail(
          `parameter ${i + 1} of ${name} is ${describe(h.type)} in ${haveName} but ${describe(r.type)} in ${reqName}`,
        );
      }
    }
  }
  const rr = resultOf(req);
  if (rr) {
    const hr = resultOf(have);
    if (!hr) fail(`method ${name} returns nothing in ${haveName} but ${describe(rr)} in ${reqName}`);
    else if (!isSubtype(hr, rr))
      fail(`method ${name} returns ${describe(hr)} in ${haveName} but ${describe(rr)} in ${reqName}`);
  }
  return out ?? FITS;
}
