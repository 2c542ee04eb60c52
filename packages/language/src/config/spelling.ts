import type { Node } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { ConfigDocument } from './config-document.js';
import type { Range } from '../diagnostics/diagnostic.js';

// Whitespace ends a token in every layout's tokenizer, so a spelling with any in it never
// matches; control characters and Unicode's direction overrides are invisible in an editor,
// so a spelling with them reads as another one (the "Trojan Source" trick); so do the
// characters that draw nothing (zero-width space, soft hyphen, word joiner, invisible math
// operators, tags), which make `THEN` and `TH\u200bEN` two keywords that look alike. Format
// characters as a whole are not refused: Persian and Indic words need the zero-width
// (non-)joiner.
const INNER_SPACE = /[\s\p{Z}]/u;
const INVISIBLE =
  /[\p{Cc}\p{Cs}\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;

/** Why no program can write `spelling` as one token, or `undefined` when one can. */
export function spellingProblem(spelling: string): string | undefined {
  if (spelling === '') return 'is empty';
  const word = spelling.trim();
  if (word === '') return 'is only whitespace';
  const space = INNER_SPACE.exec(word)?.[0];
  if (space !== undefined) return `contains whitespace (${codePoint(space)}), which a program reads as two words`;
  const invisible = INVISIBLE.exec(word)?.[0];
  if (invisible !== undefined) return `contains the invisible character ${codePoint(invisible)}`;
  if (word !== spelling) return 'has whitespace before or after it';
  return undefined;
}

/**
 * Reports a spelling that no program can write, at `node`, and says whether it is usable.
 * Callers leave the entry out rather than refuse the whole config: loading always yields the
 * best spec it can for editors, and the finding is an error, so `parsercraft check` and
 * doctor fail the config all the same (as cargo refuses a manifest with a bad name).
 * `what` names the spelling for the message: "The spelling of keyword 'then'".
 */
export function checkSpelling(doc: ConfigDocument, spelling: string, node: Node | null, what: string): boolean {
  const problem = spellingProblem(spelling);
  if (problem === undefined) return true;
  reportSpelling(doc, spelling, doc.rangeOf(node), what, problem);
  return false;
}

/** The finding for a spelling left out because of `problem`. */
export function reportSpelling(
  doc: ConfigDocument,
  spelling: string,
  range: Range | undefined,
  what: string,
  problem: string,
): void {
  doc.report(
    ConfigCodes.PC_CONFIG_INVALID_SPELLING,
    range,
    `${what} (${JSON.stringify(spelling)}) ${problem}, so no program can spell it; it is left out.`,
  );
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
