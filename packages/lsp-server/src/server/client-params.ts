import { ErrorCodes, ResponseError, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Cursor } from '../features/text-context.js';
import type { IndexView } from '../index/index-view.js';

/** The cursor in the current text and in the analysed version the index is of. */
export function cursor(view: IndexView, document: TextDocument, position: Position): Cursor {
  return { text: document.getText(), offset: document.offsetAt(position), indexOffset: view.offsetAt(position) };
}

/** The document a command is about: `[uri]` or `[{uri}]`, as clients send it. */
export function documentArgument(args: readonly unknown[] | undefined): string {
  const first = args?.[0];
  const uri = first && typeof first === 'object' ? (first as { uri?: unknown }).uri : first;
  if (typeof uri !== 'string')
    throw new ResponseError(ErrorCodes.InvalidParams, 'The command needs the document URI as its argument.');
  return uri;
}

/** A positive number the client sent, or undefined for anything else. */
export const positive = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);

/** One key of the client's initializationOptions, whatever shape the client sent. */
export function option(options: unknown, key: string): unknown {
  return options && typeof options === 'object' ? (options as Record<string, unknown>)[key] : undefined;
}
