import type { Hover } from 'vscode-languageserver/node';
import type { IndexView } from '../index/index-view.js';
import { wordAround, type Cursor } from './text-context.js';

/**
 * The hover of the name under the cursor from the index; of a keyword or configured
 * function by its spelling in the current text. Comments and strings get none.
 */
export function hover(view: IndexView, { text, offset, indexOffset }: Cursor): Hover | null {
  const o = view.occurrenceAt(indexOffset);
  const symbol = o ? view.symbol(o.symbol) : undefined;
  if (o && symbol) return { contents: { kind: 'markdown', value: symbol.hover }, range: view.range(o.from, o.to) };
  if (o || view.inCommentOrString(indexOffset)) return null;
  const word = wordAround(text, offset);
  if (!word) return null;
  const name = text.slice(word.from, word.to);
  const found = view.keyword(name)?.hover ?? view.lookup(name, indexOffset)?.hover;
  // The word's range in the current text, where the client shows it.
  const start = indexOffset - (offset - word.from);
  return found
    ? { contents: { kind: 'markdown', value: found }, range: view.range(start, start + (word.to - word.from)) }
    : null;
}
