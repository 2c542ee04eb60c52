import type { Binder } from '../semantics/binder.js';
import { isSubtype, resolveType, sameType, typeText } from './type-relations.js';
import type { MemberShape } from './type-shapes.js';

/**
 * Why member `have` of type `haveName` does not satisfy requirement `req` of `reqName`;
 * empty when it does. The rules are the usual ones for structural types: parameter counts
 * and VAR-ness must match and parameter types may be wider (contravariant), results may be
 * narrower (covariant), a writable property satisfies a readonly one but not the reverse,
 * and a writable property's type must match exactly since it is both read and written.
 */
export function memberMismatches(b: Binder, have: MemberShape, req: MemberShape, haveName: string, reqName: string): string[] {
  const name = req.name;
  const out: string[] = [];
  if (have.kind !== req.kind) return [`${name} is a ${have.kind} in ${haveName} but a ${req.kind} in ${reqName}`];
  if (have.optional && !req.optional) out.push(`${req.kind} ${name} is optional in ${haveName} but required in ${reqName}`);
  const type = (m: MemberShape) => (m.type ? resolveType(b, m.type) : undefined);
  if (req.kind === 'property') {
    if (have.readonly && !req.readonly) out.push(`property ${name} is readonly in ${haveName} but writable in ${reqName}`);
    const ht = type(have);
    const rt = type(req);
    const fits = ht && rt ? (req.readonly ? isSubtype(ht, rt) : sameType(ht, rt)) : true;
    if (!fits) out.push(`property ${name} is ${typeText(b, have.type)} in ${haveName} but ${typeText(b, req.type)} in ${reqName}`);
    return out;
  }
  if (have.params.length !== req.params.length) {
    const n = (k: number): string => `${k} parameter${k === 1 ? '' : 's'}`;
    out.push(`method ${name} takes ${n(have.params.length)} in ${haveName} but ${n(req.params.length)} in ${reqName}`);
  } else {
    req.params.forEach((rp, i) => {
      const hp = have.params[i];
      if (!hp) return;
      if (hp.byReference !== rp.byReference) {
        out.push(`parameter ${i + 1} of ${name} is ${hp.byReference ? 'VAR' : 'a value'} in ${haveName} but ${rp.byReference ? 'VAR' : 'a value'} in ${reqName}`);
        return;
      }
      const ht = hp.type ? resolveType(b, hp.type) : undefined;
      const rt = rp.type ? resolveType(b, rp.type) : undefined;
      // A VAR parameter is written as well as read, so its type must match exactly.
      const fits = ht && rt ? (rp.byReference ? sameType(ht, rt) : isSubtype(rt, ht)) : true;
      if (!fits) out.push(`parameter ${i + 1} of ${name} is ${typeText(b, hp.type)} in ${haveName} but ${typeText(b, rp.type)} in ${reqName}`);
    });
  }
  const rr = type(req);
  if (rr) {
    const hr = type(have);
    if (!hr) out.push(`method ${name} returns nothing in ${haveName} but ${typeText(b, req.type)} in ${reqName}`);
    else if (!isSubtype(hr, rr)) out.push(`method ${name} returns ${typeText(b, have.type)} in ${haveName} but ${typeText(b, req.type)} in ${reqName}`);
  }
  return out;
}
