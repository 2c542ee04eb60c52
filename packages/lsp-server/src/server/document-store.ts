import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { EditLog } from './edit-log.js';

/** Told of every edit after it is applied: the revisions it went from and to, and the client's changes. */
export type EditListener = (
  uri: string,
  from: number,
  to: number,
  changes: readonly TextDocumentContentChangeEvent[],
) => void;

export interface DocumentStore {
  /**
   * The open documents. Their `version` is the server's own revision, not the client's: it
   * grows with every open and change, across documents and reopenings, so a client that
   * repeats or reuses version numbers cannot make an old analysis look current.
   */
  readonly documents: TextDocuments<TextDocument>;
  /** The version the client gave the document's current text (what publishDiagnostics names). */
  clientVersion(uri: string): number | undefined;
}

/**
 * The open documents, as vscode-languageserver keeps them, with every edit seen on its way
 * in: each change is applied one at a time so its offsets in the text it applied to go to
 * the edit log, and the client's changes go on to the document's worker session as they
 * came (never the whole text again).
 */
export function createDocumentStore(log: EditLog, onEdit: EditListener): DocumentStore {
  let revision = 0;
  const clientVersions = new Map<string, number>();
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      clientVersions.set(uri, version);
      log.delete(uri);
      return TextDocument.create(uri, languageId, ++revision, content);
    },
    update: (document, changes, version) => {
      const from = document.version;
      const to = ++revision;
      clientVersions.set(document.uri, version);
      let updated = document;
      for (const change of changes) {
        const length = updated.getText().length;
        const [start, end] =
          'range' in change ? [updated.offsetAt(change.range.start), updated.offsetAt(change.range.end)] : [0, length];
        log.record(document.uri, to, Math.min(start, end), Math.max(start, end), change.text.length);
        updated = TextDocument.update(updated, [change], to);
      }
      onEdit(document.uri, from, to, changes);
      return updated;
    },
  });
  documents.onDidClose((e) => clientVersions.delete(e.document.uri));
  return { documents, clientVersion: (uri) => clientVersions.get(uri) };
}
