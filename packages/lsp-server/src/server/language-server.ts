import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { classify, createLogger, PcError } from '@parsercraft/core';
import type { Logger } from 'pino';
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
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
import type { Cursor } from '../features/text-context.js';
import type { DiagnosticData } from '../protocol/diagnostic-data.js';
import { sealFixes } from '../protocol/fix-seal.js';
import { RunbookLinks } from '../protocol/runbook-links.js';
import { RUNBOOK_FILE } from '../runbook-file.js';
import { dependsOnPackages, installLanguagePackages } from '../workspace/install-language-packages.js';
import { COMMANDS } from '../protocol/parsercraft-protocol.js';
import { filePathOf } from '../protocol/document-uri.js';
import { LanguageResolver } from '../workspace/language-resolver.js';
import { option, positive } from './client-params.js';
import { TypingPause } from './typing-pause.js';
import { AnalysisScheduler } from './analysis-scheduler.js';
import { DegradedDocuments } from './degraded-documents.js';
import { createDocumentStore } from './document-store.js';
import { DocumentStates, WaitTimedOut, type AnalysedState } from './document-states.js';
import { EditLog } from './edit-log.js';
import { registerFeatures, type FeatureContext } from './feature-handlers.js';
import { cancellable, guardedNotifications, RequestGuard } from './request-guard.js';

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
  /**
   * Quiet time after an edit before analysing. Default 15 ms: it only has to gather the
   * changes a client sends in one burst (a paste, a multi-cursor edit, a format), which
   * arrive within milliseconds; keystrokes are farther apart than any debounce worth having,
   * and a job for a version typed over is dropped before it runs anyway.
   */
  readonly debounceMs?: number;
  /**
   * How long a request waits for the analysis of the document's current text before it is
   * answered empty (or, for completion and signature help, from the last index, through
   * the edits since). Default 1,500 ms.
   */
  readonly requestWaitMs?: number;
  /** Analysis worker threads. Default: the machine's cores, at least 2 and at most 4. */
  readonly workers?: number;
  /** Each analysis worker's heap cap; a worker over it is replaced and its job degrades. Default 512 MB. */
  readonly workerHeapMb?: number;
  /** Documents larger than this (UTF-16 code units, about bytes) are not analysed. Default 5 MB. */
  readonly maxDocumentSize?: number;
  readonly logger?: Logger;
  /** The analysis worker's module, when a bundler put it somewhere else than beside the pool (the VS Code extension). */
  readonly workerUrl?: URL;
  /** The RUNBOOK.md diagnostics link to, when a bundler moved the server away from its package's copy (the VS Code extension). */
  readonly runbookFile?: URL;
}

const DEBOUNCE_MS = 15;
/** While the user types, a version's index is built only once no edit came for this long after its diagnostics. */
const INDEX_PAUSE_MS = 50;
/** Completion and signature help wait this long for the current index before answering from the last one. */
const TYPING_WAIT_MS = 150;
/** An edit this recent means the user is typing: the index waits for a pause (see analyse). */
const TYPING_MS = 500;

/**
 * The ParserCraft language server on one connection: documents, which language each is in,
 * analyses in worker threads with hard deadlines, and every feature answered on the main
 * thread from the analysis of the document's current text (see ARCHITECTURE.md, "The edit
 * path"). Every handler is wrapped, so an exception answers the request with a classified
 * error (-32603, our code in `data`) and the server keeps running.
 */
export class LanguageServer {
  private readonly edits = new EditLog();
  /** When each document was last edited, to tell typing from a one-off change. */
  private readonly editedAt = new Map<string, number>();
  private readonly typingPause = new TypingPause();
  private readonly store = createDocumentStore(this.edits, (uri, from, to, changes) => {
    this.editedAt.set(uri, performance.now());
    this.typingPause.edited(uri);
    this.pool?.changed(uri, from, to, changes);
  });
  /** Their `version` is the server's revision (see document-store.ts); the client's is store.clientVersion. */
  private readonly documents = this.store.documents;
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
  private scheduler: AnalysisScheduler | undefined;
  private readonly degraded: DegradedDocuments;
  private requestWaitMs = 1500;
  /** The client pulls diagnostics and can be asked to pull them again (workspace/diagnostic/refresh). */
  private refreshSupport = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private maxDocumentSize = 5 * 2 ** 20;
  private initialized = false;
  private workspaceRoot: string | undefined;
  /** Aborts a background package install at shutdown. */
  private readonly installs = new AbortController();
  private shutdownRequested = false;
  /** The transport broke (transportFailed): not ready, whatever else holds. */
  private transportBroken = false;
  /** The client pulls diagnostics (textDocument/diagnostic) instead of being pushed them. */
  private pullDiagnostics = false;
  private snippets = false;
  /** The client takes workspace edits that name a document version (and refuses them for another). */
  private versionedEdits = false;
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
    this.degraded = new DegradedDocuments(this.health.registry.get('analysis'));
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
    // Notification handlers run guarded: what they throw or reject with is logged, and serving goes on.
    const on = guardedNotifications(c, this.documents, this.guards);
    on.initialized(() => {
      this.initialized = true;
      this.reporter?.start();
      return this.reloadLanguages(false).then(() => this.installPackages());
    });
    c.onShutdown(() =>
      this.guards.guard('shutdown', async () => {
        this.shutdownRequested = true;
        this.installs.abort();
        this.stopHeapWatch?.();
        this.reporter?.dispose();
        this.scheduler?.dispose();
        this.typingPause.dispose();
        clearTimeout(this.refreshTimer);
        await this.pool?.dispose();
      }),
    );
    c.onRequest(HEALTH_REQUEST, (token: CancellationToken) =>
      this.guards.request(HEALTH_REQUEST, token, () => this.healthReport()),
    );
    on.didChangeConfiguration(() => this.reloadLanguages(true));
    on.didChangeContent((e) => {
      const { uri, version } = e.document;
      this.states.changed(uri, version);
      this.scheduler?.schedule(uri, 'edit');
    });
    // A saved config changes what its documents mean: analyse them again (the worker reloads a config whose file changed).
    on.didSave((e) => {
      if (!this.isConfig(e.document.uri)) return;
      const path = filePathOf(e.document.uri);
      for (const d of this.documents.all())
        if (this.resolver.languageOf(d.uri)?.configPath === path) this.scheduler?.schedule(d.uri, 'background');
    });
    on.didClose((e) => {
      const { uri } = e.document;
      this.scheduler?.cancel(uri);
      this.states.delete(uri);
      this.edits.delete(uri);
      this.editedAt.delete(uri);
      this.typingPause.edited(uri);
      this.pool?.close(uri);
      this.analyzer?.release(uri);
      this.degraded.recovered(uri);
      this.health.workersRecovered(uri);
      if (!this.pullDiagnostics) void c.sendDiagnostics({ uri, diagnostics: [] });
    });
    this.documents.listen(c);
    registerFeatures(this.connection, this.featureContext());
    c.listen();
    if (listener === undefined) return {};
    const ready = (): boolean => this.initialized && !this.shutdownRequested && !this.transportBroken;
    const port = serveHealth(listener, this.health, ready);
    this.log.info({ port }, 'health endpoints listening on 127.0.0.1');
    return { healthPort: port };
  }

  /**
   * The transport can carry no more messages (a framing error, see protocol/gate/): /readyz
   * answers 503 from now on, and the log says why, before the process ends.
   */
  transportFailed(error: PcError): void {
    this.transportBroken = true;
    this.log.fatal({ err: error }, 'the transport failed; the server stops');
  }

  /** Core's full health snapshot, the status as last reported, the documents and the latest recoveries. */
  private healthReport(): unknown {
    return {
      status: this.status(),
      documents: {
        open: this.documents.keys().length,
        waiting: this.scheduler?.backlog ?? 0,
        degraded: this.degraded.list(),
      },
      snapshot: this.health.registry.snapshot(),
      recoveries: this.health.recovery.history(50),
    };
  }

  private status(): ServerStatus {
    return this.health.status(this.quiescent());
  }

  private quiescent(): boolean {
    return this.scheduler?.idle ?? true;
  }

  /** What the feature handlers need of the server (see feature-handlers.ts). */
  private featureContext(): FeatureContext {
    return {
      guards: this.guards,
      documents: this.documents,
      snippets: () => this.snippets,
      withView: (uri, token, none, answer) => this.withView(uri, token, none, answer),
      withCursor: (uri, position, token, none, answer) => this.withCursor(uri, position, token, none, answer),
      fresh: (uri, token) => this.fresh(uri, token),
      freshView: (uri, token) => this.freshView(uri, token),
      documentAndLanguage: (uri) => this.documentAndLanguage(uri),
      locate: (uri, revision, from, to) => this.locate(uri, revision, from, to),
      editVersion: (uri) => (this.versionedEdits ? this.store.clientVersion(uri) : undefined),
      pool: () => this.requirePool(),
      jobId: () => this.requireAnalyzer().jobId(),
      recovery: this.health.recovery,
      healthReport: () => this.healthReport(),
      runbook: this.runbook,
    };
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    // LSP allows one initialize per connection; a second would leak a worker pool each time.
    if (this.pool) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is already initialized.');
    const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    this.workspaceRoot = root ? filePathOf(root) : undefined;
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
    this.refreshSupport = this.pullDiagnostics && params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    this.snippets = text?.completion?.completionItem?.snippetSupport === true;
    this.versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    this.progress = params.capabilities.window?.workDoneProgress === true;
    const init: unknown = params.initializationOptions;
    const analysisTimeoutMs = positive(option(init, 'analysisTimeoutMs')) ?? this.options.analysisTimeoutMs ?? 2000;
    const codegenTimeoutMs = positive(option(init, 'codegenTimeoutMs')) ?? this.options.codegenTimeoutMs ?? 5000;
    this.requestWaitMs = positive(option(init, 'requestWaitMs')) ?? this.options.requestWaitMs ?? this.requestWaitMs;
    this.health.setTimeouts(analysisTimeoutMs, codegenTimeoutMs);
    // Full analyses get analysisTimeoutMs of running time (see document-analyzer.ts); other
    // jobs, a syntax-only analysis on a fresh worker included, get this default.
    const pool = new AnalysisPool({
      deadlineMs: analysisTimeoutMs + 2000,
      loadAllowanceMs: LOAD_ALLOWANCE_MS,
      source: (uri) => {
        const document = this.documents.get(uri);
        return document && { version: document.version, text: document.getText() };
      },
      ...(this.options.workers !== undefined && { size: this.options.workers }),
      workerHeapMb: positive(option(init, 'workerHeapMb')) ?? this.options.workerHeapMb ?? 512,
      ...(this.options.workerUrl && { workerUrl: this.options.workerUrl }),
    });
    this.pool = pool;
    pool.on('replaced', ({ reason, uri, kind }) => {
      this.log.warn({ err: reason, uri, kind }, 'worker replaced');
      this.health.workerReplaced(reason, uri);
    });
    this.analyzer = new DocumentAnalyzer(pool, this.health, this.log, analysisTimeoutMs, this.runbook);
    this.scheduler = new AnalysisScheduler({
      concurrency: pool.size,
      debounceMs: this.options.debounceMs ?? DEBOUNCE_MS,
      analyse: (uri, release) => this.analyze(uri, release),
      log: this.log,
      onChange: () => this.reporter?.update(),
    });
    const experimental = params.capabilities.experimental as { parsercraftServerStatus?: unknown } | undefined;
    this.reporter = new StatusReporter(
      this.connection,
      this.health,
      experimental?.parsercraftServerStatus === true,
      () => this.quiescent(),
    );
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
    const scheduler = this.scheduler;
    if (!scheduler) return;
    for (const document of this.documents.all()) scheduler.schedule(document.uri, 'background');
    const documents = this.documents.all().filter((d) => this.resolver.languageOf(d.uri));
    if (!this.progress || documents.length === 0) return;
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
        await scheduler.settled(d.uri);
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

  /**
   * Analyses a document's current version and publishes the outcome, then builds its index
   * (the scheduler calls it, so admission never drops a document). While the user types,
   * each version's index would hold up the next version's analysis in the worker: the index
   * is built only once edits pause, and requests wait for it (see withView). The pause
   * gives the scheduler's slot back (`release`), so other documents' analyses do not queue
   * behind a timer either.
   */
  private async analyze(uri: string, release: () => void): Promise<void> {
    const document = this.documents.get(uri);
    const language = this.resolver.languageOf(uri);
    if (document && !language && this.isConfig(uri)) return this.checkConfig(document);
    if (!document || !this.analyzer) return;
    const version = document.version;
    if (!language) {
      this.states.setDiagnostics(uri, version, []);
      this.states.viewFailed(uri, version, notAnalysed(uri, 'no ParserCraft language is configured for it'));
      return;
    }
    const size = document.getText().length;
    if (size > this.maxDocumentSize) return this.tooLarge(uri, version, size, this.maxDocumentSize);
    const current = (): boolean => this.documents.get(uri)?.version === version;
    const analyzer = this.analyzer;
    const outcome = await analyzer.analyze({ uri, version, configPath: language.configPath, current, priority: 1 });
    // Closed while it ran: the run made its breakers again, and nothing else would release them.
    if (!this.documents.get(uri)) analyzer.release(uri);
    // An edit arrived meanwhile: its own analysis will publish.
    if (!outcome || !current()) return;
    this.connection.tracer.log(
      `analysed ${uri} (version ${this.store.clientVersion(uri) ?? '?'}) in ${outcome.elapsedMs.toFixed(1)} ms`,
    );
    this.publish(uri, version, outcome.diagnostics);
    if (outcome.degradedBy) {
      const retryMs = this.degraded.degraded(uri, outcome.degradedBy);
      this.scheduler?.schedule(uri, 'background', retryMs);
    } else {
      this.degraded.recovered(uri);
      this.health.workersRecovered(uri);
    }
    if (!outcome.index) {
      this.states.viewFailed(
        uri,
        version,
        notAnalysed(uri, `its analysis failed (${outcome.degradedBy?.code ?? 'unknown'})`),
      );
      return;
    }
    const typing = performance.now() - (this.editedAt.get(uri) ?? -Infinity) < TYPING_MS;
    if (typing) {
      // Nothing runs for this document while it waits: another document may have the slot.
      release();
      if (await this.typingPause.wait(uri, INDEX_PAUSE_MS)) return;
    }
    if (!current()) return;
    try {
      const view = await outcome.index();
      if (!current()) return;
      this.states.setView(uri, view);
      this.edits.trim(uri, version);
    } catch (error) {
      const e = classify(error);
      if (e.code === ServerCodes.PC_SERVER_CONTENT_MODIFIED.code) return;
      // Cancelled by shutdown: nothing failed, and a warning would say otherwise.
      if (e.code === 'PC_CANCELLED' && this.shutdownRequested)
        this.log.debug({ uri }, 'indexing cancelled by shutdown');
      else this.log.warn({ err: e, uri }, 'indexing failed');
      this.states.viewFailed(uri, version, e);
    }
  }

  /**
   * Records and publishes a version's diagnostics: pushed, or for pull clients kept for
   * the next pull, with a refresh request when a re-analysis of the same version changed
   * them (a config edit, a degraded document recovering).
   */
  private publish(uri: string, version: number, found: LspDiagnostic[]): void {
    const document = this.documents.get(uri);
    const diagnostics = document ? found.map((d) => stampFixes(d, document)) : found;
    const { revised } = this.states.setDiagnostics(uri, version, diagnostics);
    if (!this.pullDiagnostics) {
      void this.connection.sendDiagnostics({ uri, version: this.store.clientVersion(uri), diagnostics });
      return;
    }
    if (revised && this.refreshSupport && !this.refreshTimer) {
      // One refresh for a burst of re-analyses (a config change re-analyses every document).
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = undefined;
        if (!this.shutdownRequested) void this.connection.languages.diagnostics.refresh().catch(() => undefined);
      }, 50);
    }
  }

  /** A language config the workspace uses, open in the editor. */
  private isConfig(uri: string): boolean {
    const path = filePathOf(uri);
    return path !== undefined && this.resolver.configPaths().includes(path);
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
    this.publish(uri, version, diagnostics);
    this.states.viewFailed(uri, version, notAnalysed(uri, 'it is a language config, not a program'));
  }

  /** One diagnostic instead of an analysis: a huge document would stall every worker. */
  private tooLarge(uri: string, version: number, size: number, limit: number): void {
    const mb = (n: number): string => (n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 2 ** 20).toFixed(1)} MB`);
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
    this.publish(uri, version, diagnostics);
    this.states.viewFailed(uri, version, error);
  }

  /**
   * Answers from the index of the document's current text, waiting (at most requestWaitMs)
   * for it: an older index would answer with positions the edits since have moved. `none`
   * when the document is not open, in no language, has no index coming (too large, a
   * config, analysis failed) or the wait runs out; the log says which.
   */
  private async withView<T>(
    uri: string,
    token: CancellationToken,
    none: T,
    answer: (view: IndexView, document: TextDocument) => T,
  ): Promise<T> {
    const view = await this.currentView(uri, token, this.requestWaitMs);
    const document = this.documents.get(uri);
    return view && document?.version === view.version ? answer(view, document) : none;
  }

  /**
   * Completion and signature help follow the typing: they wait briefly for the current
   * index, then answer from the last one with the cursor found in that index's text
   * through the edits since (their answers carry no positions of that text).
   */
  private async withCursor<T>(
    uri: string,
    position: Position,
    token: CancellationToken,
    none: T,
    answer: (view: IndexView, cursor: Cursor) => T,
  ): Promise<T> {
    const last = this.states.get(uri)?.view;
    const view = (await this.currentView(uri, token, last ? TYPING_WAIT_MS : this.requestWaitMs)) ?? last;
    const document = this.documents.get(uri);
    if (!view || !document) return none;
    const offset = document.offsetAt(position);
    const indexOffset = view.version === document.version ? offset : this.edits.toVersion(uri, offset, view.version);
    if (indexOffset === undefined) return none;
    return answer(view, { text: document.getText(), offset, indexOffset });
  }

  /** The index of the document's current version, or undefined (logged) when none comes within `waitMs`. */
  private async currentView(uri: string, token: CancellationToken, waitMs: number): Promise<IndexView | undefined> {
    const document = this.documents.get(uri);
    if (!document || !this.resolver.languageOf(uri)) return undefined;
    this.scheduler?.touch(uri);
    const view = this.states.get(uri)?.view;
    if (view?.version === document.version) return view;
    try {
      return (await cancellable(token, this.states.when(uri, document.version, 'view', waitMs))).view;
    } catch (error) {
      if (
        error instanceof ResponseError &&
        (error.code === LSPErrorCodes.RequestCancelled || error.code === LSPErrorCodes.ContentModified)
      )
        throw error;
      const reason =
        error instanceof WaitTimedOut
          ? notAnalysed(uri, `its analysis did not finish within ${waitMs} ms`)
          : classify(error);
      this.log.info({ err: reason, uri, version: document.version }, 'answering without an index');
      return undefined;
    }
  }

  /**
   * The diagnostics of the document's current version, waiting for them; undefined for a
   * document that is not open or in no language (it has none). Past the wait (twice a
   * request's: a pull blocks nothing) the client is told to pull again (ServerCancelled).
   */
  private async fresh(uri: string, token: CancellationToken): Promise<AnalysedState | undefined> {
    const document = this.documents.get(uri);
    if (!document || (!this.resolver.languageOf(uri) && !this.isConfig(uri))) return undefined;
    this.scheduler?.touch(uri);
    try {
      return await cancellable(token, this.states.when(uri, document.version, 'diagnostics', this.requestWaitMs * 2));
    } catch (error) {
      if (!(error instanceof WaitTimedOut)) throw error;
      throw new ResponseError(LSPErrorCodes.ServerCancelled, `${uri} is still being analysed; pull again.`, {
        retriggerRequest: true,
      });
    }
  }

  /** The index of the document's current version, waiting for it; refused when none comes. */
  private async freshView(uri: string, token: CancellationToken): Promise<IndexView> {
    const view = await this.currentView(uri, token, this.requestWaitMs);
    if (!view) throw new ResponseError(LSPErrorCodes.RequestFailed, `${uri} has no analysis of its current text.`);
    return view;
  }

  /** A span of the text of `revision`, in the current text: undefined when edits since touched it. */
  private locate(uri: string, revision: number, from: number, to: number): Range | undefined {
    const document = this.documents.get(uri);
    if (!document || revision > document.version) return undefined;
    const span = revision === document.version ? { from, to } : this.edits.spanToCurrent(uri, from, to, revision);
    if (!span || span.to > document.getText().length) return undefined;
    return { start: document.positionAt(span.from), end: document.positionAt(span.to) };
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

/** Why a request about a document was answered without its analysis. */
function notAnalysed(uri: string, why: string): PcError {
  return new PcError(ServerCodes.PC_SERVER_NOT_ANALYSED, `${uri} has no analysis of its current text: ${why}.`, {
    context: { uri },
  });
}

/**
 * A diagnostic's fixes with the revision they are of and their edits as offsets in that
 * text, so a code action asked later can place them in the text the editor has then.
 */
function stampFixes(d: LspDiagnostic, document: TextDocument): LspDiagnostic {
  const data = d.data as DiagnosticData | undefined;
  if (!data?.fixes?.length) return d;
  const spans = data.fixes.map((f) =>
    f.edits.map((e) => [document.offsetAt(e.range.start), document.offsetAt(e.range.end)] as const),
  );
  const seal = sealFixes(document.uri, document.version, data.fixes, spans);
  return { ...d, data: { ...data, revision: document.version, spans, seal } satisfies DiagnosticData };
}
