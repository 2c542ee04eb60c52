import type { Analysis, LanguageSpec } from '@parsercraft/language';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SessionMessage } from './worker-messages.js';

/** An analysis and what it was made of. */
export interface Analysed {
  readonly spec: LanguageSpec;
  readonly analysis: Analysis;
  readonly version: number;
}

/** A worker's copy of one document. */
export interface Session {
  document: TextDocument;
  /** The last full analysis, of whatever version: the next one reuses its unchanged parse. */
  full: Analysed | undefined;
  /** The last analysis of any kind (syntax-only included), for the index job that follows it. */
  latest: Analysed | undefined;
}

/**
 * The documents a worker serves, kept current by the pool's open/change/close messages in
 * the order it sent them. The text is applied with the same TextDocument the main thread
 * uses, so both sides hold the same text at the same version.
 */
export class WorkerSessions {
  private readonly sessions = new Map<string, Session>();

  get(uri: string): Session | undefined {
    return this.sessions.get(uri);
  }

  apply(message: SessionMessage): void {
    switch (message.kind) {
      case 'open':
        this.sessions.set(message.uri, {
          document: TextDocument.create(message.uri, '', message.version, message.text),
          full: undefined,
          latest: undefined,
        });
        return;
      case 'change': {
        const session = this.sessions.get(message.uri);
        // The pool reopens a session it has no record of before its next job, so a change
        // for an unknown one can only follow a close: ignore it.
        if (session) session.document = TextDocument.update(session.document, [...message.changes], message.version);
        return;
      }
      case 'close':
        this.sessions.delete(message.uri);
        return;
      case 'forget':
        for (const session of this.sessions.values()) {
          session.full = undefined;
          session.latest = undefined;
        }
        return;
    }
  }
}
