import type { SemanticTokens } from 'vscode-languageserver/node';
import { TOKEN_STRIDE } from '../index/document-index.js';
import type { IndexView } from '../index/index-view.js';

/**
 * The index's tokens in LSP's relative encoding, optionally only those overlapping
 * [from, to). A token over several lines (a block comment) becomes one per line, because
 * clients need not support multiline tokens.
 */
export function semanticTokens(view: IndexView, from = 0, to = Number.MAX_SAFE_INTEGER): SemanticTokens {
  const tokens = view.index.tokens;
  const starts = view.index.lineStarts;
  const data: number[] = [];
  let lastLine = 0;
  let lastChar = 0;
  const emit = (line: number, char: number, length: number, type: number, mods: number): void => {
    if (length <= 0) return;
    data.push(line - lastLine, line === lastLine ? char - lastChar : char, length, type, mods);
    lastLine = line;
    lastChar = char;
  };
  for (let i = 0; i < tokens.length; i += TOKEN_STRIDE) {
    const start = tokens[i] as number;
    const end = tokens[i + 1] as number;
    if (end <= from || start >= to) continue;
    const type = tokens[i + 2] as number;
    const mods = tokens[i + 3] as number;
    let { line, character } = view.positionAt(start);
    let at = start;
    while (at < end) {
      const next = line + 1 < starts.length ? (starts[line + 1] as number) : Number.MAX_SAFE_INTEGER;
      // Up to the line break, whichever of \r\n, \n or \r it is (a line's own break is not part of a token).
      const stop = Math.min(end, view.lineContentEnd(line));
      emit(line, character, stop - at, type, mods);
      if (next > end) break;
      at = next;
      line++;
      character = 0;
    }
  }
  return { data };
}
