/**
 * The analysis worker: a worker thread that parses, binds, checks, indexes, formats and
 * generates C, so that a runaway job (a pathological grammar or program) can be terminated
 * without taking the server's main thread with it. It keeps the last analysis of each
 * document, so the next one reuses the unchanged part of the parse and code generation
 * reuses an analysis of the same text.
 */
import { parentPort } from 'node:worker_threads';
import { classify } from '@parsercraft/core';
import {
  analyze, checkProtocols, formatText, generateC, loadLanguageConfig, type Analysis, type Diagnostic, type LanguageSpec,
} from '@parsercraft/language';
import { buildIndex } from '../index/build-index.js';
import type { AnalyzeJob, AnalyzeResult, FormatJob, FormatResult, GenerateCJob, GenerateCResult, WorkerRequest, WorkerResponse } from './worker-messages.js';

interface LoadedSpec {
  readonly spec: LanguageSpec;
  readonly diagnostics: readonly Diagnostic[];
}

const specs = new Map<string, Promise<LoadedSpec>>();
const previous = new Map<string, { spec: LanguageSpec; analysis: Analysis; text: string }>();

function specFor(configPath: string): Promise<LoadedSpec> {
  let loaded = specs.get(configPath);
  if (!loaded) {
    loaded = loadLanguageConfig(configPath);
    specs.set(configPath, loaded);
    // A config that failed to load is tried again next time (it may have been fixed).
    loaded.catch(() => specs.delete(configPath));
  }
  return loaded;
}

async function analyzeJob(job: AnalyzeJob): Promise<AnalyzeResult> {
  const started = performance.now();
  const { spec, diagnostics: configDiagnostics } = await specFor(job.configPath);
  const before = previous.get(job.uri);
  const analysis = analyze(spec, job.text, before?.spec === spec ? { previous: before.analysis } : {});
  previous.set(job.uri, { spec, analysis, text: job.text });
  let protocolDiagnostics: Diagnostic[] | undefined;
  let protocolError;
  if (job.protocols) {
    try {
      protocolDiagnostics = checkProtocols(spec, analysis);
    } catch (error) {
      protocolError = classify(error).toJSON();
    }
  }
  return {
    kind: 'analyze', id: job.id, ok: true, uri: job.uri, version: job.version, diagnostics: analysis.diagnostics, protocolDiagnostics,
    ...(protocolError && { protocolError }), configDiagnostics, index: buildIndex(job.uri, job.version, spec, analysis, job.text),
    elapsedMs: performance.now() - started,
  };
}

async function formatJob(job: FormatJob): Promise<FormatResult> {
  const { spec } = await specFor(job.configPath);
  return { kind: 'format', id: job.id, ok: true, edits: formatText(spec, job.text, job.options) };
}

async function generateCJob(job: GenerateCJob): Promise<GenerateCResult> {
  const { spec } = await specFor(job.configPath);
  const before = previous.get(job.uri);
  const analysis = before?.spec === spec && before.text === job.text ? before.analysis : undefined;
  const generated = generateC(spec, job.text, analysis ? { analysis } : {});
  return { kind: 'generateC', id: job.id, ok: true, c: generated.code, diagnostics: generated.diagnostics };
}

async function run(request: Exclude<WorkerRequest, { kind: 'forget' }>): Promise<WorkerResponse> {
  try {
    switch (request.kind) {
      case 'analyze': return await analyzeJob(request);
      case 'format': return await formatJob(request);
      case 'generateC': return await generateCJob(request);
    }
  } catch (error) {
    return { id: request.id, ok: false, error: classify(error).toJSON() };
  }
}

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread');
port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'forget') {
    previous.delete(request.uri);
    return;
  }
  void run(request).then((response) => port.postMessage(response));
});
