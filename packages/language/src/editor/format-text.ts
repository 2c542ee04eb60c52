import type { LanguageSpec } from '../config/language-spec.js';
import type { TextEdit } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { scanLexemes, type Lexeme } from './lexemes.js';

/** LSP's FormattingOptions, the parts this formatter honours. */
export interface FormatOptions {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
  readonly trimTrailingWhitespace?: boolean;
  readonly insertFinalNewline?: boolean;
  readonly trimFinalNewlines?: boolean;
}

/**
 * Edits that tidy a program without changing what it means: trailing whitespace trimmed,
 * leading tabs or spaces made consistent (not in indentation-block languages, where the
 * indentation is the structure), keywords respelt as the config spells them when the
 * language ignores case, and the end of the file normalised. Nothing inside a string is
 * touched, and no line that starts inside a string or comment is re-indented.
 */
export function formatText(spec: LanguageSpec, text: string, options: FormatOptions): TextEdit[] {
  const lines = new LineIndex(text);
  const lexemes = scanLexemes(spec, text);
  const edits: { from: number; to: number; newText: string }[] = [];
  const spelling = new Map([...spec.keywords.values()].map((k) => [k.custom.toLowerCase(), k.custom]));
  const inside = insideChecker(lexemes);

  if (!spec.lexical.caseSensitive) {
    for (const l of lexemes) {
      const word = text.slice(l.from, l.to);
      const wanted = l.kind === 'keyword' ? spelling.get(word.toLowerCase()) : undefined;
      if (wanted && wanted !== word) edits.push({ from: l.from, to: l.to, newText: wanted });
    }
  }
  const reindent = spec.syntax.blockStyle !== 'indentation';
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    const line = text.slice(start, contentEnd);
    const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (reindent && lead.length < line.length && !inside(start, 'any')) {
      const wanted = indentation(lead, options);
      if (wanted !== lead) edits.push({ from: start, to: start + lead.length, newText: wanted });
    }
    // On a whitespace-only line the run is all of it, and no re-indent edit overlaps it.
    const trail = /[ \t]+$/.exec(line);
    if (options.trimTrailingWhitespace !== false && trail && !inside(start + trail.index, 'string')) {
      edits.push({ from: start + trail.index, to: contentEnd, newText: '' });
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  if (!inside(text.length - 1, 'string')) endOfFile(text, options, edits);
  return edits.sort((a, b) => a.from - b.from).map((e) => ({ range: lines.range(e.from, e.to), newText: e.newText }));
}

/** Whether the character at an offset belongs to a string (or, for 'any', a string or comment). */
function insideChecker(lexemes: readonly Lexeme[]): (offset: number, kind: 'string' | 'any') => boolean {
  const protectedRuns = lexemes.filter((l) => l.kind === 'string' || l.kind === 'comment');
  return (offset, kind) => {
    let lo = 0;
    let hi = protectedRuns.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const l = protectedRuns[mid] as Lexeme;
      if (l.to <= offset) lo = mid + 1;
      else if (l.from > offset) hi = mid - 1;
      else return kind === 'any' || l.kind === 'string';
    }
    return false;
  };
}

/** The same indentation width in tabs or spaces, as the editor asks. */
function indentation(lead: string, options: FormatOptions): string {
  let width = 0;
  for (const c of lead) width = c === '\t' ? width - (width % options.tabSize) + options.tabSize : width + 1;
  if (options.insertSpaces) return ' '.repeat(width);
  return '\t'.repeat(Math.floor(width / options.tabSize)) + ' '.repeat(width % options.tabSize);
}

function endOfFile(text: string, options: FormatOptions, edits: { from: number; to: number; newText: string }[]): void {
  if (options.trimFinalNewlines) {
    const m = /(\r?\n)(?:[ \t]*\r?\n)+$/.exec(text);
    if (m) {
      // Drop the trailing-whitespace edits inside the run this one removes.
      for (let i = edits.length - 1; i >= 0; i--) if ((edits[i]?.from ?? 0) >= m.index) edits.splice(i, 1);
      edits.push({ from: m.index + (m[1]?.length ?? 1), to: text.length, newText: '' });
    }
  }
  if (options.insertFinalNewline && text.length > 0 && !text.endsWith('\n'))
    edits.push({ from: text.length, to: text.length, newText: '\n' });
}
