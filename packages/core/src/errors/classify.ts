import { BrokenCircuitError, BulkheadRejectedError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';
import { errorCodeSpec, type ErrorCodeSpec } from './codes.js';
import { CoreErrorCodes as C } from './core-codes.js';
import { redact } from '../redaction/redact.js';
import { PcError, createClassifiedError } from './pc-error.js';
import { parseRetryAfter, readHeader } from './retry-after.js';
import { specForHttpStatus } from './rules/http-status.js';
import { isLspErrorCode, specForLspCode } from './rules/lsp-codes.js';
import { SYSCALL_ERROR_CODES, SYSTEM_ERROR_CODES, SYSTEM_ERROR_CONTEXT_KEYS } from './rules/system-codes.js';
import { pick, prop, type Classification } from './rules/types.js';
import { INTEGRITY_ERROR_CODES, TLS_ERROR_CODES, UNDICI_ERROR_CODES } from './rules/undici-codes.js';

/** Foreign string codes (`err.code`) and what they mean, from every table. */
const FOREIGN_CODES: ReadonlyMap<string, ErrorCodeSpec> = new Map(
  Object.entries({ ...SYSTEM_ERROR_CODES, ...UNDICI_ERROR_CODES, ...TLS_ERROR_CODES, ...INTEGRITY_ERROR_CODES }),
);

const MAX_CAUSE_DEPTH = 4;
const NAME_AND_CODE: ReadonlySet<string> = new Set(['name', 'code']);
const HTTP_CONTEXT_KEYS: ReadonlySet<string> = new Set(['method', 'url', 'statusText']);
const LINE_COL: ReadonlySet<string> = new Set(['line', 'col']);
const LINE_COLUMN: ReadonlySet<string> = new Set(['line', 'column']);
const CODE: ReadonlySet<string> = new Set(['code']);
const PROGRAMMING_ERRORS = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'SyntaxError',
]);

/**
 * Turns anything that was thrown or rejected into a PcError. Table-driven; never throws,
 * whatever the input (null, strings, proxies that throw on every access, cycles).
 * A PcError comes back as itself, so code that converts errors where they arise (as
 * RecoveryManager does) pays for classification once.
 */
export function classify(input: unknown): PcError {
  if (PcError.is(input)) return input;
  try {
    if (typeof input === 'object' && input !== null) return build(input, resolve(input, 0));
    return new PcError(C.PC_UNKNOWN, describePrimitive(input), { cause: input, captureStack: false });
  } catch (failure) {
    // A rule met something it could not read. Still answer, and say so.
    return new PcError(C.PC_UNKNOWN, 'Unclassifiable error value', {
      cause: failure,
      context: { classifierFailure: true },
      captureStack: false,
    });
  }
}

function build(input: object, found: Classification): PcError {
  const ownMessage = prop(input, 'message');
  const message = found.message ?? (typeof ownMessage === 'string' && ownMessage !== '' ? ownMessage : undefined);
  // Rule contexts are made of picked, already redacted primitives (see pick()).
  return createClassifiedError(found.spec, message, input, found.context, found.retryAfterMs);
}

/** The rule table, in order. The first rule that recognises the input wins. */
function resolve(input: object, depth: number): Classification {
  return (
    fromAbort(input, depth) ??
    fromCockatiel(input) ??
    fromStringCode(input) ??
    fromHttpStatus(input) ??
    fromLspCode(input) ??
    fromSyntax(input) ??
    fromNested(input, depth) ??
    fromProgrammingError(input) ?? {
      spec: C.PC_UNKNOWN,
      context: pick(input, NAME_AND_CODE),
    }
  );
}

/** AbortError / TimeoutError from AbortController, AbortSignal.timeout and Node APIs. */
function fromAbort(input: object, depth: number): Classification | undefined {
  const name = prop(input, 'name');
  if (name === 'TimeoutError') return { spec: C.PC_TIMEOUT };
  if (name !== 'AbortError' && prop(input, 'code') !== 'ABORT_ERR') return undefined;
  // signal.abort(reason) often carries the real story (our own timeout, a shutdown).
  const cause = prop(input, 'cause');
  if (typeof cause === 'object' && cause !== null && depth < MAX_CAUSE_DEPTH) {
    if (PcError.is(cause)) return { spec: cause.spec, message: cause.message, context: cause.context };
    const inner = resolve(cause, depth + 1);
    if (inner.spec !== C.PC_UNKNOWN) return inner;
  }
  return { spec: C.PC_CANCELLED };
}

function fromCockatiel(input: object): Classification | undefined {
  if (input instanceof IsolatedCircuitError) return { spec: C.PC_CIRCUIT_OPEN, context: { isolated: true } };
  if (input instanceof BrokenCircuitError) return { spec: C.PC_CIRCUIT_OPEN };
  if (input instanceof BulkheadRejectedError) return { spec: C.PC_BULKHEAD_FULL };
  if (input instanceof TaskCancelledError) return { spec: C.PC_CANCELLED };
  return undefined;
}

/** `err.code` strings: our own codes (errors that crossed a process boundary) and foreign tables. */
function fromStringCode(input: object): Classification | undefined {
  const code = prop(input, 'code');
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('PC_')) {
    const spec = errorCodeSpec(code);
    if (!spec) return undefined;
    const context = prop(input, 'context');
    const retryAfterMs = prop(input, 'retryAfterMs');
    return {
      spec,
      // Came from outside (JSON over the LSP wire, another process): redact it like any input.
      ...(typeof context === 'object' && context !== null
        ? { context: redact(context) as Record<string, unknown> }
        : {}),
      ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
    };
  }
  const syscall = prop(input, 'syscall');
  const spec =
    (typeof syscall === 'string' ? SYSCALL_ERROR_CODES[syscall]?.[code] : undefined) ??
    FOREIGN_CODES.get(code) ??
    // llhttp's parse errors (HPE_INVALID_CONSTANT, HPE_INVALID_HEADER_TOKEN ...): the peer does not speak HTTP.
    (code.startsWith('HPE_') ? C.PC_NET_PROTOCOL : undefined);
  return spec ? { spec, context: pick(input, SYSTEM_ERROR_CONTEXT_KEYS) } : undefined;
}

/** HTTP responses and errors carrying one (undici ResponseError, RequestRetryError, fetch Response). */
function fromHttpStatus(input: object): Classification | undefined {
  const raw = prop(input, 'statusCode') ?? httpLikeStatus(input);
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return undefined;
  const spec = specForHttpStatus(raw);
  if (!spec) return undefined;
  const headers = prop(input, 'headers');
  const retryAfterMs = parseRetryAfter(readHeader(headers, 'retry-after'));
  const context: Record<string, unknown> = { status: raw, ...pick(input, HTTP_CONTEXT_KEYS) };
  const hasMessage = typeof prop(input, 'message') === 'string';
  return {
    spec,
    ...(hasMessage ? {} : { message: `HTTP ${raw}: ${spec.summary}` }),
    context,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/**
 * `status` alone is too common a name (a spawnSync result has one), so it counts only on
 * something shaped like an HTTP response: with headers or a status text.
 */
function httpLikeStatus(input: object): unknown {
  const status = prop(input, 'status');
  if (typeof status !== 'number') return undefined;
  const headers = prop(input, 'headers');
  return (typeof headers === 'object' && headers !== null) || typeof prop(input, 'statusText') === 'string'
    ? status
    : undefined;
}

/** JSON-RPC ResponseError: a numeric code, maybe our own classified code in `data`. */
function fromLspCode(input: object): Classification | undefined {
  const code = prop(input, 'code');
  if (typeof code !== 'number' || !isLspErrorCode(code)) return undefined;
  const data = prop(input, 'data');
  if (typeof data === 'object' && data !== null) {
    const carried = prop(data, 'code');
    const spec = typeof carried === 'string' ? errorCodeSpec(carried) : undefined;
    if (spec) return { spec, context: { lspCode: code } };
  }
  return { spec: specForLspCode(code), context: { lspCode: code } };
}

/** JSON.parse SyntaxErrors and the YAML parsers' errors, with the location when known. */
function fromSyntax(input: object): Classification | undefined {
  const name = prop(input, 'name');
  // undici's HTTPParserError often has no code at all ("Response does not match the HTTP/1.1 protocol").
  if (name === 'HTTPParserError') return { spec: C.PC_NET_PROTOCOL };
  if (name === 'YAMLParseError' || name === 'YAMLException') {
    return { spec: C.PC_YAML_SYNTAX, context: yamlLocation(input) };
  }
  const message = prop(input, 'message');
  if (input instanceof SyntaxError && typeof message === 'string' && message.includes('JSON')) {
    const position = /at position (\d+)/.exec(message);
    const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
    return {
      spec: C.PC_JSON_SYNTAX,
      context: {
        ...(position ? { offset: Number(position[1]) } : {}),
        ...(lineColumn ? { line: Number(lineColumn[1]), column: Number(lineColumn[2]) } : {}),
      },
    };
  }
  return undefined;
}

function yamlLocation(input: object): Record<string, unknown> {
  // `yaml`: linePos [{line, col}], 1-based. js-yaml: mark {line, column}, 0-based.
  const linePos = prop(input, 'linePos');
  if (Array.isArray(linePos) && typeof linePos[0] === 'object' && linePos[0] !== null) {
    return { ...pick(linePos[0] as object, LINE_COL), ...pick(input, CODE) };
  }
  const mark = prop(input, 'mark');
  if (typeof mark === 'object' && mark !== null) {
    const { line, column } = pick(mark, LINE_COLUMN);
    return {
      ...(typeof line === 'number' ? { line: line + 1 } : {}),
      ...(typeof column === 'number' ? { col: column + 1 } : {}),
    };
  }
  return {};
}

/** Wrappers: `fetch failed` with a cause, AggregateError from happy-eyeballs connects. */
function fromNested(input: object, depth: number): Classification | undefined {
  if (depth >= MAX_CAUSE_DEPTH) return undefined;
  const errors = prop(input, 'errors');
  const inner = Array.isArray(errors) && errors.length > 0 ? (errors[0] as unknown) : prop(input, 'cause');
  if (typeof inner !== 'object' || inner === null) return undefined;
  const found = PcError.is(inner)
    ? { spec: inner.spec, message: inner.message, context: inner.context }
    : resolve(inner, depth + 1);
  if (found.spec === C.PC_UNKNOWN) return undefined;
  const outer = prop(input, 'message');
  const innerMessage = found.message ?? prop(inner, 'message');
  const message =
    typeof outer === 'string' && outer !== '' && typeof innerMessage === 'string' && innerMessage !== outer
      ? `${outer}: ${innerMessage}`
      : typeof innerMessage === 'string'
        ? innerMessage
        : undefined;
  return { ...found, ...(message === undefined ? {} : { message }) };
}

function fromProgrammingError(input: object): Classification | undefined {
  const name = prop(input, 'name');
  return input instanceof Error && typeof name === 'string' && PROGRAMMING_ERRORS.has(name)
    ? { spec: C.PC_INTERNAL, context: pick(input, NAME_AND_CODE) }
    : undefined;
}

function describePrimitive(input: unknown): string {
  switch (typeof input) {
    case 'string':
      return input === '' ? 'Empty error message' : input;
    case 'function':
      return `A function was thrown: ${input.name || 'anonymous'}`;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return `Non-error value thrown: ${input.toString()}`;
    case 'undefined':
    case 'object':
      return `Thrown value was ${input === null ? 'null' : 'undefined'}`;
  }
}
