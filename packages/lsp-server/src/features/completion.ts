import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver/node';
import type { IndexedSymbol } from '../index/document-index.js';
import type { IndexView } from '../index/index-view.js';
import { completionKind } from './symbol-kinds.js';
import { memberReceiver, wordStart, type Cursor } from './text-context.js';

/**
 * Completion at the cursor, from the last good index and the current text: after `p.` the
 * members of p's record or protocol type (inherited ones included); elsewhere the names in
 * scope, the keywords as the config spells them, and the configured functions. Nothing in
 * comments or strings. Clients filter by the typed prefix themselves.
 */
export function complete(view: IndexView, { text, offset, indexOffset }: Cursor, snippets: boolean): CompletionItem[] {
  if (view.inCommentOrString(indexOffset)) return [];
  const from = wordStart(text, offset);
  const receiver = memberReceiver(text, from);
  if (receiver)
    return members(view, text.slice(receiver.from, receiver.to), indexOffset - (offset - receiver.from), snippets);
  const items: CompletionItem[] = [];
  for (const s of view.visibleAt(indexOffset)) {
    if (s.kind === 'label' || s.kind === 'program') continue;
    items.push(item(s, false, snippets));
  }
  for (const k of view.index.keywords) {
    items.push({
      label: k.spelling,
      kind: CompletionItemKind.Keyword,
      documentation: { kind: 'markdown', value: k.hover },
      sortText: `2${k.spelling}`,
    });
  }
  return items;
}

function members(view: IndexView, receiver: string, at: number, snippets: boolean): CompletionItem[] {
  const occurrence = view.occurrenceAt(at);
  const value = occurrence && occurrence.symbol >= 0 ? view.symbol(occurrence.symbol) : view.lookup(receiver, at);
  const type = value ? view.symbol(value.typeSymbol) : undefined;
  return (type?.members ?? []).flatMap((id) => {
    const m = view.symbol(id);
    return m ? [item(m, true, snippets)] : [];
  });
}

/** A symbol's item; with snippet support a routine that takes arguments inserts `name(|)`. */
function item(s: IndexedSymbol, member: boolean, snippets: boolean): CompletionItem {
  const routine = s.kind === 'function' || s.kind === 'procedure' || s.kind === 'builtin-function';
  const takesArguments = routine && ((s.params?.length ?? 0) > 0 || (s.maxArgs ?? 0) !== 0);
  return {
    label: s.name,
    kind: completionKind(s, member),
    // Program names first, then the language's, then keywords.
    sortText: `${s.nameFrom >= 0 ? 0 : 1}${s.name}`,
    documentation: { kind: 'markdown', value: s.hover },
    ...(s.detail !== undefined ? { detail: s.detail } : s.typeText !== undefined && { detail: s.typeText }),
    ...(snippets && takesArguments && { insertText: `${s.name}($0)`, insertTextFormat: InsertTextFormat.Snippet }),
    ...(s.optional && { labelDetails: { description: 'optional' } }),
  };
}
