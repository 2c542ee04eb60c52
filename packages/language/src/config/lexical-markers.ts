import type { Node } from 'yaml';
import { ConfigCodes } from './config-codes.js';
import type { ConfigDocument } from './config-document.js';
import type { BlockStyle, LexicalSpec } from './language-spec.js';
import { STRUCTURE } from './layout-punctuation.js';
import { leadingWord } from './layout-spelling.js';
import { spellingProblem } from './spelling.js';
import type { ErrorCodeSpec } from '@parsercraft/core/errors';

/** One comment marker, string delimiter or statement separator, as the config writes it. */
export interface Marker {
  readonly spelling: string;
  readonly node: Node | null;
  /** The key it is written under: `parsing.comment_style`, `parsing.string_delimiters[0]`. */
  readonly where: string;
}

/** Every marker the config names, in the order the loader prefers them. */
export interface LexicalMarkers {
  readonly lineComments: readonly Marker[];
  /** Open and close; only pairs with a close are read. */
  readonly blockComments: readonly (readonly [Marker, Marker])[];
  readonly stringDelimiters: readonly Marker[];
  /** Candidates, most preferred first; an empty one (no separator) is not among them. */
  readonly separators: readonly Marker[];
  readonly caseSensitive: boolean;
  readonly lineContinuation: string | null;
}

const q = (s: string): string => JSON.stringify(s);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Markers starting like an ASCII word are matched as whole words (BASIC's REM). */
const wordLike = (s: string): boolean => /^\w/.test(s);

/**
 * The lexical spec the markers make, without those in `rejected`. A section the config left
 * out gets ParserCraft's defaults (`#`, `"` and `'`); one whose every marker was rejected gets
 * none, so that nothing else is checked against a marker the config never named. A separator
 * spelled like a line comment would only ever start comments (demo_functional comments with
 * `;`): the next one the config names separates statements instead.
 */
export function lexicalSpec(markers: LexicalMarkers, rejected: ReadonlySet<Marker>): LexicalSpec {
  const kept = (ms: readonly Marker[]): string[] => [
    ...new Set(ms.filter((m) => m.spelling !== '' && !rejected.has(m)).map((m) => m.spelling)),
  ];
  const lineComments = markers.lineComments.length > 0 ? kept(markers.lineComments) : ['#'];
  const delimiters = markers.stringDelimiters.length > 0 ? kept(markers.stringDelimiters) : ['"', "'"];
  return {
    lineComments,
    blockComments: markers.blockComments
      .filter(([open]) => open.spelling !== '' && !rejected.has(open) && !lineComments.includes(open.spelling))
      .map(([open, close]) => [open.spelling, close.spelling] as const),
    // Longest first, so `"""` is tried before `"`.
    stringDelimiters: delimiters.sort((a, b) => b.length - a.length),
    statementSeparator:
      markers.separators.find((m) => !rejected.has(m) && !lineComments.includes(m.spelling))?.spelling ?? null,
    caseSensitive: markers.caseSensitive,
    lineContinuation: markers.lineContinuation,
  };
}

/**
 * The lexical spec without the markers the tokenizer of `style` can never read, each reported
 * once, where it is written (an attack session: a string delimiter `;`, a comment marker `1`
 * or `'` beside the string delimiter `'`, a separator `//` loaded with no finding, and every
 * program mis-tokenized). The tokenizer tries comments, then strings, then numbers and words,
 * then symbols; a marker loses to one tried before it that it starts with. Which of two
 * clashing markers is blamed: a string delimiter is checked first, against the layout's
 * punctuation and the separators; comment markers then against the delimiters kept; the
 * separator last against the comments kept. So one mistake gives one finding, and the
 * vocabulary is then checked against the markers kept only.
 */
export function keepUsableMarkers(
  doc: ConfigDocument,
  markers: LexicalMarkers,
  style: BlockStyle,
): { readonly lexical: LexicalSpec; readonly separator: Node | null } {
  const fold = (s: string): string => (markers.caseSensitive ? s : s.toLowerCase());
  const starts = (s: string, prefix: string): boolean => fold(s).startsWith(fold(prefix));
  const rejected = new Set<Marker>();
  const reject = (m: Marker, code: ErrorCodeSpec, what: string, problem: string): void => {
    rejected.add(m);
    doc.report(code, doc.rangeOf(m.node), `The ${what} ${m.where} (${q(m.spelling)}) ${problem}; it is left out.`);
  };
  const lineOf = (m: Marker): string => `${m.where}, line ${(doc.rangeOf(m.node)?.start.line ?? 0) + 1}`;
  const punctuation = style === 'stack' ? [] : STRUCTURE[style];
  const punctuationTaken = (m: Marker): string | undefined =>
    wordLike(m.spelling) ? undefined : punctuation.find((p) => p.startsWith(m.spelling));

  for (const d of markers.stringDelimiters) {
    const what = 'string delimiter';
    const alone = aloneProblem(d.spelling, 'string');
    if (alone !== undefined) {
      reject(d, ConfigCodes.PC_CONFIG_INVALID_SPELLING, what, alone);
      continue;
    }
    const punct = punctuationTaken(d);
    const sep = markers.separators.find((s) => starts(s.spelling, d.spelling));
    if (punct !== undefined)
      reject(d, ConfigCodes.PC_CONFIG_MARKER_CONFLICT, what, takenProblem(punct, style, 'a string'));
    else if (sep !== undefined)
      reject(
        d,
        ConfigCodes.PC_CONFIG_MARKER_CONFLICT,
        what,
        `${sep.spelling === d.spelling ? 'is' : 'starts'} the statement separator ${q(sep.spelling)} (${lineOf(sep)}), so every statement's end would start a string instead`,
      );
  }
  const delimiters = markers.stringDelimiters.filter((d) => !rejected.has(d));

  const blockOpens = new Set(markers.blockComments.map(([open]) => open));
  for (const c of [...markers.lineComments, ...blockOpens]) {
    const what = 'comment marker';
    const alone = aloneProblem(c.spelling, blockOpens.has(c) ? 'block comment' : 'comment');
    if (alone !== undefined) {
      reject(c, ConfigCodes.PC_CONFIG_INVALID_SPELLING, what, alone);
      continue;
    }
    const punct = punctuationTaken(c);
    // A stack layout reads a comment marker only as a word of its own.
    const delimiter = delimiters.find((d) =>
      style === 'stack' ? fold(d.spelling) === fold(c.spelling) : starts(d.spelling, c.spelling),
    );
    if (punct !== undefined)
      reject(c, ConfigCodes.PC_CONFIG_MARKER_CONFLICT, what, takenProblem(punct, style, 'a comment'));
    else if (delimiter !== undefined)
      reject(
        c,
        ConfigCodes.PC_CONFIG_MARKER_CONFLICT,
        what,
        `${delimiter.spelling === c.spelling ? 'is' : 'starts'} the string delimiter ${q(delimiter.spelling)} (${lineOf(delimiter)}), and comments are read first, so no string could start`,
      );
  }

  const kept = lexicalSpec(markers, rejected);
  // A word-like comment marker (REM) is compared with whole words, a symbol with the text.
  const commentStarting = (s: string): string | undefined =>
    [...kept.lineComments, ...kept.blockComments.map(([open]) => open)].find((c) =>
      wordLike(c) ? fold(leadingWord(s)) === fold(c) : starts(s, c),
    );
  let separator: Marker | undefined;
  const spelledLikeComment: Marker[] = [];
  for (const s of markers.separators) {
    const what = 'statement separator';
    if (kept.lineComments.some((c) => fold(c) === fold(s.spelling))) {
      spelledLikeComment.push(s);
      continue;
    }
    const alone = aloneProblem(s.spelling, 'separator');
    const comment = commentStarting(s.spelling);
    if (alone !== undefined) reject(s, ConfigCodes.PC_CONFIG_INVALID_SPELLING, what, alone);
    else if (comment !== undefined)
      reject(
        s,
        ConfigCodes.PC_CONFIG_MARKER_CONFLICT,
        what,
        `starts with the comment marker ${q(comment)}, which the tokenizer reads first, so it would start a comment instead of ending a statement`,
      );
    else {
      separator = s;
      break;
    }
  }
  const first = spelledLikeComment[0];
  const lineOfComment = (s: Marker): string => {
    const comment = markers.lineComments.find((c) => fold(c.spelling) === fold(s.spelling));
    return comment === undefined ? '' : `(${lineOf(comment)})`;
  };
  // Only when no separator the config names is left: the fallback is how demo_functional reads.
  if (separator === undefined && first !== undefined && !markers.separators.some((s) => rejected.has(s)))
    reject(
      first,
      ConfigCodes.PC_CONFIG_MARKER_CONFLICT,
      'statement separator',
      `is the comment marker ${lineOfComment(first)}, which the tokenizer reads first, so it would start a comment instead of ending a statement, and only line ends would separate statements`,
    );
  return { lexical: lexicalSpec(markers, rejected), separator: separator?.node ?? null };
}

/** Why a marker cannot be one whatever the other markers are, or `undefined`. */
function aloneProblem(
  spelling: string,
  role: 'comment' | 'block comment' | 'string' | 'separator',
): string | undefined {
  const starts = role === 'string' ? 'a string' : 'a comment';
  if (spelling === '') return `is empty, so ${starts} would start everywhere`;
  const problem = spellingProblem(spelling);
  if (problem !== undefined) return `${problem}, so no program can write it`;
  const first = spelling.charCodeAt(0);
  if (isDigit(first) || (first === 46 && isDigit(spelling.charCodeAt(1))))
    return role === 'separator'
      ? 'starts with a digit, which the tokenizer reads as the start of a number, so it never separates statements'
      : `starts with a digit, so every number starting with ${q(spelling)} would be read as ${starts}`;
  if (!wordLike(spelling)) return undefined;
  // Strings and block comments open wherever their marker is spelled, words included.
  if (role === 'string' || role === 'block comment')
    return `starts with a letter, so every word starting with ${q(spelling)} would be read as ${starts}`;
  if (leadingWord(spelling) !== spelling)
    return `starts like a word but is not one (${q(leadingWord(spelling))} is), and the tokenizer compares whole words with it, so it never matches`;
  return undefined;
}

function takenProblem(punctuation: string, style: BlockStyle, what: string): string {
  return `would be read in place of the punctuation ${q(punctuation)}, which the ${style} layout's grammar needs, so every ${q(punctuation)} would start ${what}`;
}
