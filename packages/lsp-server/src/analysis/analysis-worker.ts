/**
 * The analysis worker: a worker thread that parses, binds, checks, indexes, formats and
 * generates C, so that a runaway job (a pathological grammar or program) can be terminated
 * without taking the server's main thread with it. It keeps a session per document it
 * serves (see worker-sessions.ts): the text, kept current by incremental changes, and the
 * last analyses, so the next analysis reuses the unchanged part of the parse and the index,
 * protocol checks and C generation reuse the analysis of the same version.
 */
import { statSync } from 'node:fs';
import { parentPort, type TransferListItem } from 'node:worker_threads';
import { classify } from '@parsercraft/core/errors';
import {
  analyze,
  checkProtocols,
  formatText,
  generateC,
  layoutGrammarDiagnostics,
  loadLanguageConfig,
  parseLanguageConfig,
  type Diagnostic,
  type LanguageSpec,
} from '@parsercraft/language';
import { buildIndex } from '../index/build-index.js';
import type {
  AnalyzeJob,
  AnalyzeResult,
  ConfigJob,
  ConfigResult,
  FormatJob,
  FormatResult,
  GenerateCJob,
  GenerateCResult,
  IndexJob,
  IndexResult,
  ProtocolsJob,
  ProtocolsResult,
  SessionJobs,
  WorkerJob,
  WorkerRequest,
  WorkerResponse,
  WorkerStarted,
} from './worker-messages.js';
import { WorkerSessions, type Analysed, type Session } from './worker-sessions.js';

interface LoadedSpec {
  readonly spec: LanguageSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** Loaded configs by path, with the modification time they were loaded at: an edited config is loaded again. */
const specs = new Map<string, { mtimeMs: number; loaded: Promise<LoadedSpec> }>();
const sessions = new WorkerSessions();

/** The session moved past the job's version while its config loaded: nothing to do. */
class Stale extends Error {
  constructor(readonly sessionVersion: number | undefined) {
    super(`the session is at version ${sessionVersion ?? 'none'}`);
  }
}

/** The config of a job, loaded (once per path); then the job's deadline starts. */
async function loadFor(job: { id: number; configPath: string }): Promise<LoadedSpec> {
  const loaded = await specFor(job.configPath);
  parentPort?.postMessage({ id: job.id, started: true } satisfies WorkerStarted);
  return loaded;
}

function specFor(configPath: string): Promise<LoadedSpec> {
  const mtimeMs = modified(configPath);
  const known = specs.get(configPath);
  if (known && known.mtimeMs === mtimeMs) return known.loaded;
  // Analysing an empty text builds the language's parser now, before any job's deadline runs.
  const loaded = loadLanguageConfig(configPath).then((l) => {
    analyze(l.spec, '');
    return l;
  });
  specs.set(configPath, { mtimeMs, loaded });
  // A config that failed to load is tried again next time (it may have been fixed).
  loaded.catch(() => specs.delete(configPath));
  return loaded;
}

function modified(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    // Missing: loading it reports that, classified.
    return -1;
  }
}

/** The job's config and its document's session, which must be at the job's version. */
async function sessionFor(job: SessionJobs): Promise<{ loaded: LoadedSpec; session: Session }> {
  const loaded = await loadFor(job);
  const session = sessions.get(job.uri);
  if (session?.document.version !== job.version) throw new Stale(session?.document.version);
  return { loaded, session };
}

/** The session's full analysis of its current version, made now if it has none. */
function fullAnalysis(session: Session, spec: LanguageSpec): Analysed {
  const { document, full } = session;
  if (full && full.spec === spec && full.version === document.version) return full;
  const analysis = analyze(spec, document.getText(), full?.spec === spec ? { previous: full.analysis } : {});
  session.full = { spec, analysis, version: document.version };
  return session.full;
}

async function analyzeJob(job: AnalyzeJob): Promise<AnalyzeResult> {
  const started = performance.now();
  const { loaded, session } = await sessionFor(job);
  const { spec, diagnostics: configDiagnostics } = loaded;
  const syntaxOnly = job.syntaxOnlyBudgetMs !== undefined;
  const analysed: Analysed = syntaxOnly
    ? {
        spec,
        version: job.version,
        analysis: analyze(spec, session.document.getText(), { syntaxOnly: true, budgetMs: job.syntaxOnlyBudgetMs }),
      }
    : fullAnalysis(session, spec);
  session.latest = analysed;
  return {
    kind: 'analyze',
    id: job.id,
    ok: true,
    diagnostics: analysed.analysis.diagnostics,
    syntaxOnly,
    configDiagnostics,
    elapsedMs: performance.now() - started,
  };
}

async function indexJob(job: IndexJob): Promise<IndexResult> {
  const { loaded, session } = await sessionFor(job);
  const last = session.latest;
  const { spec, analysis } =
    last && last.version === job.version && last.spec === loaded.spec ? last : fullAnalysis(session, loaded.spec);
  const index = buildIndex(job.uri, job.version, spec, analysis, session.document.getText());
  return { kind: 'index', id: job.id, ok: true, index };
}

async function protocolsJob(job: ProtocolsJob): Promise<ProtocolsResult> {
  const { loaded, session } = await sessionFor(job);
  const { spec, analysis } = fullAnalysis(session, loaded.spec);
  return { kind: 'protocols', id: job.id, ok: true, diagnostics: checkProtocols(spec, analysis) };
}

async function formatJob(job: FormatJob): Promise<FormatResult> {
  const { loaded, session } = await sessionFor(job);
  return {
    kind: 'format',
    id: job.id,
    ok: true,
    edits: formatText(loaded.spec, session.document.getText(), job.options),
  };
}

async function generateCJob(job: GenerateCJob): Promise<GenerateCResult> {
  const { loaded, session } = await sessionFor(job);
  const { spec, analysis } = fullAnalysis(session, loaded.spec);
  const generated = generateC(spec, session.document.getText(), { analysis });
  return { kind: 'generateC', id: job.id, ok: true, c: generated.code, diagnostics: generated.diagnostics };
}

/**
 * The config as the editor has it, checked as loading it would check it (YAML or JSON by its
 * content), and, when it loads, as `doctor` checks it: whether its layout's parser builds
 * (a parser that cannot be built is reported at the config entry to blame).
 */
function configJob(job: ConfigJob): ConfigResult {
  parentPort?.postMessage({ id: job.id, started: true } satisfies WorkerStarted);
  const { spec, diagnostics } = parseLanguageConfig(job.text, {}, job.configPath);
  const loads = !diagnostics.some((d) => d.severity === 'error');
  return {
    kind: 'config',
    id: job.id,
    ok: true,
    diagnostics: loads ? [...diagnostics, ...layoutGrammarDiagnostics(spec, job.text)] : diagnostics,
  };
}

async function run(request: WorkerJob): Promise<WorkerResponse> {
  try {
    switch (request.kind) {
      case 'analyze':
        return await analyzeJob(request);
      case 'index':
        return await indexJob(request);
      case 'protocols':
        return await protocolsJob(request);
      case 'format':
        return await formatJob(request);
      case 'generateC':
        return await generateCJob(request);
      case 'config':
        return configJob(request);
    }
  } catch (error) {
    if (error instanceof Stale) return { id: request.id, ok: false, stale: { sessionVersion: error.sessionVersion } };
    return { id: request.id, ok: false, error: classify(error).toJSON() };
  }
}

/** An index's typed arrays move to the main thread instead of being copied: the worker keeps no index. */
function transfers(response: WorkerResponse): TransferListItem[] {
  if (!('kind' in response) || response.kind !== 'index') return [];
  const { lineStarts, lineEnds, occurrences, tokens } = response.index;
  // A buffer listed twice cannot be transferred; arrays may share one.
  return [...new Set([lineStarts.buffer, lineEnds.buffer, occurrences.buffer, tokens.buffer])] as TransferListItem[];
}

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread');
port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'open' || request.kind === 'change' || request.kind === 'close' || request.kind === 'forget') {
    sessions.apply(request);
    return;
  }
  void run(request).then((response) => port.postMessage(response, transfers(response)));
});
