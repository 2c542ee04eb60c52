import { z } from 'zod';
import {
  diagnostic,
  documentUri,
  integer,
  lspAny,
  partialResult,
  range,
  textDocumentIdentifier,
  textDocumentItem,
  textDocumentPosition,
  traceValue,
  uinteger,
  versionedTextDocumentIdentifier,
  workDone,
} from './lsp-base-shapes.js';

const triggerKind = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const optionalObject = z.object({}).optional();

const clientCapabilities = z.object({
  workspace: optionalObject,
  textDocument: z
    .object({
      diagnostic: optionalObject,
      completion: z
        .object({ completionItem: z.object({ snippetSupport: z.boolean().optional() }).optional() })
        .optional(),
    })
    .optional(),
  notebookDocument: optionalObject,
  window: z.object({ workDoneProgress: z.boolean().optional() }).optional(),
  general: optionalObject,
  experimental: lspAny.optional(),
});

const initializeParams = z.object({
  ...workDone,
  processId: z.union([integer, z.null()]),
  clientInfo: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  locale: z.string().optional(),
  rootPath: z.union([z.string(), z.null()]).optional(),
  rootUri: z.union([documentUri, z.null()]),
  initializationOptions: lspAny.optional(),
  capabilities: clientCapabilities,
  trace: traceValue.optional(),
  workspaceFolders: z.union([z.array(z.object({ uri: documentUri, name: z.string() })), z.null()]).optional(),
});

const contentChange = z.object({ range: range.optional(), rangeLength: uinteger.optional(), text: z.string() });

const formattingOptions = z
  .object({
    tabSize: uinteger,
    insertSpaces: z.boolean(),
    trimTrailingWhitespace: z.boolean().optional(),
    insertFinalNewline: z.boolean().optional(),
    trimFinalNewlines: z.boolean().optional(),
  })
  .catchall(z.union([z.boolean(), integer, z.string()]));

/** Params that are void in the spec: absent, or anything a client sends in their place, which is ignored. */
const ignored = z.unknown();

/**
 * The params of every method the server handles, as LSP 3.17 (and our own protocol, for
 * `parsercraft/health`) defines them. A method not listed here is passed on unchecked: the
 * connection answers MethodNotFound for a request it has no handler for.
 */
export const METHOD_PARAMS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['initialize', initializeParams],
  // InitializedParams has no fields and the handler reads none: dropping a client's `initialized` over
  // its shape (`[]` from a Lua empty table) would leave the whole session uninitialized.
  ['initialized', ignored],
  ['shutdown', ignored],
  ['exit', ignored],
  ['$/cancelRequest', z.object({ id: z.union([integer, z.string()]) })],
  ['$/setTrace', z.object({ value: traceValue })],
  ['workspace/didChangeConfiguration', z.object({ settings: lspAny })],
  ['textDocument/didOpen', z.object({ textDocument: textDocumentItem })],
  [
    'textDocument/didChange',
    z.object({ textDocument: versionedTextDocumentIdentifier, contentChanges: z.array(contentChange) }),
  ],
  ['textDocument/didClose', z.object({ textDocument: textDocumentIdentifier })],
  ['textDocument/didSave', z.object({ textDocument: textDocumentIdentifier, text: z.string().optional() })],
  ['textDocument/willSave', z.object({ textDocument: textDocumentIdentifier, reason: triggerKind })],
  ['textDocument/willSaveWaitUntil', z.object({ textDocument: textDocumentIdentifier, reason: triggerKind })],
  ['textDocument/hover', z.object({ ...textDocumentPosition, ...workDone })],
  [
    'textDocument/completion',
    z.object({
      ...textDocumentPosition,
      ...workDone,
      ...partialResult,
      context: z.object({ triggerKind, triggerCharacter: z.string().optional() }).optional(),
    }),
  ],
  ['textDocument/definition', z.object({ ...textDocumentPosition, ...workDone, ...partialResult })],
  [
    'textDocument/references',
    z.object({
      ...textDocumentPosition,
      ...workDone,
      ...partialResult,
      context: z.object({ includeDeclaration: z.boolean() }),
    }),
  ],
  ['textDocument/documentHighlight', z.object({ ...textDocumentPosition, ...workDone, ...partialResult })],
  ['textDocument/documentSymbol', z.object({ textDocument: textDocumentIdentifier, ...workDone, ...partialResult })],
  [
    'textDocument/signatureHelp',
    z.object({
      ...textDocumentPosition,
      ...workDone,
      context: z
        .object({
          triggerKind,
          triggerCharacter: z.string().optional(),
          isRetrigger: z.boolean(),
          activeSignatureHelp: z
            .object({
              signatures: z.array(z.object({ label: z.string() })),
              activeSignature: uinteger.optional(),
              activeParameter: uinteger.optional(),
            })
            .optional(),
        })
        .optional(),
    }),
  ],
  ['textDocument/prepareRename', z.object({ ...textDocumentPosition, ...workDone })],
  ['textDocument/rename', z.object({ ...textDocumentPosition, ...workDone, newName: z.string() })],
  [
    'textDocument/semanticTokens/full',
    z.object({ textDocument: textDocumentIdentifier, ...workDone, ...partialResult }),
  ],
  [
    'textDocument/semanticTokens/range',
    z.object({ textDocument: textDocumentIdentifier, range, ...workDone, ...partialResult }),
  ],
  [
    'textDocument/diagnostic',
    z.object({
      textDocument: textDocumentIdentifier,
      identifier: z.string().optional(),
      previousResultId: z.string().optional(),
      ...workDone,
      ...partialResult,
    }),
  ],
  [
    'textDocument/codeAction',
    z.object({
      textDocument: textDocumentIdentifier,
      range,
      context: z.object({
        diagnostics: z.array(diagnostic),
        only: z.array(z.string()).optional(),
        triggerKind: z.union([z.literal(1), z.literal(2)]).optional(),
      }),
      ...workDone,
      ...partialResult,
    }),
  ],
  [
    'textDocument/formatting',
    z.object({ textDocument: textDocumentIdentifier, options: formattingOptions, ...workDone }),
  ],
  ['workspace/executeCommand', z.object({ command: z.string(), arguments: z.array(lspAny).optional(), ...workDone })],
  ['parsercraft/health', z.object({}).optional()],
]);
