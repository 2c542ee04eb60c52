import type { Position, Range } from 'vscode-languageserver/node';
import { TOKEN_TYPES } from '../protocol/semantic-token-legend.js';
import { OCCURRENCE_STRIDE, ROLES, TOKEN_STRIDE, type DocumentIndex, type IndexedSymbol } from './document-index.js';

export interface OccurrenceView {
  readonly from: number;
  readonly to: number;
  /** -1 when the name resolves to nothing. */
  readonly symbol: number;
  readonly role: (typeof ROLES)[number];
}

const KEYWORD = TOKEN_TYPES.indexOf('keyword');
const COMMENT = TOKEN_TYPES.indexOf('comment');
const STRING = TOKEN_TYPES.indexOf('string');

/**
 * Questions the features ask of a DocumentIndex, answered on the main thread by binary
 * search over its arrays. Lookups that need a table (references by symbol, names by scope)
 * build it on first use; an index is immutable, so they never go stale.
 */
export class IndexView {
  private bySymbol: Map<number, OccurrenceView[]> | undefined;
  private byScope: Map<number, number[]> | undefined;
  private readonly scopeDepth: number[] = [];
  private keywordMap: Map<string, number> | undefined;

  constructor(readonly index: DocumentIndex) {
    for (const s of index.scopes) this.scopeDepth.push(s.parent === -1 ? 0 : (this.scopeDepth[s.parent] ?? 0) + 1);
  }

  get version(): number {
    return this.index.version;
  }

  fold(name: string): string {
    return this.index.caseSensitive ? name : name.toLowerCase();
  }

  symbol(id: number): IndexedSymbol | undefined {
    return this.index.symbols[id];
  }

  /** As TextDocument.positionAt: clamped into the text; an offset inside a `\r\n` is the end of its line. */
  positionAt(offset: number): Position {
    const starts = this.index.lineStarts;
    const ends = this.index.lineEnds;
    const clamped = Math.max(0, Math.min(offset, ends[ends.length - 1] as number));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(clamped, ends[lo] as number) - (starts[lo] as number) };
  }

  /** As TextDocument.offsetAt: a character past its line's end is the end of the line's content. */
  offsetAt(position: Position): number {
    const starts = this.index.lineStarts;
    const ends = this.index.lineEnds;
    if (position.line >= starts.length) return ends[ends.length - 1] as number;
    if (position.line < 0) return 0;
    const start = starts[position.line] as number;
    if (position.character <= 0) return start;
    return Math.min(start + position.character, ends[position.line] as number);
  }

  /** Where a line's content ends, before its line break; for features that split runs by line. */
  lineContentEnd(line: number): number {
    const ends = this.index.lineEnds;
    return ends[Math.max(0, Math.min(line, ends.length - 1))] as number;
  }

  range(from: number, to: number): Range {
    return { start: this.positionAt(from), end: this.positionAt(to) };
  }

  /** The name at an offset: the cursor may be anywhere in it or right after it. */
  occurrenceAt(offset: number): OccurrenceView | undefined {
    const i = runAt(this.index.occurrences, OCCURRENCE_STRIDE, offset, false);
    return i === -1 ? undefined : this.occurrence(i);
  }

  /** Every place a symbol is named, in document order. */
  occurrencesOf(symbol: number): readonly OccurrenceView[] {
    if (!this.bySymbol) {
      this.bySymbol = new Map();
      for (let i = 0; i < this.index.occurrences.length / OCCURRENCE_STRIDE; i++) {
        const o = this.occurrence(i);
        if (o.symbol < 0) continue;
        const list = this.bySymbol.get(o.symbol);
        if (list) list.push(o);
        else this.bySymbol.set(o.symbol, [o]);
      }
    }
    return this.bySymbol.get(symbol) ?? [];
  }

  /** Whether an offset is inside a comment or string (where completion and hover stay quiet). */
  inCommentOrString(offset: number): boolean {
    const type = this.tokenTypeAt(offset, true);
    return type === COMMENT || type === STRING;
  }

  /** The config's spelling of a keyword and its hover, by any spelling the language accepts. */
  keyword(word: string): { spelling: string; hover: string } | undefined {
    if (!this.keywordMap) {
      this.keywordMap = new Map();
      this.index.keywords.forEach((k, i) => this.keywordMap?.set(this.fold(k.spelling), i));
    }
    const i = this.keywordMap.get(this.fold(word));
    return i === undefined ? undefined : this.index.keywords[i];
  }

  isKeywordToken(offset: number): boolean {
    return this.tokenTypeAt(offset, false) === KEYWORD;
  }

  /** The innermost scope whose text holds an offset. */
  scopeAt(offset: number): number {
    let best = 0;
    this.index.scopes.forEach((s, i) => {
      if (
        s.from <= offset &&
        offset <= s.to &&
        (this.scopeDepth[i] ?? 0) >= (this.scopeDepth[best] ?? 0) &&
        s.kind !== 'record'
      )
        best = i;
    });
    return best;
  }

  /** Symbols visible at an offset, inner scopes first; an inner name hides an outer one. */
  visibleAt(offset: number): IndexedSymbol[] {
    if (!this.byScope) {
      this.byScope = new Map();
      this.index.symbols.forEach((s, id) => {
        const list = this.byScope?.get(s.scope);
        if (list) list.push(id);
        else this.byScope?.set(s.scope, [id]);
      });
    }
    const seen = new Set<string>();
    const out: IndexedSymbol[] = [];
    for (let scope = this.scopeAt(offset); scope !== -1; scope = this.index.scopes[scope]?.parent ?? -1) {
      for (const id of this.byScope.get(scope) ?? []) {
        const s = this.index.symbols[id] as IndexedSymbol;
        const key = this.fold(s.name);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(s);
      }
    }
    return out;
  }

  /** The symbol a name means at an offset, by the scope rules of visibleAt. */
  lookup(name: string, offset: number): IndexedSymbol | undefined {
    const key = this.fold(name);
    return this.visibleAt(offset).find((s) => this.fold(s.name) === key);
  }

  private occurrence(i: number): OccurrenceView {
    const occ = this.index.occurrences;
    const at = i * OCCURRENCE_STRIDE;
    return {
      from: occ[at] as number,
      to: occ[at + 1] as number,
      symbol: occ[at + 2] as number,
      role: ROLES[occ[at + 3] as number] ?? 'read',
    };
  }

  /** The token type at an offset (-1 for none); `strictEnd` excludes the offset right after a token. */
  private tokenTypeAt(offset: number, strictEnd: boolean): number {
    const i = runAt(this.index.tokens, TOKEN_STRIDE, offset, strictEnd);
    return i === -1 ? -1 : (this.index.tokens[i * TOKEN_STRIDE + 2] as number);
  }
}

/**
 * The run of a sorted, non-overlapping array of (from, to, ...) records that holds `offset`,
 * by binary search; -1 for none. `inside` counts only offsets strictly inside (a cursor
 * before an opening quote is not in the string); otherwise both ends count (a cursor right
 * after a name is on it).
 */
function runAt(runs: Int32Array, stride: number, offset: number, inside: boolean): number {
  let lo = 0;
  let hi = runs.length / stride - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const from = runs[mid * stride] as number;
    const to = runs[mid * stride + 1] as number;
    if (inside ? to <= offset : to < offset) lo = mid + 1;
    else if (inside ? from >= offset : from > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}
