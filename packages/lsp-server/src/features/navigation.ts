import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type DocumentSymbol,
  type Location,
} from 'vscode-languageserver/node';
import type { DocumentSymbol as OutlineEntry } from '@parsercraft/language';
import type { IndexView } from '../index/index-view.js';
import { OUTLINE_KINDS } from './symbol-kinds.js';

/** Where the name at the cursor is declared; null for what the language provides. */
export function definition(view: IndexView, uri: string, offset: number): Location | null {
  const s = view.symbol(view.occurrenceAt(offset)?.symbol ?? -1);
  return s && s.nameFrom >= 0 ? { uri, range: view.range(s.nameFrom, s.nameTo) } : null;
}

export function references(view: IndexView, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const o = view.occurrenceAt(offset);
  if (!o || o.symbol < 0) return [];
  return view
    .occurrencesOf(o.symbol)
    .filter((r) => includeDeclaration || r.role !== 'declaration')
    .map((r) => ({ uri, range: view.range(r.from, r.to) }));
}

/** Every use of the name at the cursor, writes marked as writes. */
export function highlights(view: IndexView, offset: number): DocumentHighlight[] {
  const o = view.occurrenceAt(offset);
  if (!o || o.symbol < 0) return [];
  return view.occurrencesOf(o.symbol).map((r) => ({
    range: view.range(r.from, r.to),
    kind: r.role === 'write' || r.role === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

export function documentSymbols(view: IndexView): DocumentSymbol[] {
  const convert = (e: OutlineEntry): DocumentSymbol => ({
    name: e.name,
    kind: OUTLINE_KINDS[e.kind],
    range: e.range,
    selectionRange: e.selectionRange,
    children: e.children.map(convert),
    ...(e.detail !== undefined && { detail: e.detail }),
  });
  return view.index.outline.map(convert);
}
