import type { Node } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { ConfigDocument } from './config-document.js';
import type { Range } from '../diagnostics/diagnostic.js';

// Whitespace ends a token in every layout's tokenizer, so a spelling with any in it never
// matches. Control characters, and what Unicode says an editor may draw as nothing
// (Default_Ignorable_Code_Point: zero-width space, soft hyphen, direction marks and
// overrides, Hangul fillers, variation selectors, tags), make `THEN` and `TH\u200bEN` two
// keywords that look alike (the "Trojan Source" trick). The property, not a list, so that
// each attack's character is not added one by one. The zero-width (non-)joiner stay allowed:
// Persian and Indic words need them. The interlinear annotation marks draw nothing either.
const INNER_SPACE = /[\s\p{Z}]/u;
const INVISIBLE = /(?![\u200C\u200D])[\p{Cc}\p{Cs}\p{Default_Ignorable_Code_Point}\u061C\uFFF9-\uFFFB]/u;

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
