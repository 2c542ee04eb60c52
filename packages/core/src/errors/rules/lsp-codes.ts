import type { ErrorCodeSpec } from '../codes.js';
import { CoreErrorCodes as C } from '../core-codes.js';

/** JSON-RPC 2.0 and LSP 3.17 error codes. */
export const LSP_ERROR_CODES: ReadonlyMap<number, ErrorCodeSpec> = new Map([
  [-32700, C.PC_LSP_PARSE_ERROR],
  [-32600, C.PC_LSP_INVALID_REQUEST],
  [-32601, C.PC_LSP_METHOD_NOT_FOUND],
  [-32602, C.PC_LSP_INVALID_PARAMS],
  [-32603, C.PC_LSP_INTERNAL_ERROR],
  [-32002, C.PC_LSP_SERVER_NOT_INITIALIZED],
  [-32001, C.PC_LSP_UNKNOWN_ERROR],
  [-32800, C.PC_LSP_REQUEST_CANCELLED],
  [-32801, C.PC_LSP_CONTENT_MODIFIED],
  [-32802, C.PC_LSP_SERVER_CANCELLED],
  [-32803, C.PC_LSP_REQUEST_FAILED],
]);

/** Whether a numeric code lies in the ranges JSON-RPC and LSP reserve for errors. */
export function isLspErrorCode(code: number): boolean {
  return Number.isInteger(code) && code >= -32899 && code <= -32000;
}

export function specForLspCode(code: number): ErrorCodeSpec {
  const known = LSP_ERROR_CODES.get(code);
  if (known) return known;
  // -32099..-32000 is JSON-RPC's "implementation-defined server error" range.
  if (code >= -32099) return C.PC_LSP_SERVER_ERROR;
  return C.PC_LSP_UNKNOWN_ERROR;
}
