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
  /** Parse only, within this budget: the degraded path while full analysis keeps failing. */
  readonly syntaxOnlyBudgetMs?: number;
}

/** The index of the worker's analysis of this version (made again if the worker has none). */
export interface IndexJob extends JobBase {
  readonly kind: 'index';
  readonly version: number;
}

/** Protocol checks over the document's analysis (the worker's own, when it has one of this text). */
export interface ProtocolsJob extends JobBase {
  readonly kind: 'protocols';
}

export interface FormatJob extends JobBase {
  readonly kind: 'format';
  readonly options: FormatOptions;
}

export interface GenerateCJob extends JobBase {
  readonly kind: 'generateC';
}

/** A language config being edited: its own findings, from its text (configPath is its path). */
export interface ConfigJob extends JobBase {
  readonly kind: 'config';
}

export type WorkerJob = AnalyzeJob | IndexJob | ProtocolsJob | FormatJob | GenerateCJob | ConfigJob;

/** A document the server stopped tracking (or, without a uri, all of them): the worker drops what it kept. */
export interface ForgetJob {
  readonly kind: 'forget';
  readonly uri?: string;
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
  /** Only syntax was checked (syntaxOnlyBudgetMs was given). */
  readonly syntaxOnly: boolean;
  /** Findings about the config file itself (loading it, validating it). */
  readonly configDiagnostics: readonly Diagnostic[];
  readonly elapsedMs: number;
}

export interface IndexResult {
  readonly kind: 'index';
  readonly id: number;
  readonly ok: true;
  readonly index: DocumentIndex;
}

export interface ProtocolsResult {
  readonly kind: 'protocols';
  readonly id: number;
  readonly ok: true;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ConfigResult {
  readonly kind: 'config';
  readonly id: number;
  readonly ok: true;
  readonly diagnostics: readonly Diagnostic[];
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
  index: IndexResult;
  protocols: ProtocolsResult;
  format: FormatResult;
  generateC: GenerateCResult;
  config: ConfigResult;
}

/** The result a job of a given kind resolves with. */
export type ResultOf<J extends WorkerJob> = ResultsByKind[J['kind']];

/** Sent once a job's config is loaded: its deadline counts from here (see AnalysisPoolOptions.loadAllowanceMs). */
export interface WorkerStarted {
  readonly id: number;
  readonly started: true;
}

export type WorkerResponse =
  AnalyzeResult | IndexResult | ProtocolsResult | ConfigResult | FormatResult | GenerateCResult | JobFailure;
