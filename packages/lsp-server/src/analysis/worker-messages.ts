import type { Diagnostic } from '@parsercraft/language';
import type { PcErrorJSON } from '@parsercraft/core';

/** What the main thread asks an analysis worker to do. Plain data: it crosses a thread. */
export interface AnalyzeJob {
  readonly kind: 'analyze';
  readonly id: number;
  readonly uri: string;
  readonly version: number;
  /** Absolute path of the language config the document is written in. */
  readonly configPath: string;
  readonly text: string;
  /** Run the protocol checks too (off while their circuit is open). */
  readonly protocols: boolean;
}

/** A document the server stopped tracking: the worker drops what it kept for it. */
export interface ForgetJob {
  readonly kind: 'forget';
  readonly uri: string;
}

export type WorkerRequest = AnalyzeJob | ForgetJob;

/** Findings of one analysis, by source, so a degraded part can be left out and said so. */
export interface AnalyzeResult {
  readonly id: number;
  readonly ok: true;
  readonly uri: string;
  readonly version: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Protocol findings, or undefined when they were not run or failed (see protocolError). */
  readonly protocolDiagnostics: readonly Diagnostic[] | undefined;
  readonly protocolError?: PcErrorJSON;
  /** Findings about the config file itself (loading it, validating it). */
  readonly configDiagnostics: readonly Diagnostic[];
  readonly elapsedMs: number;
}

export interface AnalyzeFailure {
  readonly id: number;
  readonly ok: false;
  readonly error: PcErrorJSON;
}

export type WorkerResponse = AnalyzeResult | AnalyzeFailure;
