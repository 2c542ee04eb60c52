import { classify, type Logger, type PcError } from '@parsercraft/core';
import type { Diagnostic } from '@parsercraft/language';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { AnalysisPool } from '../analysis/analysis-pool.js';
import type { AnalyzeResult } from '../analysis/worker-messages.js';
import { ServerCodes } from '../errors/server-codes.js';
import type { ServerHealth } from '../health/server-health.js';
import { IndexView } from '../index/index-view.js';
import type { RunbookLinks } from '../protocol/runbook-links.js';
import { toLspDiagnostic } from '../protocol/to-lsp-diagnostic.js';

export interface AnalysisRequest {
  readonly uri: string;
  /** The version analysed: the worker's session of the document must be at it. */
  readonly version: number;
  readonly configPath: string;
  /** Whether the document is still at this version; a stale result is dropped. */
  readonly current: () => boolean;
  /** The pool priority of its jobs (0: someone waits for it). */
  readonly priority: number;
}

/** What an analysis gave: what to publish, and how to get its index (absent when even syntax failed). */
export interface AnalysisOutcome {
  readonly diagnostics: LspDiagnostic[];
  readonly elapsedMs: number;
  /** Full analysis failed and only syntax was checked, because of this. */
  readonly degradedBy: PcError | undefined;
  /** Builds the index of the analysis, in the worker that made it; published diagnostics need not wait for it. */
  readonly index: (() => Promise<IndexView>) | undefined;
}

/**
 * Analyses a document under the recovery plans, each keyed by the document so that one
 * pathological file opens only its own breakers: full analysis with its timeout and
 * breaker, degrading to a bounded syntax-only analysis that says so; then protocol checks
 * under their own breaker, left out (and the health says why) while it is open. Whatever
 * fails, the outcome is something to publish: at worst one diagnostic with the classified
 * error. A job the document's edits made stale comes back undefined.
 */
export class DocumentAnalyzer {
  private nextJob = 1;

  /** `timeoutMs`: the running-time deadline of one full analysis. */
  constructor(
    private readonly pool: AnalysisPool,
    private readonly health: ServerHealth,
    private readonly log: Logger,
    private readonly timeoutMs: number,
    private readonly runbook: RunbookLinks,
  ) {}

  jobId(): number {
    return this.nextJob++;
  }

  async analyze(request: AnalysisRequest): Promise<AnalysisOutcome | undefined> {
    const { uri, version, configPath, priority } = request;
    const started = performance.now();
    const recovery = this.health.recovery;
    const timeoutMs = this.timeoutMs;
    let degradedBy: PcError | undefined;
    let result: AnalyzeResult;
    try {
      result = await recovery.execute(
        'lsp.analysis',
        ({ signal }) =>
          this.pool.run(
            { kind: 'analyze', id: this.jobId(), uri, version, configPath },
            { signal, deadlineMs: timeoutMs, priority },
          ),
        undefined,
        {
          key: uri,
          degrade: (error) => {
            if (error.code === ServerCodes.PC_SERVER_CONTENT_MODIFIED.code) throw error;
            degradedBy = error;
            // The parse stops at half the budget; the pool's deadline stays the backstop, since a
            // replaced worker first has to start and load the config again.
            return this.pool.run(
              { kind: 'analyze', id: this.jobId(), uri, version, configPath, syntaxOnlyBudgetMs: timeoutMs / 2 },
              { priority },
            );
          },
        },
      );
    } catch (error) {
      const e = classify(error);
      if (e.code === ServerCodes.PC_SERVER_CONTENT_MODIFIED.code || !request.current()) return undefined;
      this.log.warn({ err: e, uri }, 'analysis failed');
      return {
        diagnostics: [this.errorDiagnostic(uri, e, `Analysis failed: ${e.message}`)],
        elapsedMs: performance.now() - started,
        degradedBy: e,
        index: undefined,
      };
    }
    if (!request.current()) return undefined;
    // A config that does not load (missing, unreadable, invalid) makes every finding about
    // the program meaningless: say what is wrong with the config instead, on the first line.
    const configErrors = result.configDiagnostics.filter((d) => d.severity === 'error');
    const found: Diagnostic[] = configErrors.length
      ? configErrors.map((d) => aboutConfig(d, configPath))
      : [...result.diagnostics];
    if (!result.syntaxOnly && !configErrors.length) {
      const protocols = await this.protocols(uri, version, configPath, priority);
      if (!protocols) return undefined;
      found.push(...protocols);
    }
    const diagnostics = found.map((d) => toLspDiagnostic(d, uri, this.runbook));
    if (degradedBy) {
      const code = ServerCodes.PC_SERVER_ANALYSIS_DEGRADED;
      diagnostics.unshift(
        this.errorDiagnostic(
          uri,
          degradedBy,
          `Only syntax is checked for now: full analysis failed (${degradedBy.code}: ${degradedBy.message})`,
          code.code,
        ),
      );
    }
    const index = async (): Promise<IndexView> => {
      const built = await this.pool.run({ kind: 'index', id: this.jobId(), uri, version, configPath }, { priority });
      return new IndexView(built.index);
    };
    return { diagnostics, elapsedMs: performance.now() - started, degradedBy, index };
  }

  /** The document was closed: its breakers and what they told health go. */
  release(uri: string): void {
    this.health.recovery.release('lsp.analysis', uri);
    this.health.recovery.release('lsp.protocolCheck', uri);
  }

  /**
   * Protocol findings, or none while their breaker is open or the check fails (health says
   * so); undefined when an edit made the version stale.
   */
  private async protocols(
    uri: string,
    version: number,
    configPath: string,
    priority: number,
  ): Promise<readonly Diagnostic[] | undefined> {
    try {
      return await this.health.recovery.execute(
        'lsp.protocolCheck',
        async ({ signal }) => {
          const job = { kind: 'protocols', id: this.jobId(), uri, version, configPath } as const;
          return (await this.pool.run(job, { signal, priority })).diagnostics;
        },
        undefined,
        {
          key: uri,
          degrade: (error) => {
            if (error.code === ServerCodes.PC_SERVER_CONTENT_MODIFIED.code) throw error;
            return [];
          },
        },
      );
    } catch (error) {
      if (classify(error).code === ServerCodes.PC_SERVER_CONTENT_MODIFIED.code) return undefined;
      throw error;
    }
  }

  private errorDiagnostic(uri: string, error: PcError, message: string, code = error.code): LspDiagnostic {
    return toLspDiagnostic(
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'warning',
        code,
        message,
        source: 'parsercraft-lsp',
      },
      uri,
      this.runbook,
    );
  }
}

/** A finding about the language config, shown at the top of a document written in it. */
function aboutConfig(d: Diagnostic, configPath: string): Diagnostic {
  const line = d.range.start.line + 1;
  return {
    ...d,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: `Language config ${configPath}, line ${line}: ${d.message}`,
  };
}
