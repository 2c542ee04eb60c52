import { CONTROL, type StackVocabulary } from './stack-vocabulary.js';
import { editDistance } from '../../diagnostics/edit-distance.js';

/** A control word of a definition (IF, ELSE, THEN, BEGIN, ...) by its role, where it stands. */
export interface ControlWord {
  readonly concept: string;
  readonly from: number;
  readonly to: number;
}

export interface ControlProblem {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

/** A word that nothing defines, read as the control word it is one slip away from. */
export interface Respelling {
  readonly from: number;
  readonly to: number;
  readonly concept: string;
  readonly spelling: string;
}

const CLOSERS = new Map<string, string>();
const INNERS = new Map<string, string>();
for (const [opener, { inner, closers }] of Object.entries(CONTROL)) {
  for (const c of closers) CLOSERS.set(c, opener);
  for (const c of inner) INNERS.set(c, opener);
}

/** Whether a keyword of this role takes part in a control structure: opens, closes or stands inside one. */
export function isControl(concept: string): boolean {
  return CONTROL[concept] !== undefined || CLOSERS.has(concept) || INNERS.has(concept);
}

/**
 * Candidate words tried per definition: each try is a pass over the definition's control
 * words, so the search stays linear in the definition however many unknown words it has.
 */
const MAX_CANDIDATES = 16;

/**
 * Checks how one definition's control words nest, in text order, and returns the first
 * mistake: after it the nesting is not trusted, so one mistake gives one error. `end` is the
 * word that closes the definition when one does; only then is a structure left open a
 * mistake (a definition that is not closed is an error of its own).
 */
export function controlProblem(
  words: readonly ControlWord[],
  vocabulary: StackVocabulary,
  text: string,
  end?: { readonly from: number; readonly to: number },
): ControlProblem | undefined {
  const quoted = (w: { from: number; to: number }): string => `'${text.slice(w.from, w.to)}'`;
  const open: ControlWord[] = [];
  for (const w of words) {
    if (CONTROL[w.concept]) {
      open.push(w);
      continue;
    }
    const closes = CLOSERS.get(w.concept);
    const family = closes ?? INNERS.get(w.concept);
    if (family === undefined) continue;
    // LEAVE may stand in an IF inside the DO it leaves; the others belong to the innermost structure.
    const fits =
      w.concept === 'break' ? open.some((o) => o.concept === family) : open[open.length - 1]?.concept === family;
    if (!fits)
      return {
        from: w.from,
        to: w.to,
        message: `${quoted(w)} has no open '${vocabulary.spelling(family)}' to ${closes ? 'close' : 'belong to'}.`,
      };
    if (closes) open.pop();
  }
  const unclosed = open[0];
  if (!end || !unclosed) return undefined;
  const expected = (CONTROL[unclosed.concept]?.closers ?? [])
    .filter((c) => vocabulary.spec.keywords.has(c))
    .map((c) => `'${vocabulary.spelling(c)}'`);
  return {
    from: unclosed.from,
    to: unclosed.to,
    message: `${quoted(unclosed)} is not closed by ${expected.join(' or ')} before ${quoted(end)}.`,
  };
}

/**
 * The first of `candidates` (words nothing defines, in text order) that is one edit or a
 * change of case away from a control keyword and, read as that keyword, leaves the
 * definition's control words without a mistake: `IFF DROP ELSE` is IF misspelt, since
 * read as IF the ELSE has its IF.
 */
export function respelledControlWord(
  words: readonly ControlWord[],
  candidates: readonly { readonly from: number; readonly to: number }[],
  vocabulary: StackVocabulary,
  text: string,
  end?: { readonly from: number; readonly to: number },
): Respelling | undefined {
  const keywords = [...vocabulary.spec.keywords.values()].filter((k) => isControl(k.concept));
  for (const c of candidates.slice(0, MAX_CANDIDATES)) {
    const word = text.slice(c.from, c.to);
    if (word.length < 2) continue;
    for (const k of keywords) {
      if (!oneSlipApart(word.toLowerCase(), k.custom.toLowerCase())) continue;
      const at = words.findIndex((w) => w.from > c.from);
      const tried = [...words];
      tried.splice(at === -1 ? words.length : at, 0, { concept: k.concept, from: c.from, to: c.to });
      if (!controlProblem(tried, vocabulary, text, end))
        return { from: c.from, to: c.to, concept: k.concept, spelling: k.custom };
    }
  }
  return undefined;
}

/** Equal (the case was already folded away), or one character inserted, deleted or replaced, or two neighbours swapped. */
function oneSlipApart(a: string, b: string): boolean {
  return editDistance(a, b, 1) <= 1;
}
