/**
 * The analysis worker: a worker thread that parses, binds, checks, indexes, formats and
 * generates C, so that a runaway job (a pathological grammar or program) can be terminated
 * without taking the server's main thread with it. It keeps the last analysis of each
 * document, so the next one reuses the unchanged part of the parse and code generation
 * reuses an analysis of the same text.
 */
import { statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { classify } from '@parsercraft/core/errors';
import {
  analyze,
  checkProtocols,
  formatText,
  generateC,
  loadLanguageConfig,
  parseLanguageConfig,
  type Analysis,
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
  IndexJob,
  IndexResult,
  FormatResult,
  GenerateCJob,
  GenerateCResult,
  ProtocolsJob,
  ProtocolsResult,
  WorkerRequest,
  WorkerResponse,
  WorkerStarted,
} from './worker-messages.js';

interface LoadedSpec {
  readonly spec: LanguageSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** Loaded configs by path, with the modification time they were loaded at: an edited config is loaded again. */
const specs = new Map<string, { mtimeMs: number; loaded: Promise<LoadedSpec> }>();
const previous = new Map<string, { spec: LanguageSpec; analysis: Analysis; text: string }>();
/** The last analysis of each document, syntax-only ones included, for the index job that follows it. */
const latest = new Map<string, { spec: LanguageSpec; analysis: Analysis; text: string; version: number }>();

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

async function analyzeJob(job: AnalyzeJob): Promise<AnalyzeResult> {
  const started = performance.now();
  const { spec, diagnostics: configDiagnostics } = await loadFor(job);
  const syntaxOnly = job.syntaxOnlyBudgetMs !== undefined;
  let analysis: Analysis;
  if (syntaxOnly) {
    analysis = analyze(spec, job.text, { syntaxOnly: true, budgetMs: job.syntaxOnlyBudgetMs });
  } else {
    const before = previous.get(job.uri);
    analysis = analyze(spec, job.text, before?.spec === spec ? { previous: before.analysis } : {});
    previous.set(job.uri, { spec, analysis, text: job.text });
  }
  latest.set(job.uri, { spec, analysis, text: job.text, version: job.version });
  return {
    kind: 'analyze',
    id: job.id,
    ok: true,
    uri: job.uri,
    version: job.version,
    diagnostics: analysis.diagnostics,
    syntaxOnly,
    configDiagnostics,
    elapsedMs: performance.now() - started,
  };
}

async function indexJob(job: IndexJob): Promise<IndexResult> {
  const last = latest.get(job.uri);
  const { spec, analysis } = last?.version === job.version && last.text === job.text ? last : await analysisOf(job);
  return { kind: 'index', id: job.id, ok: true, index: buildIndex(job.uri, job.version, spec, analysis, job.text) };
}

/** This worker's analysis of exactly this text, or a new one (another worker may have made the last). */
async function analysisOf(
  job: IndexJob | ProtocolsJob | GenerateCJob,
): Promise<{ spec: LanguageSpec; analysis: Analysis }> {
  const { spec } = await loadFor(job);
  const before = previous.get(job.uri);
  if (before?.spec === spec && before.text === job.text) return before;
  const analysis = analyze(spec, job.text, before?.spec === spec ? { previous: before.analysis } : {});
  previous.set(job.uri, { spec, analysis, text: job.text });
  return { spec, analysis };
}

async function protocolsJob(job: ProtocolsJob): Promise<ProtocolsResult> {
  const { spec, analysis } = await analysisOf(job);
  return { kind: 'protocols', id: job.id, ok: true, diagnostics: checkProtocols(spec, analysis) };
}

async function formatJob(job: FormatJob): Promise<FormatResult> {
  const { spec } = await loadFor(job);
  return { kind: 'format', id: job.id, ok: true, edits: formatText(spec, job.text, job.options) };
}

async function generateCJob(job: GenerateCJob): Promise<GenerateCResult> {
  const { spec, analysis } = await analysisOf(job);
  const generated = generateC(spec, job.text, { analysis });
  return { kind: 'generateC', id: job.id, ok: true, c: generated.code, diagnostics: generated.diagnostics };
}

/** The config as the editor has it, checked as loading it would check it (YAML or JSON by its content). */
function configJob(job: ConfigJob): ConfigResult {
  parentPort?.postMessage({ id: job.id, started: true } satisfies WorkerStarted);
  return {
    kind: 'config',
    id: job.id,
    ok: true,
    diagnostics: parseLanguageConfig(job.text, {}, job.configPath).diagnostics,
  };
}

async function run(request: Exclude<WorkerRequest, { kind: 'forget' }>): Promise<WorkerResponse> {
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
    return { id: request.id, ok: false, error: classify(error).toJSON() };
  }
}

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread');
port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'forget') {
    if (request.uri === undefined) {
      previous.clear();
      latest.clear();
    } else {
      previous.delete(request.uri);
      latest.delete(request.uri);
    }
    return;
  }
  void run(request).then((response) => port.postMessage(response));
});
