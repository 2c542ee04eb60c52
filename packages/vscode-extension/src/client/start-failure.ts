/** What a failed start says: the classified code the server put in the error's data, when there is one. */
export interface StartFailure {
  readonly message: string;
  readonly code?: string;
  readonly runbook?: string;
}

/**
 * The server answers a failed initialize with a JSON-RPC error whose `data` is its
 * classified error (`{ code: 'PC_...', runbook }`); a server that never answered (it could
 * not be spawned, it crashed while starting) fails with a plain Error.
 */
export function describeStartFailure(error: unknown): StartFailure {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  const data = typeof error === 'object' && error !== null && 'data' in error ? error.data : undefined;
  if (typeof data === 'object' && data !== null) {
    const { code, runbook } = data as { code?: unknown; runbook?: unknown };
    if (typeof code === 'string' && /^PC_[A-Z0-9_]+$/.test(code)) {
      return { message, code, ...(typeof runbook === 'string' && { runbook }) };
    }
  }
  return { message };
}
