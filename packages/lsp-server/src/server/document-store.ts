import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { EditLog } from './edit-log.js';

/** Told of every edit after it is applied: the version it came from and the client's changes. */
export type EditListener = (
  uri: string,
  from: number,
  to: number,
  changes: readonly TextDocumentContentChangeEvent[],
) => void;

/**
 * The open documents, as vscode-languageserver keeps them, with every edit seen on its way
 * in: each change is applied one at a time so its offsets in the text it applied to go to
 * the edit log, and the client's changes go on to the document's worker session as they
 * came (never the whole text again).
 */
export function createDocumentStore(log: EditLog, onEdit: EditListener): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      const from = document.version;
      let updated = document;
      for (const change of changes) {
        const length = updated.getText().length;
        const [start, end] =
          'range' in change ? [updated.offsetAt(change.range.start), updated.offsetAt(change.range.end)] : [0, length];
        log.record(document.uri, version, Math.min(start, end), Math.max(start, end), change.text.length);
        updated = TextDocument.update(updated, [change], version);
      }
      onEdit(document.uri, from, version, changes);
      return updated;
    },
  });
}
