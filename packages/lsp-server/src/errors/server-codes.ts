import { defineErrorCodes } from '@parsercraft/core';

/**
 * What the language server itself reports, besides the codes of what it runs (analysis,
 * registry) and LSP's own (PC_LSP_*, from core). Every code has a RUNBOOK.md entry.
 */
export const ServerCodes = defineErrorCodes({
  PC_SERVER_DOCUMENT_TOO_LARGE: {
    category: 'resource',
    severity: 'medium',
    retryable: false,
    summary: 'A document is over the size limit, so the server does not analyse it.',
  },
  PC_SERVER_ANALYSIS_DEGRADED: {
    category: 'unavailable',
    severity: 'medium',
    retryable: true,
    dependencyFault: false,
    summary: 'Full analysis keeps failing, so only syntax is checked until it recovers.',
  },
  PC_SERVER_USAGE: {
    category: 'validation',
    severity: 'low',
    retryable: false,
    summary: "The language server's command line names no transport, or a flag it does not accept.",
  },
  PC_SERVER_HEAP_OVER_LIMIT: {
    category: 'resource',
    severity: 'high',
    retryable: true,
    summary: 'The server heap went over its limit; cached analyses were dropped.',
  },
  PC_SERVER_CONTENT_MODIFIED: {
    category: 'cancelled',
    severity: 'low',
    retryable: false,
    summary: 'The document changed before a job on it ran; the job was dropped and one for the new version runs.',
  },
  PC_SERVER_NOT_ANALYSED: {
    category: 'unavailable',
    severity: 'low',
    retryable: true,
    dependencyFault: false,
    summary: 'A request about a document was answered empty: the document has no analysis of its current text yet.',
  },
  PC_SERVER_FRAMING: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: "The client's message stream broke its framing (a bad Content-Length header), so the server stopped.",
  },
});
