import { defineErrorCodes } from './codes.js';

/**
 * The codes the core itself raises or maps foreign errors onto. Every one has a section
 * in RUNBOOK.md (a test checks both directions). Other packages define their own families
 * with `defineErrorCodes`.
 */
export const CoreErrorCodes = defineErrorCodes({
  // Network: the connection to a dependency failed.
  PC_NET_RESET: {
    category: 'network',
    severity: 'medium',
    retryable: true,
    summary: 'The connection was reset or aborted by the other side.',
  },
  PC_NET_BROKEN_PIPE: {
    category: 'network',
    severity: 'medium',
    retryable: true,
    summary: 'Wrote to a connection the other side had already closed.',
  },
  PC_NET_REFUSED: {
    category: 'network',
    severity: 'high',
    retryable: true,
    summary: 'Nothing accepted the connection at that address and port.',
  },
  PC_NET_TIMEOUT: {
    category: 'timeout',
    severity: 'medium',
    retryable: true,
    summary: 'The network operation timed out at the socket level.',
  },
  PC_NET_DNS_NOT_FOUND: {
    category: 'network',
    severity: 'high',
    retryable: false,
    summary: 'The host name does not resolve.',
  },
  PC_NET_DNS_TEMPORARY: {
    category: 'network',
    severity: 'medium',
    retryable: true,
    summary: 'Name resolution failed temporarily.',
  },
  PC_NET_HOST_UNREACHABLE: {
    category: 'network',
    severity: 'high',
    retryable: true,
    summary: 'No route to the host.',
  },
  PC_NET_NETWORK_UNREACHABLE: {
    category: 'network',
    severity: 'high',
    retryable: true,
    summary: 'The network is unreachable from this machine.',
  },
  PC_NET_CONNECT_TIMEOUT: {
    category: 'timeout',
    severity: 'medium',
    retryable: true,
    summary: 'Connecting to the host took longer than the connect timeout.',
  },
  PC_NET_HEADERS_TIMEOUT: {
    category: 'timeout',
    severity: 'medium',
    retryable: true,
    summary: 'The server accepted the request but sent no response headers in time.',
  },
  PC_NET_BODY_TIMEOUT: {
    category: 'timeout',
    severity: 'medium',
    retryable: true,
    summary: 'The response body stalled for longer than the body timeout.',
  },
  PC_NET_SOCKET: {
    category: 'network',
    severity: 'medium',
    retryable: true,
    summary: 'The socket failed while a request was in flight.',
  },
  PC_NET_CONTENT_LENGTH_MISMATCH: {
    category: 'network',
    severity: 'medium',
    retryable: true,
    summary: 'The body length differs from the Content-Length header: a truncated transfer.',
  },
  PC_NET_PROTOCOL: {
    category: 'network',
    severity: 'high',
    retryable: false,
    dependencyFault: true,
    summary: 'The server answered with something that is not valid HTTP.',
  },
  PC_NET_PREMATURE_CLOSE: {
    category: 'network',
    severity: 'medium',
    retryable: true,
    summary: 'The stream closed before it was complete.',
  },
  PC_NET_TLS: {
    category: 'network',
    severity: 'high',
    retryable: false,
    summary: 'The TLS certificate of the host could not be verified.',
  },
  PC_NET_CLIENT_CLOSED: {
    category: 'cancelled',
    severity: 'low',
    retryable: false,
    summary: 'The HTTP client was closed while the request was pending (usually shutdown).',
  },
  PC_NET_RESPONSE_TOO_LARGE: {
    category: 'resource',
    severity: 'medium',
    retryable: false,
    summary: 'The response exceeded the maximum size allowed for it.',
  },
  PC_NET_LISTEN_DENIED: {
    category: 'auth',
    severity: 'high',
    retryable: false,
    summary: 'This user may not listen on that address and port (ports below 1024 need privileges).',
  },
  PC_NET_ADDRESS_IN_USE: {
    category: 'resource',
    severity: 'high',
    retryable: false,
    summary: 'Another process already listens on that address and port.',
  },

  // HTTP: a server answered with a status that means failure.
  PC_HTTP_REQUEST_TIMEOUT: {
    category: 'timeout',
    severity: 'medium',
    retryable: true,
    summary: 'The server gave up waiting for the request (HTTP 408).',
  },
  PC_HTTP_TOO_EARLY: {
    category: 'unavailable',
    severity: 'low',
    retryable: true,
    summary: 'The server will not process a possibly replayed request yet (HTTP 425).',
  },
  PC_HTTP_RATE_LIMITED: {
    category: 'rate_limited',
    severity: 'medium',
    retryable: true,
    summary: 'The server asked us to slow down (HTTP 429).',
  },
  PC_HTTP_SERVER_ERROR: {
    category: 'unavailable',
    severity: 'medium',
    retryable: true,
    summary: 'The server failed while handling the request (HTTP 5xx).',
  },
  PC_HTTP_UNAVAILABLE: {
    category: 'unavailable',
    severity: 'medium',
    retryable: true,
    summary: 'The server or a gateway in front of it cannot serve now (HTTP 502, 503, 504).',
  },
  PC_HTTP_UNAUTHORIZED: {
    category: 'auth',
    severity: 'high',
    retryable: false,
    summary: 'The server needs credentials, or refused the ones sent (HTTP 401).',
  },
  PC_HTTP_FORBIDDEN: {
    category: 'auth',
    severity: 'high',
    retryable: false,
    summary: 'The credentials are valid but not allowed to do this (HTTP 403).',
  },
  PC_HTTP_NOT_FOUND: {
    category: 'not_found',
    severity: 'low',
    retryable: false,
    summary: 'The server has no such resource (HTTP 404 or 410).',
  },
  PC_HTTP_CLIENT_ERROR: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'The server rejected the request as malformed (HTTP 4xx).',
  },
  PC_HTTP_UNEXPECTED_STATUS: {
    category: 'network',
    severity: 'medium',
    retryable: false,
    summary: 'The server answered with a status the client does not handle (1xx or 3xx).',
  },

  // Our own timeouts, limits and protective policies.
  PC_TIMEOUT: {
    category: 'timeout',
    severity: 'medium',
    retryable: true,
    summary: 'An operation did not finish within its time budget.',
  },
  PC_CIRCUIT_OPEN: {
    category: 'unavailable',
    severity: 'high',
    retryable: false,
    dependencyFault: false,
    summary: 'The circuit breaker is open: recent failures stopped calls to this dependency.',
  },
  PC_BULKHEAD_FULL: {
    category: 'unavailable',
    severity: 'medium',
    retryable: false,
    dependencyFault: false,
    summary: 'Too many calls of this kind were already running or queued.',
  },
  PC_RATE_LIMITED: {
    category: 'rate_limited',
    severity: 'low',
    retryable: true,
    dependencyFault: false,
    summary: 'The local rate limiter had no token within the allowed wait.',
  },
  PC_CANCELLED: {
    category: 'cancelled',
    severity: 'low',
    retryable: false,
    summary: 'The operation was cancelled by its caller.',
  },

  // Local resources and the file system.
  PC_RESOURCE_DISK_FULL: {
    category: 'resource',
    severity: 'critical',
    retryable: false,
    summary: 'No space left on the device.',
  },
  PC_RESOURCE_TOO_MANY_FILES: {
    category: 'resource',
    severity: 'high',
    retryable: true,
    summary: 'The process or system ran out of file descriptors.',
  },
  PC_RESOURCE_MEMORY: {
    category: 'resource',
    severity: 'critical',
    retryable: false,
    summary: 'Memory ran out, or the heap crossed its configured limit.',
  },
  PC_FS_PERMISSION: {
    category: 'auth',
    severity: 'high',
    retryable: false,
    summary: 'The file system refused access to a path.',
  },
  PC_FS_NOT_FOUND: {
    category: 'not_found',
    severity: 'medium',
    retryable: false,
    summary: 'A file or folder does not exist.',
  },
  PC_FS_EXISTS: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A file or folder already exists where a new one was to be created.',
  },
  PC_FS_WRONG_TYPE: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A path is a folder where a file was expected, or the reverse.',
  },
  PC_FS_BUSY: {
    category: 'resource',
    severity: 'medium',
    retryable: true,
    summary: 'A file or device is busy or locked by another process.',
  },
  PC_FS_READ_ONLY: {
    category: 'resource',
    severity: 'high',
    retryable: false,
    summary: 'The file system is mounted read-only.',
  },

  // Content checks.
  PC_REGISTRY_INTEGRITY: {
    category: 'integrity',
    severity: 'critical',
    retryable: false,
    summary: 'Downloaded or cached content does not match its integrity checksum.',
  },
  PC_JSON_SYNTAX: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A JSON document is not well-formed.',
  },
  PC_YAML_SYNTAX: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A YAML document is not well-formed.',
  },
  PC_CONFIG_INVALID: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'A configuration value is missing, of the wrong type or out of range.',
  },
  PC_CONFIG_UNKNOWN_OPERATION: {
    category: 'validation',
    severity: 'high',
    retryable: false,
    summary: 'Code asked for a recovery plan that no default or configuration defines.',
  },
  PC_INVALID_ARGUMENT: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A function was called with an argument it can never accept.',
  },

  // Language Server Protocol (JSON-RPC) error responses.
  PC_LSP_PARSE_ERROR: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A JSON-RPC message could not be parsed (-32700).',
  },
  PC_LSP_INVALID_REQUEST: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'A JSON-RPC message is not a valid request, or came at the wrong time (-32600).',
  },
  PC_LSP_METHOD_NOT_FOUND: {
    category: 'not_found',
    severity: 'low',
    retryable: false,
    summary: 'The peer does not implement that method (-32601).',
  },
  PC_LSP_INVALID_PARAMS: {
    category: 'validation',
    severity: 'medium',
    retryable: false,
    summary: 'The request parameters are invalid (-32602).',
  },
  PC_LSP_INTERNAL_ERROR: {
    category: 'internal',
    severity: 'high',
    retryable: false,
    summary: 'The peer failed while handling the request (-32603).',
  },
  PC_LSP_SERVER_NOT_INITIALIZED: {
    category: 'unavailable',
    severity: 'medium',
    retryable: true,
    summary: 'A request arrived before the server was initialized (-32002).',
  },
  PC_LSP_UNKNOWN_ERROR: {
    category: 'unknown',
    severity: 'medium',
    retryable: false,
    summary: 'The peer reported an error it did not classify (-32001).',
  },
  PC_LSP_SERVER_ERROR: {
    category: 'internal',
    severity: 'high',
    retryable: false,
    summary: 'The peer reported an implementation-defined server error (-32099 to -32000).',
  },
  PC_LSP_REQUEST_CANCELLED: {
    category: 'cancelled',
    severity: 'low',
    retryable: false,
    summary: 'The request was cancelled by the client (-32800).',
  },
  PC_LSP_CONTENT_MODIFIED: {
    category: 'cancelled',
    severity: 'low',
    retryable: true,
    summary: 'The document changed while the request ran; the result would be stale (-32801).',
  },
  PC_LSP_SERVER_CANCELLED: {
    category: 'cancelled',
    severity: 'low',
    retryable: true,
    summary: 'The server cancelled the request and the client may send it again (-32802).',
  },
  PC_LSP_REQUEST_FAILED: {
    category: 'internal',
    severity: 'medium',
    retryable: false,
    summary: 'A syntactically valid request failed on the server (-32803).',
  },

  // Last resorts.
  PC_INTERNAL: {
    category: 'internal',
    severity: 'high',
    retryable: false,
    summary: 'A bug in ParserCraft tooling: an invariant broke or a value had the wrong type.',
  },
  PC_UNKNOWN: {
    category: 'unknown',
    severity: 'medium',
    retryable: false,
    summary: 'An error that matched no classification rule.',
  },
  PC_LISTENER_FAILED: {
    category: 'internal',
    severity: 'low',
    retryable: false,
    summary: 'An event listener threw; the event still reached the other listeners.',
  },
});

export type CoreErrorCode = keyof typeof CoreErrorCodes;
