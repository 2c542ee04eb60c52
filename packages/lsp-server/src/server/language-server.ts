import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { classify, createLogger, PcError } from '@parsercraft/core';
import type { Logger } from 'pino';
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisPool } from '../analysis/analysis-pool.js';
import { ServerCodes } from '../errors/server-codes.js';
import type { IndexView } from '../index/index-view.js';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../protocol/semantic-token-legend.js';
import { toLspDiagnostic } from '../protocol/to-lsp-diagnostic.js';
import { bindHealthPort, serveHealth } from '../health/health-http.js';
import { watchHeap } from '../health/heap-watch.js';
import { HEALTH_REQUEST, LOAD_ALLOWANCE_MS, ServerHealth, type ServerStatus } from '../health/server-health.js';
import { StatusReporter } from '../health/status-reporter.js';
import { DocumentAnalyzer } from './document-analyzer.js';
import { RunbookLinks } from '../protocol/runbook-links.js';
import { RUNBOOK_FILE } from '../runbook-file.js';
import { dependsOnPackages, installLanguagePackages } from '../workspace/install-language-packages.js';
import { COMMANDS } from '../protocol/parsercraft-protocol.js';
import { LanguageResolver } from '../workspace/language-resolver.js';
import { option, positive } from './client-params.js';
import { DocumentStates, type AnalysedState } from './document-states.js';
import { registerFeatures, type FeatureContext } from './feature-handlers.js';
import { cancellable, RequestGuard } from './request-guard.js';

export interface ServerOptions {
  /** Budget of one analysis; past it the worker is replaced and syntax-only results are served. Default 2,000 ms. */
  readonly analysisTimeoutMs?: number;
  /** Budget of C generation. Default 5,000 ms. */
  readonly codegenTimeoutMs?: number;
  /** Main-thread heap over which cached analyses are dropped and memory reports degraded. Default 1,024 MB. */
  readonly heapLimitMb?: number;
  /** Serve /healthz, /readyz and /metrics on 127.0.0.1 at this port (0: any free port). */
  readonly healthPort?: number;
  /** The same on a listener already bound (launchServer binds it before opening the transport); wins over `healthPort`. */
  readonly healthListener?: Server;
  /** Languages that apply when nothing else claims an extension (the CLI's bundled ones): `{id: {config, extensions}}`. */
  readonly defaultLanguages?: Readonly<
    Record<string, { readonly config: string; readonly extensions: readonly string[] }>
  >;
  /** Quiet time after an edit before analysing. Default 30 ms. */
  readonly debounceMs?: number;
  /** Documents larger than this (UTF-16 code units, about bytes) are not analysed. Default 5 MB. */
  readonly maxDocumentSize?: number;
  readonly logger?: Logger;
  /** The analysis worker's module, when a bundler put it somewhere else than beside the pool (the VS Code extension). */
  readonly workerUrl?: URL;
  /** The RUNBOOK.md diagnostics link to, when a bundler moved the server away from its package's copy (the VS Code extension). */
  readonly runbookFile?: URL;
}

/**
 * The ParserCraft language server on one connection: documents, which language each is in,
 * analyses in worker threads with hard deadlines, and every feature answered on the main
 * thread from the last good analysis of a document (see document-states.ts). Every handler
 * is wrapped, so an exception answers the request with a classified error (-32603, our code
 * in `data`) and the server keeps running.
 */
export class LanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly states = new DocumentStates();
  private readonly log: Logger;
  private readonly guards: RequestGuard;
  private resolver = new LanguageResolver(undefined);
  private pool: AnalysisPool | undefined;
  private analyzer: DocumentAnalyzer | undefined;
  private readonly health: ServerHealth;
  private readonly runbook: RunbookLinks;
  private reporter: StatusReporter | undefined;
  private stopHeapWatch: (() => void) | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Analyses started and not finished, for `quiescent`. */
  private running = 0;
  private maxDocumentSize = 5 * 2 ** 20;
  private initialized = false;
  private workspaceRoot: string | undefined;
  /** Aborts a background package install at shutdown. */
  private readonly installs = new AbortController();
  private shutdownRequested = false;
  /** The client pulls diagnostics (textDocument/diagnostic) instead of being pushed them. */
  private pullDiagnostics = false;
  private snippets = false;
  /** The client shows $/progress for work the server starts itself. */
  private progress = false;
  /** `initializationOptions.registry`: the registry list installs use over parsercraft.json's default (the editor's setting). */
  private registry: string | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: ServerOptions = {},
  ) {
    this.log = options.logger ?? createLogger({ name: 'parsercraft-lsp' });
    this.guards = new RequestGuard(this.log, () => this.shutdownRequested);
    this.runbook = new RunbookLinks(options.runbookFile ?? RUNBOOK_FILE);
    this.health = new ServerHealth({
      analysisTimeoutMs: options.analysisTimeoutMs ?? 2000,
      codegenTimeoutMs: options.codegenTimeoutMs ?? 5000,
      logger: this.log,
    });
  }

  /**
   * Starts serving; with a health port, binds it first, so a port it cannot have fails the
   * start before the client is answered. Resolves with the health port it got.
   */
  async listen(): Promise<{ healthPort?: number }> {
    const c = this.connection;
    const listener =
      this.options.healthListener ??
      (this.options.healthPort === undefined ? undefined : await bindHealthPort(this.options.healthPort));
    c.onInitialize((params) => this.guards.guard('initialize', () => this.initialize(params)));
    c.onInitialized(() => {
      this.initialized = true;
      this.reporter?.start();
      void this.reloadLanguages(false).then(() => this.installPackages());
    });
    c.onShutdown(() =>
      this.guards.guard('shutdown', async () => {
        this.shutdownRequested = true;
        this.installs.abort();
        this.stopHeapWatch?.();
        this.reporter?.dispose();
        await this.pool?.dispose();
      }),
    );
    c.onRequest(HEALTH_REQUEST, (token: CancellationToken) =>
      this.guards.request(HEALTH_REQUEST, token, () => this.healthReport()),
    );
    c.onDidChangeConfiguration(() => void this.reloadLanguages(true));
    this.documents.onDidChangeContent((e) => {
      this.states.changed(e.document.uri, e.document.version);
      this.schedule(e.document.uri);
    });
    // A saved config changes what its documents mean: analyse them again (the worker reloads a config whose file changed).
    this.documents.onDidSave((e) => {
      if (!this.isConfig(e.document.uri)) return;
      const path = fileURLToPath(e.document.uri);
      for (const d of this.documents.all())
        if (this.resolver.languageOf(d.uri)?.configPath === path) this.schedule(d.uri);
    });
    this.documents.onDidClose((e) => {
      clearTimeout(this.pending.get(e.document.uri));
      this.pending.delete(e.document.uri);
      this.states.delete(e.document.uri);
      this.pool?.forget(e.document.uri);
      if (!this.pullDiagnostics) void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    this.documents.listen(c);
    registerFeatures(this.connection, this.featureContext());
    c.listen();
    if (listener === undefined) return {};
    const port = serveHealth(listener, this.health, () => this.initialized && !this.shutdownRequested);
    this.log.info({ port }, 'health endpoints listening on 127.0.0.1');
    return { healthPort: port };
  }

  /** Core's full health snapshot, the status as last reported, and the latest recoveries. */
  private healthReport(): unknown {
    return {
      status: this.status(),
      snapshot: this.health.registry.snapshot(),
      recoveries: this.health.recovery.history(50),
    };
  }

  private status(): ServerStatus {
    return this.health.status(this.quiescent());
  }

  private quiescent(): boolean {
    return this.running === 0 && this.pending.size === 0;
  }

  /** What the feature handlers need of the server (see feature-handlers.ts). */
  private featureContext(): FeatureContext {
    return {
      guards: this.guards,
      documents: this.documents,
      snippets: () => this.snippets,
      withView: (uri, token, none, answer) => this.withView(uri, token, none, answer),
      fresh: (uri, token) => this.fresh(uri, token),
      freshView: (uri, token) => this.freshView(uri, token),
      documentAndLanguage: (uri) => this.documentAndLanguage(uri),
      pool: () => this.requirePool(),
      jobId: () => this.requireAnalyzer().jobId(),
      recovery: this.health.recovery,
      healthReport: () => this.healthReport(),
      runbook: this.runbook,
    };
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    this.workspaceRoot = root ? fileURLToPath(root) : undefined;
    this.resolver = new LanguageResolver(this.workspaceRoot, this.options.defaultLanguages);
    await this.resolver.reload(option(params.initializationOptions, 'languages'));
    const registry = option(params.initializationOptions, 'registry');
    this.registry = typeof registry === 'string' && registry.trim() !== '' ? registry.trim() : undefined;
    this.maxDocumentSize =
      positive(option(params.initializationOptions, 'maxDocumentSize')) ??
      this.options.maxDocumentSize ??
      this.maxDocumentSize;
    const text = params.capabilities.textDocument;
    this.pullDiagnostics = text?.diagnostic !== undefined;
    this.snippets = text?.completion?.completionItem?.snippetSupport === true;
    this.progress = params.capabilities.window?.workDoneProgress === true;
    const init: unknown = params.initializationOptions;
    const analysisTimeoutMs = positive(option(init, 'analysisTimeoutMs')) ?? this.options.analysisTimeoutMs ?? 2000;
    const codegenTimeoutMs = positive(option(init, 'codegenTimeoutMs')) ?? this.options.codegenTimeoutMs ?? 5000;
    this.health.setTimeouts(analysisTimeoutMs, codegenTimeoutMs);
    // Full analyses get analysisTimeoutMs of running time (see document-analyzer.ts); other
    // jobs, a syntax-only analysis on a fresh worker included, get this default.
    this.pool = new AnalysisPool({
      deadlineMs: analysisTimeoutMs + 2000,
      loadAllowanceMs: LOAD_ALLOWANCE_MS,
      ...(this.options.workerUrl && { workerUrl: this.options.workerUrl }),
    });
    this.pool.on('replaced', ({ reason, uri, kind }) => this.log.warn({ err: reason, uri, kind }, 'worker replaced'));
    this.analyzer = new DocumentAnalyzer(this.pool, this.health, this.log, analysisTimeoutMs, this.runbook);
    const experimental = params.capabilities.experimental as { parsercraftServerStatus?: unknown } | undefined;
    this.reporter = new StatusReporter(
      this.connection,
      this.health,
      experimental?.parsercraftServerStatus === true,
      () => this.quiescent(),
    );
    const pool = this.pool;
    const memory = this.health.registry.get('memory');
    const heapLimitMb = positive(option(init, 'heapLimitMb')) ?? this.options.heapLimitMb ?? 1024;
    if (memory)
      this.stopHeapWatch = watchHeap({
        limitBytes: heapLimitMb * 2 ** 20,
        intervalMs: 2000,
        component: memory,
        dropCaches: () => pool.forget(),
      });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: ['.'] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        renameProvider: { prepareProvider: true },
        semanticTokensProvider: {
          legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
          full: true,
          range: true,
        },
        diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentFormattingProvider: true,
        executeCommandProvider: { commands: [COMMANDS.generateC, COMMANDS.health] },
      },
      serverInfo: { name: 'parsercraft-lsp', version: '0.1.0' },
    };
  }

  /**
   * Installs the language packages parsercraft.json depends on, in the background (with
   * $/progress when the client shows it), then serves their languages. The registry being
   * unreachable is what health reports; the editor keeps working meanwhile.
   */
  private async installPackages(): Promise<void> {
    const component = this.health.registry.get('packages');
    if (!this.workspaceRoot || !component || this.shutdownRequested || !(await dependsOnPackages(this.workspaceRoot)))
      return;
    const progress = this.progress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('ParserCraft', undefined, 'Installing language packages', false);
    try {
      const result = await installLanguagePackages({
        projectDir: this.workspaceRoot,
        recovery: this.health.recovery,
        component,
        logger: this.log,
        signal: this.installs.signal,
        ...(this.registry !== undefined && { registry: this.registry }),
      });
      if (result && !this.shutdownRequested) await this.reloadLanguages(true);
    } finally {
      progress?.done();
    }
  }

  /**
   * Reads the languages again and re-analyses every open document (with $/progress when the
   * client shows it) if `force` or the languages changed: a configuration change may be an
   * edited config file, but the first read after initialize usually changes nothing.
   */
  private async reloadLanguages(force: boolean): Promise<void> {
    const changed = await this.resolver.reload(await this.settings());
    for (const problem of this.resolver.problems) this.log.warn({ file: problem.file }, problem.message);
    if (!changed && !force) return;
    const documents = this.documents.all().filter((d) => this.resolver.languageOf(d.uri));
    if (!this.progress || documents.length === 0) {
      for (const document of this.documents.all()) this.schedule(document.uri);
      return;
    }
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin(
      'ParserCraft',
      0,
      `Analysing ${documents.length} open document${documents.length === 1 ? '' : 's'}`,
      false,
    );
    let done = 0;
    await Promise.all(
      documents.map(async (d) => {
        await this.analyze(d.uri);
        done++;
        progress.report(Math.round((done / documents.length) * 100), `${done} of ${documents.length}`);
      }),
    );
    progress.done();
  }

  private async settings(): Promise<unknown> {
    try {
      const config = (await this.connection.workspace.getConfiguration('parsercraft')) as {
        languages?: unknown;
      } | null;
      return config?.languages;
    } catch {
      // A client without workspace/configuration: initializationOptions were all it gave.
      return undefined;
    }
  }

  /** Analyses a document once edits to it pause for the debounce time. */
  private schedule(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        void this.analyze(uri);
      }, this.options.debounceMs ?? 30),
    );
  }

  private async analyze(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    const language = this.resolver.languageOf(uri);
    if (document && !language && this.isConfig(uri)) return this.checkConfig(document);
    if (!document || !language || !this.analyzer) return;
    const version = document.version;
    const text = document.getText();
    if (text.length > this.maxDocumentSize) return this.tooLarge(uri, version, text.length, this.maxDocumentSize);
    this.running++;
    this.reporter?.update();
    try {
      const current = (): boolean => this.documents.get(uri)?.version === version;
      const outcome = await this.analyzer.analyze({ uri, version, text, configPath: language.configPath, current });
      // An edit arrived meanwhile: its own analysis will publish.
      if (!outcome || !current()) return;
      this.connection.tracer.log(`analysed ${uri} (version ${version}) in ${outcome.elapsedMs.toFixed(1)} ms`);
      this.states.setDiagnostics(uri, version, outcome.diagnostics);
      if (!this.pullDiagnostics)
        await this.connection.sendDiagnostics({ uri, version, diagnostics: outcome.diagnostics });
      if (!outcome.index) {
        this.states.viewFailed(
          uri,
          version,
          new ResponseError(LSPErrorCodes.RequestFailed, `${uri} could not be analysed.`),
        );
        return;
      }
      // While the user types, each version's index would hold up the next version's analysis
      // in the worker; build it only once edits pause, and answer from the last one meanwhile.
      await new Promise((resolve) => setTimeout(resolve, this.options.debounceMs ?? 30));
      if (!current()) return;
      try {
        const view = await outcome.index();
        if (current()) this.states.setView(uri, view);
      } catch (error) {
        const e = classify(error);
        // Cancelled by shutdown: nothing failed, and a warning would say otherwise.
        if (e.code === 'PC_CANCELLED' && this.shutdownRequested)
          this.log.debug({ uri }, 'indexing cancelled by shutdown');
        else this.log.warn({ err: e, uri }, 'indexing failed');
        this.states.viewFailed(uri, version, e);
      }
    } finally {
      this.running--;
      this.reporter?.update();
    }
  }

  /** A language config the workspace uses, open in the editor. */
  private isConfig(uri: string): boolean {
    return uri.startsWith('file:') && this.resolver.configPaths().includes(fileURLToPath(uri));
  }

  /** A config being edited gets the findings loading it would give, located in its text. */
  private async checkConfig(document: TextDocument): Promise<void> {
    const { uri, version } = document;
    let diagnostics: LspDiagnostic[];
    try {
      const result = await this.requirePool().run({
        kind: 'config',
        id: this.requireAnalyzer().jobId(),
        uri,
        configPath: fileURLToPath(uri),
        text: document.getText(),
      });
      diagnostics = result.diagnostics.map((d) => toLspDiagnostic(d, uri, this.runbook));
    } catch (error) {
      const e = classify(error);
      this.log.warn({ err: e, uri }, 'config check failed');
      diagnostics = [
        toLspDiagnostic(
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: 'warning',
            code: e.code,
            message: `Checking this config failed: ${e.message}`,
            source: 'parsercraft-lsp',
          },
          uri,
          this.runbook,
        ),
      ];
    }
    if (this.documents.get(uri)?.version !== version) return;
    this.states.setDiagnostics(uri, version, diagnostics);
    this.states.viewFailed(
      uri,
      version,
      new ResponseError(LSPErrorCodes.RequestFailed, `${uri} is a language config, not a program.`),
    );
    if (!this.pullDiagnostics) await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** One diagnostic instead of an analysis: a huge document would stall every worker. */
  private async tooLarge(uri: string, version: number, size: number, limit: number): Promise<void> {
    const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
    const error = new PcError(
      ServerCodes.PC_SERVER_DOCUMENT_TOO_LARGE,
      `Analysis is off for this document: it is ${mb(size)}, over the ${mb(limit)} limit.`,
      { context: { uri, size, limit } },
    );
    this.log.warn({ err: error }, 'document too large to analyse');
    const diagnostics = [
      toLspDiagnostic(
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'warning',
          code: error.code,
          message: error.message,
          source: 'parsercraft-lsp',
        },
        uri,
        this.runbook,
      ),
    ];
    this.states.setDiagnostics(uri, version, diagnostics);
    this.states.viewFailed(uri, version, error);
    if (!this.pullDiagnostics) await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /**
   * Answers from the last good index of a document, whatever version it is of; only before
   * the first one exists does it wait (for the current version's), as an editor opening a
   * file expects. `none` when the document is not open, in no language, or failed analysis.
   */
  private async withView<T>(
    uri: string,
    token: CancellationToken,
    none: T,
    answer: (view: IndexView, document: TextDocument) => T,
  ): Promise<T> {
    const document = this.documents.get(uri);
    if (!document || !this.resolver.languageOf(uri)) return none;
    let view = this.states.get(uri)?.view;
    if (!view) {
      try {
        view = (await this.fresh(uri, token, 'view')).view;
      } catch (error) {
        if (
          error instanceof ResponseError &&
          (error.code === LSPErrorCodes.RequestCancelled || error.code === LSPErrorCodes.ContentModified)
        )
          throw error;
        return none;
      }
    }
    const current = this.documents.get(uri);
    return view && current ? answer(view, current) : none;
  }

  /** The analysis of the document's current version, waiting for it if need be. */
  private fresh(
    uri: string,
    token: CancellationToken,
    wanted: 'diagnostics' | 'view' = 'diagnostics',
  ): Promise<AnalysedState> {
    const document = this.documents.get(uri);
    if (!document) return Promise.reject(new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open.`));
    if (!this.resolver.languageOf(uri) && !(wanted === 'diagnostics' && this.isConfig(uri))) {
      return Promise.reject(
        new ResponseError(LSPErrorCodes.RequestFailed, `No ParserCraft language is configured for ${uri}.`),
      );
    }
    return cancellable(token, this.states.when(uri, document.version, wanted));
  }

  /** The index of the document's current version, waiting for it; refused when its analysis failed. */
  private async freshView(uri: string, token: CancellationToken): Promise<IndexView> {
    const state = await this.fresh(uri, token, 'view');
    if (!state.view) throw new ResponseError(LSPErrorCodes.RequestFailed, `${uri} could not be analysed.`);
    return state.view;
  }

  private documentAndLanguage(uri: string): { document: TextDocument; language: { configPath: string } } {
    const document = this.documents.get(uri);
    if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open.`);
    const language = this.resolver.languageOf(uri);
    if (!language)
      throw new ResponseError(LSPErrorCodes.RequestFailed, `No ParserCraft language is configured for ${uri}.`);
    return { document, language };
  }

  private requirePool(): AnalysisPool {
    if (!this.pool) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized.');
    return this.pool;
  }

  private requireAnalyzer(): DocumentAnalyzer {
    if (!this.analyzer) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized.');
    return this.analyzer;
  }
}
