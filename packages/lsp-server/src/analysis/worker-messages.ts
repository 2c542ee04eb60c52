import type { Diagnostic, FormatOptions, TextEdit } from '@parsercraft/language';
import type { PcErrorJSON } from '@parsercraft/core';
import type { DocumentIndex } from '../index/document-index.js';

/** Fields every job carries. Plain data: jobs and results cross a thread. */
interface JobBase {
  readonly id: number;
  readonly uri: string;
  /** Absolute path of the language config the document is written in. */
  readonly configPath: string;
  readonly text: string;
}

/** Parse, bind and check a document, and index it for the main thread. */
export interface AnalyzeJob extends JobBase {
  readonly kind: 'analyze';
  readonly version: number;
  /** Run the protocol checks too (off while their circuit is open). */
  readonly protocols: boolean;
}

export interface FormatJob extends JobBase {
  readonly kind: 'format';
  readonly options: FormatOptions;
}

export interface GenerateCJob extends JobBase {
  readonly kind: 'generateC';
}

export type WorkerJob = AnalyzeJob | FormatJob | GenerateCJob;

/** A document the server stopped tracking: the worker drops what it kept for it. */
export interface ForgetJob {
  readonly kind: 'forget';
  readonly uri: string;
}

export type WorkerRequest = WorkerJob | ForgetJob;

/** Findings of one analysis, by source, so a degraded part can be left out and said so. */
export interface AnalyzeResult {
  readonly kind: 'analyze';
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
  readonly index: DocumentIndex;
  readonly elapsedMs: number;
}

export interface FormatResult {
  readonly kind: 'format';
  readonly id: number;
  readonly ok: true;
  readonly edits: readonly TextEdit[];
}

export interface GenerateCResult {
  readonly kind: 'generateC';
  readonly id: number;
  readonly ok: true;
  /** The C program, or undefined when something in the program cannot be translated (see diagnostics). */
  readonly c: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface JobFailure {
  readonly id: number;
  readonly ok: false;
  readonly error: PcErrorJSON;
}

interface ResultsByKind {
  analyze: AnalyzeResult;
  format: FormatResult;
  generateC: GenerateCResult;
}

/** The result a job of a given kind resolves with. */
export type ResultOf<J extends WorkerJob> = ResultsByKind[J['kind']];

export type WorkerResponse = AnalyzeResult | FormatResult | GenerateCResult | JobFailure;
