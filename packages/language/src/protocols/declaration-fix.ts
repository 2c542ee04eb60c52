import type { Fix, TextEdit } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import type { Binder } from '../semantics/binder.js';
import type { ClauseWord, Declaration } from './conformance.js';
import type { TypeShape } from './type-shapes.js';

/**
 * The quick fix that declares what a verdict's failures need: for each type, its protocols
 * appended to its IMPLEMENTS or EXTENDS list (`, Shape`), or a new clause after its RECORD or
 * PROTOCOL keyword (` IMPLEMENTS Shape`). One edit per type, so two protocols added to one
 * type never insert at the same place. Undefined when a type's keyword cannot be found where
 * the declaration should have it (a comment between the `=` and the keyword, say).
 */
export function declarationFix(
  b: Binder,
  lines: LineIndex,
  clauseWord: ClauseWord,
  declarations: readonly Declaration[],
  preferred: boolean,
): Fix | undefined {
  const byType = new Map<TypeShape, string[]>();
  for (const d of declarations) {
    const names = byType.get(d.type);
    if (names) names.push(d.protocol.symbol.name);
    else byType.set(d.type, [d.protocol.symbol.name]);
  }
  const edits: TextEdit[] = [];
  for (const [type, names] of byType) {
    const list = names.join(', ');
    const last = type.bases[type.bases.length - 1];
    if (last) {
      edits.push({ range: lines.range(last.name.to, last.name.to), newText: `, ${list}` });
      continue;
    }
    const at = keywordEnd(b, type);
    if (at === undefined) return undefined;
    edits.push({ range: lines.range(at, at), newText: ` ${clauseWord(type.kind)} ${list}` });
  }
  if (edits.length === 0) return undefined;
  const title = `Add ${[...byType].map(([type, names]) => `${clauseWord(type.kind)} ${names.join(', ')} to ${type.symbol.name}`).join(' and ')}`;
  return { title, ...(preferred && { preferred }), edits };
}

/** Where the RECORD or PROTOCOL keyword after `Name =` ends, read from the text. */
function keywordEnd(b: Binder, type: TypeShape): number | undefined {
  const keyword = b.spec.keywords.get(type.kind)?.custom;
  if (!keyword) return undefined;
  const text = b.text;
  const end = type.symbol.span?.to ?? text.length;
  const gap = /^\s*=\s*/.exec(text.slice(type.nameSpan.to, Math.min(end, type.nameSpan.to + 200)));
  if (!gap) return undefined;
  const from = type.nameSpan.to + gap[0].length;
  const to = from + keyword.length;
  return to <= end && b.fold(text.slice(from, to)) === b.fold(keyword) ? to : undefined;
}
