import { fileURLToPath } from 'node:url';
import { classify, createLogger, PcError } from '@parsercraft/core';
import { CODEGEN_CODES, PROTOCOL_CODES } from '@parsercraft/language';
import type { Logger } from 'pino';
import {
  ErrorCodes, ResponseError, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisPool } from '../analysis/analysis-pool.js';
import { ServerCodes } from '../errors/server-codes.js';
import { toLspDiagnostic } from '../protocol/to-lsp-diagnostic.js';
import { LanguageResolver } from '../workspace/language-resolver.js';

export interface ServerOptions {
  /** Hard deadline of one analysis; past it the worker is replaced. Default 5,000 ms. */
  readonly analysisDeadlineMs?: number;
  /** Quiet time after an edit before analysing. Default 30 ms. */
  readonly debounceMs?: number;
  /** Documents larger than this (UTF-16 code units, about bytes) are not analysed. Default 5 MB. */
  readonly maxDocumentSize?: number;
  readonly logger?: Logger;
}

const RUNBOOK_CODES: ReadonlySet<string> = new Set([...Object.keys(PROTOCOL_CODES), ...Object.keys(CODEGEN_CODES)]);

/**
 * The ParserCraft language server on one connection: documents, which language each is in,
 * and diagnostics from analyses that run in worker threads with hard deadlines. Every
 * handler is wrapped, so an exception answers the request with a classified error
 * (-32603, our code in `data`) and the server keeps running.
 */
export class LanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly log: Logger;
  private resolver = new LanguageResolver(undefined);
  private pool: AnalysisPool | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private nextJob = 1;
  private maxDocumentSize = 5 * 2 ** 20;

  constructor(private readonly connection: Connection, private readonly options: ServerOptions = {}) {
    this.log = options.logger ?? createLogger({ name: 'parsercraft-lsp' });
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.guard('initialize', () => this.initialize(params)));
    c.onInitialized(() => void this.reloadLanguages());
    c.onShutdown(() => this.guard('shutdown', () => this.pool?.dispose()));
    c.onDidChangeConfiguration(() => void this.reloadLanguages());
    this.documents.onDidChangeContent((e) => this.schedule(e.document.uri));
    this.documents.onDidClose((e) => {
      clearTimeout(this.pending.get(e.document.uri));
      this.pending.delete(e.document.uri);
      this.pool?.forget(e.document.uri);
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    this.documents.listen(c);
    c.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    this.resolver = new LanguageResolver(root ? fileURLToPath(root) : undefined);
    await this.resolver.reload(option(params.initializationOptions, 'languages'));
    const size = option(params.initializationOptions, 'maxDocumentSize');
    this.maxDocumentSize = (typeof size === 'number' && size > 0 ? size : undefined) ?? this.options.maxDocumentSize ?? this.maxDocumentSize;
    this.pool = new AnalysisPool({ deadlineMs: this.options.analysisDeadlineMs ?? 5000 });
    this.pool.on('replaced', ({ reason, uri }) => this.log.warn({ err: reason, uri }, 'analysis worker replaced'));
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'parsercraft-lsp', version: '0.1.0' },
    };
  }

  private async reloadLanguages(): Promise<void> {
    await this.resolver.reload(await this.settings());
    for (const problem of this.resolver.problems) this.log.warn({ file: problem.file }, problem.message);
    for (const document of this.documents.all()) this.schedule(document.uri);
  }

  private async settings(): Promise<unknown> {
    try {
      const config = (await this.connection.workspace.getConfiguration('parsercraft')) as { languages?: unknown } | null;
      return config?.languages;
    } catch {
      // A client without workspace/configuration: initializationOptions were all it gave.
      return undefined;
    }
  }

  /** Analyses a document once edits to it pause for the debounce time. */
  private schedule(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      void this.analyze(uri);
    }, this.options.debounceMs ?? 30));
  }

  private async analyze(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    const language = this.resolver.languageOf(uri);
    if (!document || !language || !this.pool) return;
    const version = document.version;
    const text = document.getText();
    if (text.length > this.maxDocumentSize) return this.tooLarge(uri, version, text.length, this.maxDocumentSize);
    try {
      const result = await this.pool.run({
        kind: 'analyze', id: this.nextJob++, uri, version, configPath: language.configPath, text, protocols: true,
      });
      // An edit arrived meanwhile: its own analysis will publish.
      if (this.documents.get(uri)?.version !== version) return;
      const all = [...result.diagnostics, ...(result.protocolDiagnostics ?? [])];
      await this.connection.sendDiagnostics({ uri, version, diagnostics: all.map((d) => toLspDiagnostic(d, uri, RUNBOOK_CODES)) });
    } catch (error) {
      const e = classify(error);
      this.log.warn({ err: e, uri }, 'analysis failed');
    }
  }

  /** One diagnostic instead of an analysis: a huge document would stall every worker. */
  private async tooLarge(uri: string, version: number, size: number, limit: number): Promise<void> {
    const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
    const error = new PcError(ServerCodes.PC_SERVER_DOCUMENT_TOO_LARGE, `Analysis is off for this document: it is ${mb(size)}, over the ${mb(limit)} limit.`, { context: { uri, size, limit } });
    this.log.warn({ err: error }, 'document too large to analyse');
    await this.connection.sendDiagnostics({
      uri, version,
      diagnostics: [toLspDiagnostic({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: error.code, message: error.message, source: 'parsercraft-lsp',
      }, uri, RUNBOOK_CODES)],
    });
  }

  /** Runs a handler; anything it throws becomes a ResponseError with our code in `data`. */
  private async guard<T>(method: string, fn: () => T | Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const e = classify(error);
      this.log.error({ err: e, method }, 'request handler failed');
      throw new ResponseError(ErrorCodes.InternalError, e.message, { code: e.code, runbook: e.runbook, id: e.id });
    }
  }
}

/** One key of the client's initializationOptions, whatever shape the client sent. */
function option(options: unknown, key: string): unknown {
  return options && typeof options === 'object' ? (options as Record<string, unknown>)[key] : undefined;
}


