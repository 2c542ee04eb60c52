import { ResponseError, LSPErrorCodes, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { IndexView } from '../index/index-view.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*\$?$/;

/** The name at the cursor and its text, when it can be renamed; an error says why not. */
export function prepareRename(view: IndexView, offset: number): { range: Range; placeholder: string } | null {
  const o = view.occurrenceAt(offset);
  if (!o) return null;
  const s = view.symbol(o.symbol);
  if (!s)
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      'This name is not declared anywhere, so there is nothing to rename.',
    );
  if (s.nameFrom < 0)
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `'${s.name}' is provided by the language config and cannot be renamed here.`,
    );
  return { range: view.range(o.from, o.to), placeholder: s.name };
}

/**
 * Every occurrence of the symbol at the cursor, renamed. Refused (not half-done) when the
 * new name is not an identifier, is a keyword of the language, or is already declared in
 * the same scope.
 */
export function rename(view: IndexView, uri: string, offset: number, newName: string): WorkspaceEdit {
  const prepared = prepareRename(view, offset);
  const o = view.occurrenceAt(offset);
  const s = o ? view.symbol(o.symbol) : undefined;
  if (!prepared || !o || !s)
    throw new ResponseError(LSPErrorCodes.RequestFailed, 'There is no name to rename at this position.');
  if (!IDENTIFIER.test(newName))
    throw new ResponseError(LSPErrorCodes.RequestFailed, `'${newName}' is not a valid name.`);
  if (view.keyword(newName))
    throw new ResponseError(LSPErrorCodes.RequestFailed, `'${newName}' is a keyword of this language.`);
  const key = view.fold(newName);
  const clash = view.index.symbols.find(
    (other) => other !== s && other.scope === s.scope && view.fold(other.name) === key,
  );
  if (clash)
    throw new ResponseError(LSPErrorCodes.RequestFailed, `'${clash.name}' is already declared in the same scope.`);
  return {
    changes: {
      [uri]: view.occurrencesOf(o.symbol).map((r) => ({ range: view.range(r.from, r.to), newText: newName })),
    },
  };
}
