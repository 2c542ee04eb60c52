import type { RecoveryManager } from '@parsercraft/core';
import {
  DocumentDiagnosticReportKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Position,
  type Range,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisPool } from '../analysis/analysis-pool.js';
import { codeActions } from '../features/code-actions.js';
import { complete } from '../features/completion.js';
import { hover } from '../features/hover.js';
import { definition, documentSymbols, highlights, references } from '../features/navigation.js';
import { prepareRename, rename } from '../features/rename.js';
import { semanticTokens } from '../features/semantic-tokens.js';
import { signatureHelp } from '../features/signature-help.js';
import type { IndexView } from '../index/index-view.js';
import type { RunbookLinks } from '../protocol/runbook-links.js';
import { toLspDiagnostic } from '../protocol/to-lsp-diagnostic.js';
import { documentArgument } from './client-params.js';
import type { Cursor } from '../features/text-context.js';
import type { AnalysedState } from './document-states.js';
import { cancellable, type RequestGuard } from './request-guard.js';
import { COMMANDS } from '../protocol/parsercraft-protocol.js';

/** What the handlers need of the server: its documents, its analyses and its workers. */
export interface FeatureContext {
  readonly guards: RequestGuard;
  readonly documents: TextDocuments<TextDocument>;
  readonly recovery: RecoveryManager;
  snippets(): boolean;
  /** Answers from the index of the document's current text, waiting (bounded) for it; `none` without one. */
  withView<T>(
    uri: string,
    token: CancellationToken,
    none: T,
    answer: (view: IndexView, document: TextDocument) => T,
  ): Promise<T>;
  /** Answers at the cursor from the current index, or soon from the last one with the cursor mapped into its text. */
  withCursor<T>(
    uri: string,
    position: Position,
    token: CancellationToken,
    none: T,
    answer: (view: IndexView, cursor: Cursor) => T,
  ): Promise<T>;
  /** The diagnostics of the document's current version, waiting for them; undefined when it has none. */
  fresh(uri: string, token: CancellationToken): Promise<AnalysedState | undefined>;
  /** The index of the document's current version, waiting for it. */
  freshView(uri: string, token: CancellationToken): Promise<IndexView>;
  documentAndLanguage(uri: string): { document: TextDocument; language: { configPath: string } };
  /** Where a span of the text of a revision is in the document's current text (see edit-log.ts). */
  locate(uri: string, revision: number, from: number, to: number): Range | undefined;
  /** The version a workspace edit for the document names, when the client checks them (documentChanges). */
  editVersion(uri: string): number | undefined;
  pool(): AnalysisPool;
  jobId(): number;
  healthReport(): unknown;
  readonly runbook: RunbookLinks;
}

/** Wires every LSP feature request to its feature function, each inside the request guard. */
export function registerFeatures(c: Connection, x: FeatureContext): void {
  const { guards } = x;
  c.onHover((p, token) =>
    guards.request('textDocument/hover', token, () =>
      x.withView(p.textDocument.uri, token, null, (view, document) =>
        hover(view, {
          text: document.getText(),
          offset: document.offsetAt(p.position),
          indexOffset: view.offsetAt(p.position),
        }),
      ),
    ),
  );
  c.onDefinition((p, token) =>
    guards.request('textDocument/definition', token, () =>
      x.withView(p.textDocument.uri, token, null, (view) =>
        definition(view, p.textDocument.uri, view.offsetAt(p.position)),
      ),
    ),
  );
  c.onReferences((p, token) =>
    guards.request('textDocument/references', token, () =>
      x.withView(p.textDocument.uri, token, [], (view) =>
        references(view, p.textDocument.uri, view.offsetAt(p.position), p.context.includeDeclaration),
      ),
    ),
  );
  c.onDocumentHighlight((p, token) =>
    guards.request('textDocument/documentHighlight', token, () =>
      x.withView(p.textDocument.uri, token, [], (view) => highlights(view, view.offsetAt(p.position))),
    ),
  );
  c.onDocumentSymbol((p, token) =>
    guards.request('textDocument/documentSymbol', token, () =>
      x.withView(p.textDocument.uri, token, [], (view) => documentSymbols(view)),
    ),
  );
  c.onCompletion((p, token) =>
    guards.request('textDocument/completion', token, () =>
      x.withCursor(p.textDocument.uri, p.position, token, [], (view, at) => complete(view, at, x.snippets())),
    ),
  );
  c.onSignatureHelp((p, token) =>
    guards.request('textDocument/signatureHelp', token, () =>
      x.withCursor(p.textDocument.uri, p.position, token, null, (view, at) => signatureHelp(view, at)),
    ),
  );
  c.onPrepareRename((p, token) =>
    guards.request('textDocument/prepareRename', token, async () => {
      const view = await x.freshView(p.textDocument.uri, token);
      return prepareRename(view, view.offsetAt(p.position));
    }),
  );
  c.onRenameRequest((p, token) =>
    guards.request('textDocument/rename', token, async () => {
      const view = await x.freshView(p.textDocument.uri, token);
      return rename(view, p.textDocument.uri, view.offsetAt(p.position), p.newName);
    }),
  );
  c.languages.semanticTokens.on((p, token) =>
    guards.request('textDocument/semanticTokens/full', token, async () =>
      semanticTokens(await x.freshView(p.textDocument.uri, token)),
    ),
  );
  c.languages.semanticTokens.onRange((p, token) =>
    guards.request('textDocument/semanticTokens/range', token, async () => {
      const view = await x.freshView(p.textDocument.uri, token);
      return semanticTokens(view, view.offsetAt(p.range.start), view.offsetAt(p.range.end));
    }),
  );
  c.languages.diagnostics.on((p, token) =>
    guards.request('textDocument/diagnostic', token, async () => {
      const state = await x.fresh(p.textDocument.uri, token);
      if (!state) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      // By content, not version: a re-analysis of the same version with other findings is news.
      const { resultId } = state;
      if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items: [...state.diagnostics] };
    }),
  );
  c.onCodeAction((p, token) =>
    guards.request('textDocument/codeAction', token, () =>
      codeActions(
        p.textDocument.uri,
        p.context.diagnostics,
        p.context.only,
        (revision, from, to) => x.locate(p.textDocument.uri, revision, from, to),
        x.editVersion(p.textDocument.uri),
      ),
    ),
  );
  c.onDocumentFormatting((p, token) =>
    guards.request('textDocument/formatting', token, async () => {
      const { document, language } = x.documentAndLanguage(p.textDocument.uri);
      const result = await cancellable(
        token,
        x.pool().run(
          {
            kind: 'format',
            id: x.jobId(),
            uri: document.uri,
            version: document.version,
            configPath: language.configPath,
            options: p.options,
          },
          { priority: 0 },
        ),
      );
      if (x.documents.get(document.uri)?.version !== document.version)
        throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while it was being formatted.');
      return [...result.edits];
    }),
  );
  c.onExecuteCommand((p, token) =>
    guards.request('workspace/executeCommand', token, async () => {
      if (p.command === COMMANDS.health) return x.healthReport();
      if (p.command !== COMMANDS.generateC)
        throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command '${p.command}'.`);
      const uri = documentArgument(p.arguments);
      const { document, language } = x.documentAndLanguage(uri);
      const pool = x.pool();
      const id = x.jobId();
      const result = await cancellable(
        token,
        x.recovery.execute('lsp.codegen', ({ signal }) =>
          pool.run(
            {
              kind: 'generateC',
              id,
              uri,
              version: document.version,
              configPath: language.configPath,
            },
            { signal, priority: 0 },
          ),
        ),
      );
      return { c: result.c ?? null, diagnostics: result.diagnostics.map((d) => toLspDiagnostic(d, uri, x.runbook)) };
    }),
  );
}
