import fc from 'fast-check';
import { DOCUMENT_METHODS, type DocumentMethod } from './lsp-result-schemas.js';

/**
 * Generators for the protocol gate: whole connections, from the first byte to the end,
 * with requests before initialize, a second initialize, bodies that are not JSON or not
 * JSON-RPC, params that break the schema, and the ways a connection ends.
 */

/** Bodies a correct Content-Length frames but that are not JSON at all. */
export const NOT_JSON = [
  '{"jsonrpc":"2.0","id":1,"method":',
  '{]',
  'nul',
  '\u0000\u0001',
  '{"a":1}}',
  "{'single':1}",
  '',
] as const;
/** JSON that is not a JSON-RPC message: answered InvalidRequest with id null (or the id it has). */
export const NOT_RPC = [
  '[]',
  '42',
  '"text"',
  '{"jsonrpc":"2.0"}',
  '{"jsonrpc":"2.0","id":"x-5"}',
  '{"jsonrpc":"1.0","id":"x-6","method":"shutdown"}',
] as const;
/** Headers no LSP peer can read: the connection must end. */
export const BROKEN_FRAMES = [
  'Content-Length: abc\r\n\r\n{}',
  'Content-Type: application/json\r\n\r\n{}',
  'Content-Length: -5\r\n\r\n{}',
  'hello world\r\n\r\n',
  'Content-Length: 2\r\nContent-Length: 9\r\n\r\n{}',
] as const;

/** Params that break every document method's schema (LSP 3.17's types); the last two only where a position is required. */
export const BAD_PARAMS = [
  null,
  [],
  'text',
  {},
  { textDocument: { uri: 42 }, position: { line: 0, character: 0 } },
  { textDocument: 'file:///x.pas', position: { line: 0, character: 0 } },
  { textDocument: { uri: 'file:///x.pas' }, position: { line: -1, character: 0 } },
  { textDocument: { uri: 'file:///x.pas' }, position: { line: 'one', character: 0 } },
] as const;
const POSITION_METHODS: ReadonlySet<DocumentMethod> = new Set([
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/completion',
  'textDocument/signatureHelp',
  'textDocument/rename',
  'textDocument/prepareRename',
]);
/** Which of BAD_PARAMS break `method`'s schema: a bad position breaks only a method that takes one. */
const badParamsFor = (method: DocumentMethod): number[] =>
  BAD_PARAMS.map((_, i) => i).filter((i) => i < BAD_PARAMS.length - 2 || POSITION_METHODS.has(method));

export type GateOp =
  | { readonly kind: 'request'; readonly method: DocumentMethod | 'parsercraft/health' | 'shutdown' }
  | { readonly kind: 'openNotification' }
  | { readonly kind: 'notJson'; readonly body: (typeof NOT_JSON)[number] }
  | { readonly kind: 'notRpc'; readonly body: (typeof NOT_RPC)[number] }
  | { readonly kind: 'badParams'; readonly method: DocumentMethod; readonly params: number }
  | { readonly kind: 'unknownMethod' }
  | { readonly kind: 'duplicateInitialize' };

export type Ending =
  | { readonly kind: 'stay' }
  | { readonly kind: 'shutdownExit' }
  | { readonly kind: 'exit' }
  | { readonly kind: 'brokenFrame'; readonly frame: (typeof BROKEN_FRAMES)[number] };

export interface Connection {
  readonly beforeInitialize: readonly GateOp[];
  readonly initialize: boolean;
  readonly afterInitialize: readonly GateOp[];
  readonly ending: Ending;
}

const requestMethod = fc.constantFrom(...DOCUMENT_METHODS, 'parsercraft/health' as const, 'shutdown' as const);
const common: fc.Arbitrary<GateOp>[] = [
  fc.record({ kind: fc.constant('notJson' as const), body: fc.constantFrom(...NOT_JSON) }),
  fc.record({ kind: fc.constant('notRpc' as const), body: fc.constantFrom(...NOT_RPC) }),
];

export const connectionArbitrary: fc.Arbitrary<Connection> = fc.record({
  beforeInitialize: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('request' as const), method: requestMethod }),
      fc.record({ kind: fc.constant('openNotification' as const) }),
      ...common,
    ),
    { maxLength: 3 },
  ),
  initialize: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  afterInitialize: fc.array(
    fc.oneof(
      fc.constantFrom(...DOCUMENT_METHODS).chain((method) =>
        fc.record({
          kind: fc.constant('badParams' as const),
          method: fc.constant(method),
          params: fc.constantFrom(...badParamsFor(method)),
        }),
      ),
      fc.record({ kind: fc.constant('unknownMethod' as const) }),
      fc.record({ kind: fc.constant('duplicateInitialize' as const) }),
      fc.record({ kind: fc.constant('request' as const), method: fc.constant('parsercraft/health' as const) }),
      ...common,
    ),
    { maxLength: 5 },
  ),
  ending: fc.oneof(
    fc.constant({ kind: 'stay' as const }),
    fc.constant({ kind: 'shutdownExit' as const }),
    fc.constant({ kind: 'exit' as const }),
    fc.record({ kind: fc.constant('brokenFrame' as const), frame: fc.constantFrom(...BROKEN_FRAMES) }),
  ),
});
