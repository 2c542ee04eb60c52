/** A JSON-RPC id as LSP allows it on a request: `integer | string`. */
export type RequestId = number | string;

/** What one received JSON value is, as JSON-RPC 2.0 and LSP 3.17 read it. */
export type MessageShape =
  | { readonly kind: 'request'; readonly id: RequestId; readonly method: string; readonly params: unknown }
  | { readonly kind: 'notification'; readonly method: string; readonly params: unknown }
  /** A client's answer to a request of the server's: passed on whatever it says, the connection matches it. */
  | { readonly kind: 'response' }
  /** Not a valid Request object: answered InvalidRequest, with the id when one could be read. */
  | { readonly kind: 'invalid'; readonly id: RequestId | null; readonly reason: string }
  /** A notification that is not a valid one: JSON-RPC answers no notification, so it is dropped. */
  | { readonly kind: 'invalid-notification'; readonly method: unknown; readonly reason: string };

const isId = (v: unknown): v is RequestId => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));

/**
 * Classifies a parsed message. Params, when present, must be an object or an array (a
 * JSON-RPC "structured value"); `null` is read as absent, which clients send for void params.
 */
export function messageShape(value: unknown): MessageShape {
  if (Array.isArray(value)) return invalid(null, 'a batch (a JSON array); LSP sends one message per frame');
  if (value === null || typeof value !== 'object') return invalid(null, 'the message is not a JSON object');
  const m = value as Record<string, unknown>;
  const hasId = 'id' in m;
  const id = hasId && isId(m.id) ? m.id : null;
  if (!('method' in m)) {
    if (('result' in m || 'error' in m) && (id !== null || m.id === null)) return { kind: 'response' };
    return invalid(id, 'the message has no method, and no result or error');
  }
  const reason = requestFault(m);
  if (!hasId) {
    if (reason !== undefined) return { kind: 'invalid-notification', method: m.method, reason };
    return { kind: 'notification', method: m.method as string, params: m.params ?? undefined };
  }
  if (id === null) return invalid(null, 'id must be an integer or a string');
  if (reason !== undefined) return invalid(id, reason);
  return { kind: 'request', id, method: m.method as string, params: m.params ?? undefined };
}

/** Why a message with a method is not a valid Request object, or undefined when it is one. */
function requestFault(m: Record<string, unknown>): string | undefined {
  if (m.jsonrpc !== '2.0') return `jsonrpc must be "2.0", not ${JSON.stringify(m.jsonrpc) ?? 'missing'}`;
  if (typeof m.method !== 'string') return 'method must be a string';
  if (m.params !== undefined && m.params !== null && typeof m.params !== 'object')
    return 'params must be an object or an array when present';
  return undefined;
}

const invalid = (id: RequestId | null, reason: string): MessageShape => ({ kind: 'invalid', id, reason });
