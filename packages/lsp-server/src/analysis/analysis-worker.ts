/**
 * The analysis worker: a worker thread that parses, binds and checks documents, so that a
 * runaway analysis (a pathological grammar or program) can be terminated without taking
 * the server's main thread with it. It keeps the last analysis of each document, so the
 * next one reuses the unchanged part of the parse.
 */
import { parentPort } from 'node:worker_threads';
import { classify } from '@parsercraft/core';
import { analyze, checkProtocols, loadLanguageConfig, type Analysis, type Diagnostic, type LanguageSpec } from '@parsercraft/language';
import type { AnalyzeJob, WorkerRequest, WorkerResponse } from './worker-messages.js';

interface LoadedSpec {
  readonly spec: LanguageSpec;
  readonly diagnostics: readonly Diagnostic[];
}

const specs = new Map<string, Promise<LoadedSpec>>();
const previous = new Map<string, { spec: LanguageSpec; analysis: Analysis }>();

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

async function run(job: AnalyzeJob): Promise<WorkerResponse> {
  const started = performance.now();
  try {
    const { spec, diagnostics: configDiagnostics } = await specFor(job.configPath);
    const before = previous.get(job.uri);
    const analysis = analyze(spec, job.text, before?.spec === spec ? { previous: before.analysis } : {});
    previous.set(job.uri, { spec, analysis });
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
      id: job.id, ok: true, uri: job.uri, version: job.version, diagnostics: analysis.diagnostics, protocolDiagnostics,
      ...(protocolError && { protocolError }), configDiagnostics, elapsedMs: performance.now() - started,
    };
  } catch (error) {
    return { id: job.id, ok: false, error: classify(error).toJSON() };
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
