import type { DiagnosticSeverity } from '../diagnostics/diagnostic.js';

export const PROTOCOL_SOURCE = 'parsercraft-protocol';

/**
 * The stable codes of `checkProtocols` findings. The package README lists them and RUNBOOK.md
 * explains each; tests keep all three equal.
 */
export const PROTOCOL_CODES = {
  'protocol-nonconformance': 'error',
  'protocol-cycle': 'error',
  'protocol-conflict': 'error',
  'protocol-expected': 'error',
  'protocol-readonly': 'error',
} as const satisfies Record<string, DiagnosticSeverity>;

export type ProtocolCode = keyof typeof PROTOCOL_CODES;
