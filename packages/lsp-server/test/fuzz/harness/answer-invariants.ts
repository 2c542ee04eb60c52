import type { Position } from 'vscode-languageserver-textdocument';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Answer } from './raw-lsp-client.js';
import { RESULT_SCHEMAS, SPEC_ERROR_CODES, type DocumentMethod, type LspRange } from './lsp-result-schemas.js';

/**
 * What every answer to a document request must satisfy, whatever the server's internals:
 * answered in time, a result of the shape the specification gives or an error with a code
 * it defines, and every position in it inside the text the client holds (not an older
 * version's). Each check returns the violations it found, as sentences for the report.
 */

/** The lines of a text as LSP counts them: CRLF, CR and LF all end a line. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function rangeProblem(doc: TextDocument, range: LspRange): string | undefined {
  const lines = linesOf(doc.getText());
  const within = (p: Position): boolean => p.line < lines.length && p.character <= (lines[p.line] ?? '').length;
  if (!within(range.start) || !within(range.end))
    return `range ${show(range)} is outside the current text (${lines.length} lines, version ${doc.version})`;
  const before =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  if (!before) return `range ${show(range)} ends before it starts`;
  // A range that splits a surrogate pair points inside a character no editor can place a cursor in.
  for (const p of [range.start, range.end]) {
    const line = lines[p.line] ?? '';
    const before = line.charCodeAt(p.character - 1);
    if (p.character > 0 && before >= 0xd800 && before <= 0xdbff)
      return `range ${show(range)} splits a surrogate pair at ${p.line}:${p.character}`;
  }
  return undefined;
}

export const show = (r: LspRange): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** The identifier the cursor is in or right after, as an editor's word-at-cursor finds it; undefined off one. */
export function identifierAt(doc: TextDocument, position: Position): string | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  let from = offset;
  let to = offset;
  while (from > 0 && /\w/.test(text[from - 1] ?? '')) from--;
  while (to < text.length && /\w/.test(text[to] ?? '')) to++;
  const word = text.slice(from, to);
  return /^[A-Za-z_]/.test(word) ? word : undefined;
}

/** The context one answer is checked in: the document as it was when the request was sent. */
export interface AskedAbout {
  readonly method: DocumentMethod;
  readonly uri: string;
  readonly doc: TextDocument | undefined;
  readonly position?: Position;
  /** The request's params broke the schema on purpose: only an error answer is right. */
  readonly invalidParams: boolean;
}

/** Which promise a violation breaks: the answer itself, or the positions in it. */
export type Invariant = 'answer' | 'position';
export interface Violation {
  readonly invariant: Invariant;
  readonly text: string;
}

/**
 * An answer to params that break the schema may be an error or, as long as its shape is
 * right, a result (the stricter -32602 promise is protocol-gate.test.ts's); its positions
 * are then not held to anything.
 */
export function answerProblems(asked: AskedAbout, answer: Answer): Violation[] {
  const violation = (text: string): Violation[] => [{ invariant: 'answer', text }];
  if (answer.kind === 'unanswered') return violation(`${asked.method} was not answered within its bound`);
  if (answer.kind === 'error')
    return SPEC_ERROR_CODES.has(answer.code)
      ? []
      : violation(
          `${asked.method} answered error code ${answer.code}, which no specification defines (${answer.message})`,
        );
  const parsed = RESULT_SCHEMAS[asked.method].safeParse(answer.result);
  if (!parsed.success)
    return violation(
      `${asked.method} answered a result of the wrong shape: ${parsed.error.issues[0]?.message ?? ''} at ${parsed.error.issues[0]?.path.join('.') ?? ''} in ${brief(answer.result)}`,
    );
  if (!asked.doc || asked.invalidParams) return [];
  return positionProblems(asked, answer.result).map((text) => ({ invariant: 'position', text }));
}

const brief = (x: unknown): string => {
  const s = JSON.stringify(x) ?? 'undefined';
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

interface Located {
  readonly range: LspRange;
  /** Set when the answer is wrong whatever the text: the range is then not looked at. */
  readonly problem?: string;
  /** The text this range must hold (case-insensitively), when the method promises one. */
  readonly expect?: string;
  readonly what: string;
}

/** Every range the answer places in the asked document, with what it must hold. */
function positionProblems(asked: AskedAbout, result: unknown): string[] {
  const doc = asked.doc;
  if (!doc || result === null || result === undefined) return [];
  const word = asked.position && identifierAt(doc, asked.position);
  const ranges = locatedRanges(asked, result, word);
  const problems: string[] = [];
  for (const r of ranges) {
    if (r.problem !== undefined) {
      problems.push(`${asked.method} ${r.what}: ${r.problem}`);
      continue;
    }
    const p = rangeProblem(doc, r.range);
    if (p) {
      problems.push(`${asked.method} ${r.what}: ${p}`);
      continue;
    }
    if (r.expect !== undefined) {
      const held = doc.getText(r.range);
      if (held.toLowerCase() !== r.expect.toLowerCase())
        problems.push(
          `${asked.method} ${r.what} ${show(r.range)} holds '${held}' in the current text (version ${doc.version}), not '${r.expect}'`,
        );
    }
  }
  return problems;
}

function locatedRanges(asked: AskedAbout, result: unknown, word: string | undefined): Located[] {
  const same = (uri: string): boolean => uri === asked.uri;
  switch (asked.method) {
    case 'textDocument/hover': {
      const range = (result as { range?: LspRange }).range;
      return range ? [{ range, what: 'hover range' }] : [];
    }
    case 'textDocument/definition': {
      const items = Array.isArray(result) ? (result as unknown[]) : [result];
      return items.flatMap((i): Located[] => {
        const link = i as { targetUri?: string; targetRange?: LspRange; targetSelectionRange?: LspRange };
        if (link.targetUri !== undefined)
          return same(link.targetUri) && link.targetRange && link.targetSelectionRange
            ? [
                { range: link.targetRange, what: 'definition target range' },
                { range: link.targetSelectionRange, what: 'definition selection range' },
              ]
            : [];
        const loc = i as { uri: string; range: LspRange };
        return same(loc.uri) ? [{ range: loc.range, what: 'definition' }] : [];
      });
    }
    case 'textDocument/references':
      return (result as { uri: string; range: LspRange }[])
        .filter((l) => same(l.uri))
        .map((l) => ({ range: l.range, what: 'reference', ...(word !== undefined && { expect: word }) }));
    case 'textDocument/documentHighlight':
      return (result as { range: LspRange }[]).map((h) => ({
        range: h.range,
        what: 'highlight',
        ...(word !== undefined && { expect: word }),
      }));
    case 'textDocument/documentSymbol':
      return symbolRanges(result as unknown[], asked.uri);
    case 'textDocument/rename': {
      const edit = result as {
        changes?: Record<string, { range: LspRange }[]>;
        documentChanges?: { textDocument?: { uri: string }; edits?: { range: LspRange }[] }[];
      };
      const edits = [
        ...Object.entries(edit.changes ?? {}).flatMap(([uri, es]) => es.map((e) => ({ uri, range: e.range }))),
        ...(edit.documentChanges ?? []).flatMap((c) =>
          (c.edits ?? []).map((e) => ({ uri: c.textDocument?.uri ?? '', range: e.range })),
        ),
      ];
      return edits.map((e) =>
        same(e.uri)
          ? { range: e.range, what: 'rename edit', ...(word !== undefined && { expect: word }) }
          : // An edit keyed by another spelling of the uri is one the editor cannot apply.
            { range: e.range, what: 'rename edit', problem: `it is for '${e.uri}', not the open '${asked.uri}'` },
      );
    }
    case 'textDocument/prepareRename': {
      const r = result as { range?: LspRange; start?: LspRange['start']; end?: LspRange['end'] };
      const range = r.range ?? (r.start && r.end ? { start: r.start, end: r.end } : undefined);
      return range ? [{ range, what: 'prepareRename range', ...(word !== undefined && { expect: word }) }] : [];
    }
    case 'textDocument/semanticTokens/full':
    case 'textDocument/semanticTokens/range':
      return decodeTokens((result as { data: number[] }).data).map((range) => ({ range, what: 'semantic token' }));
    case 'textDocument/diagnostic': {
      const report = result as { kind: string; items?: { range: LspRange }[] };
      return (report.items ?? []).map((d) => ({ range: d.range, what: 'pulled diagnostic' }));
    }
    case 'textDocument/formatting':
      return (result as { range: LspRange }[]).map((e) => ({ range: e.range, what: 'formatting edit' }));
    case 'textDocument/codeAction':
      return (result as { edit?: { changes?: Record<string, { range: LspRange }[]> } }[]).flatMap((a) =>
        Object.entries(a.edit?.changes ?? {})
          .filter(([uri]) => same(uri))
          .flatMap(([, es]) => es.map((e) => ({ range: e.range, what: 'code action edit' }))),
      );
    case 'textDocument/completion':
    case 'textDocument/signatureHelp':
      return [];
  }
}

interface SymbolLike {
  name: string;
  range?: LspRange;
  selectionRange?: LspRange;
  location?: { uri: string; range: LspRange };
  children?: SymbolLike[];
}

function symbolRanges(symbols: unknown[], uri: string): Located[] {
  const out: Located[] = [];
  // Bounded by the answer's own size: every symbol is visited once.
  const visit = (s: SymbolLike): void => {
    if (s.location) {
      if (s.location.uri === uri) out.push({ range: s.location.range, what: `symbol '${s.name}'` });
    } else if (s.range && s.selectionRange) {
      out.push({ range: s.range, what: `symbol '${s.name}' range` });
      out.push({ range: s.selectionRange, what: `symbol '${s.name}' selection range`, expect: s.name });
      if (!contains(s.range, s.selectionRange))
        out.push({
          range: s.selectionRange,
          what: `symbol '${s.name}'`,
          problem: `selection range ${show(s.selectionRange)} is outside its range ${show(s.range)}`,
        });
    }
    for (const c of s.children ?? []) visit(c);
  };
  for (const s of symbols as SymbolLike[]) visit(s);
  return out;
}

const before = (a: Position, b: Position): boolean =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (outer: LspRange, inner: LspRange): boolean =>
  before(outer.start, inner.start) && before(inner.end, outer.end);

/** Semantic tokens' relative encoding turned back into ranges (one line each, as the legend's tokens are). */
export function decodeTokens(data: readonly number[]): LspRange[] {
  const out: LspRange[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const deltaLine = data[i] ?? 0;
    const deltaStart = data[i + 1] ?? 0;
    const length = data[i + 2] ?? 0;
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    out.push({ start: { line, character }, end: { line, character: character + length } });
  }
  return out;
}
