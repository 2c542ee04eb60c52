import type { Diagnostic, FormatOptions, TextEdit } from '@parsercraft/language';
import type { PcErrorJSON } from '@parsercraft/core';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { DocumentIndex } from '../index/document-index.js';

/**
 * Messages between the pool and its workers. Plain data: they cross a thread.
 *
 * A worker keeps a session per document it serves: the document's text at a version, kept
 * current by incremental changes, and its last analyses. Jobs name a document and the
 * version they are for; a worker whose session has moved past that version answers
 * `stale` instead of analysing text nobody has any more.
 */

/** Starts (or restarts) a session: the document's whole text at a version. */
export interface OpenSession {
  readonly kind: 'open';
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

/** The edits from the session's version to `version`, as the client sent them. */
export interface ChangeSession {
  readonly kind: 'change';
  readonly uri: string;
  readonly version: number;
  readonly changes: readonly TextDocumentContentChangeEvent[];
}

export interface CloseSession {
  readonly kind: 'close';
  readonly uri: string;
}

/** The heap is over its limit: drop every cached analysis (sessions keep their text). */
export interface ForgetAnalyses {
  readonly kind: 'forget';
}

export type SessionMessage = OpenSession | ChangeSession | CloseSession | ForgetAnalyses;

/** Fields every job carries. */
interface JobBase {
  readonly id: number;
  readonly uri: string;
  /** Absolute path of the language config the document is written in. */
  readonly configPath: string;
}

/** A job on a document's session: it is for exactly this version. */
interface SessionJob extends JobBase {
  readonly version: number;
}

/** Parse, bind and check a document. */
export interface AnalyzeJob extends SessionJob {
  readonly kind: 'analyze';
  /** Parse only, within this budget: the degraded path while full analysis keeps failing. */
  readonly syntaxOnlyBudgetMs?: number;
}

/** The index of the session's last analysis of this version (made again if the worker has none). */
export interface IndexJob extends SessionJob {
  readonly kind: 'index';
}

/** Protocol checks over the session's analysis of this version. */
export interface ProtocolsJob extends SessionJob {
  readonly kind: 'protocols';
}

export interface FormatJob extends SessionJob {
  readonly kind: 'format';
  readonly options: FormatOptions;
}

export interface GenerateCJob extends SessionJob {
  readonly kind: 'generateC';
}

/** A language config being edited: its own findings, from its text (configPath is its path). No session. */
export interface ConfigJob extends JobBase {
  readonly kind: 'config';
  readonly text: string;
}

export type SessionJobs = AnalyzeJob | IndexJob | ProtocolsJob | FormatJob | GenerateCJob;
export type WorkerJob = SessionJobs | ConfigJob;

export type WorkerRequest = WorkerJob | SessionMessage;

/** Findings of one analysis, by source, so a degraded part can be left out and said so. */
export interface AnalyzeResult {
  readonly kind: 'analyze';
  readonly id: number;
  readonly ok: true;
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

/** The session is at another version than the job's (the document moved on): nothing was done. */
export interface JobStale {
  readonly id: number;
  readonly ok: false;
  readonly stale: { readonly sessionVersion: number | undefined };
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
  AnalyzeResult | IndexResult | ProtocolsResult | ConfigResult | FormatResult | GenerateCResult | JobFailure | JobStale;
