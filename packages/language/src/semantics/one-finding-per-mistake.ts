import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import type { Binder } from './binder.js';
import type { Span } from './symbol.js';

/** Other uses of an undefined name a finding lists, at most. */
const MAX_RELATED_USES = 20;

/**
 * Name and type findings with what merely follows from another mistake taken out, so one
 * mistake gives one finding: nothing about a broken statement, one finding per undefined
 * name, and no undefined names at all once a declaration has lost its name.
 */
export function oneFindingPerMistake(
  diagnostics: Diagnostic[],
  binder: Binder,
  lines: LineIndex,
  repaired: readonly Span[],
): Diagnostic[] {
  const kept =
    binder.recovered.length > 0 || repaired.length > 0
      ? outsideRecovered(diagnostics, binder, lines, repaired)
      : diagnostics;
  // A declaration whose name a syntax repair had to supply (`const = 10`, `count : ;` in a
  // parameter list) declared a name nobody can see: every name the program reads and
  // nothing declares may be that one, so none is reported until the declaration is fixed.
  const lostName = binder.declared.some((s) => s.nameSpan !== undefined && s.nameSpan.from === s.nameSpan.to);
  // A finding about a name a repair supplied (a field after `.`) is about nothing in the text.
  // Of two findings on one name, the error says it: `NEXT J` is the wrong variable, not an
  // unassigned one. Error ranges by key, so a file with thousands of findings stays linear.
  const errorRanges = new Set(kept.filter((e) => e.severity === 'error').map(rangeKey));
  const real = kept.filter(
    (d) =>
      (d.range.start.line !== d.range.end.line || d.range.start.character !== d.range.end.character) &&
      (d.severity === 'error' || !errorRanges.has(rangeKey(d))),
  );
  return oncePerName(
    lostName ? real.filter((d) => d.code !== 'undefined-name' && d.code !== 'unassigned-variable') : real,
    binder,
    lines,
  );
}

/**
 * One finding per undefined name, at its first use, listing the others as related
 * information (as gcc reports each undeclared identifier once): a missing declaration is one
 * mistake however often the name is used.
 */
function oncePerName(diagnostics: Diagnostic[], binder: Binder, lines: LineIndex): Diagnostic[] {
  const first = new Map<string, { index: number; others: Diagnostic[] }>();
  const kept: Diagnostic[] = [];
  const inOrder = [...diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  for (const d of inOrder) {
    if (d.code !== 'undefined-name') {
      kept.push(d);
      continue;
    }
    const name = binder.fold(binder.text.slice(lines.offset(d.range.start), lines.offset(d.range.end)));
    const seen = first.get(name);
    if (seen) seen.others.push(d);
    else {
      first.set(name, { index: kept.length, others: [] });
      kept.push(d);
    }
  }
  for (const { index, others } of first.values()) {
    if (others.length === 0) continue;
    const d = kept[index] as Diagnostic;
    kept[index] = {
      ...d,
      related: [
        ...(d.related ?? []),
        ...others.slice(0, MAX_RELATED_USES).map((o) => ({ range: o.range, message: 'Also used here.' })),
      ],
    };
  }
  return kept;
}

/**
 * Findings that are not about a broken statement: none on the lines of a repaired error
 * (`repaired`) or of text the parser's recovery skipped (what they say about names is
 * noise), and no undefined name that skipped text spells (its declaration may be what
 * failed to parse; a repaired text's declarations all parsed).
 */
function outsideRecovered(
  diagnostics: Diagnostic[],
  binder: Binder,
  lines: LineIndex,
  repaired: readonly Span[],
): Diagnostic[] {
  const skippedLines = new Set<number>();
  const skippedWords = new Set<string>();
  for (const span of [...binder.recovered, ...repaired]) {
    const last = lines.position(span.to).line;
    for (let line = lines.position(span.from).line; line <= last; line++) skippedLines.add(line);
  }
  for (const span of binder.recovered) {
    for (const m of binder.text.slice(span.from, span.to).matchAll(/[\p{L}_$][\p{L}\p{N}_$]*/gu))
      skippedWords.add(binder.fold(m[0]));
  }
  return diagnostics.filter((d) => {
    if (skippedLines.has(d.range.start.line)) return false;
    if (d.code !== 'undefined-name') return true;
    const from = lines.offset(d.range.start);
    return !skippedWords.has(binder.fold(binder.text.slice(from, lines.offset(d.range.end))));
  });
}

function rangeKey(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}
