import { startInitialized, type RawLspClient } from './raw-lsp-client.js';
import { lastPublished, quiesce } from './quiescence.js';
import type { LspDiagnostic } from './lsp-result-schemas.js';

/**
 * A second server that only ever sees one clean didOpen per document: what a fresh server
 * says about a text, for the convergence invariant. It opens the same uri in the same
 * workspace (a separate process, so nothing is shared) and closes it again after.
 */
export class ReferenceServer {
  private client: RawLspClient | undefined;

  constructor(private readonly root: string) {}

  async diagnostics(uri: string, languageId: string, text: string): Promise<LspDiagnostic[] | string> {
    // A reference that died on an earlier document is started again: it is not under test here.
    if (!this.client?.alive()) this.client = await startInitialized({ root: this.root });
    const client = this.client;
    const since = client.mark();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const settled = await quiesce(client);
    const published = lastPublished(client, uri, since);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    if (!settled.ok) return `the reference server: ${settled.problem}`;
    return published?.diagnostics ?? [];
  }

  stop(): void {
    this.client?.kill();
  }
}
