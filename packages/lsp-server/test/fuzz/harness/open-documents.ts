import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * The client's view of the documents it has open, kept with the same library editors use,
 * so "the current text" in the invariants is what an editor would hold. Every version's
 * text is kept too, so a diagnostic that names a version is checked against that version.
 */
export class OpenDocuments {
  private readonly current = new Map<string, TextDocument>();
  private readonly versions = new Map<string, Map<number, TextDocument>>();
  /** Every uri ever opened, closed or not, in order. */
  readonly everOpened: string[] = [];

  open(uri: string, languageId: string, version: number, text: string): TextDocument {
    const doc = TextDocument.create(uri, languageId, version, text);
    this.current.set(uri, doc);
    this.versions.set(uri, new Map([[version, doc]]));
    if (!this.everOpened.includes(uri)) this.everOpened.push(uri);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): TextDocument | undefined {
    const doc = this.current.get(uri);
    if (!doc) return undefined;
    // update() mutates; keep the old version's text as its own document.
    const copy = TextDocument.create(uri, doc.languageId, doc.version, doc.getText());
    const next = TextDocument.update(copy, changes, version);
    this.current.set(uri, next);
    this.versions.get(uri)?.set(version, TextDocument.create(uri, doc.languageId, version, next.getText()));
    return next;
  }

  close(uri: string): void {
    this.current.delete(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.current.get(uri);
  }

  atVersion(uri: string, version: number): TextDocument | undefined {
    return this.versions.get(uri)?.get(version);
  }

  isOpen(uri: string): boolean {
    return this.current.has(uri);
  }

  openUris(): string[] {
    return [...this.current.keys()];
  }

  /** A frozen copy of the current text, to check an answer against what was current when it was asked. */
  snapshot(uri: string): TextDocument | undefined {
    const doc = this.current.get(uri);
    return doc && TextDocument.create(uri, doc.languageId, doc.version, doc.getText());
  }
}
