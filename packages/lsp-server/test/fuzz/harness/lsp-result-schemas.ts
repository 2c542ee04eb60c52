import { z } from 'zod';

/**
 * LSP 3.17's result shapes, written from the specification rather than taken from the
 * server, so an answer that vscode-jsonrpc would pass on but an editor would choke on is
 * caught. Extra properties are allowed, as the specification allows them.
 */

const uinteger = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const integer = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
const uri = z.string();

export const Position = z.object({ line: uinteger, character: uinteger });
export const Range = z.object({ start: Position, end: Position });
export type LspRange = z.infer<typeof Range>;

const Location = z.object({ uri, range: Range });
const LocationLink = z.object({
  originSelectionRange: Range.optional(),
  targetUri: uri,
  targetRange: Range,
  targetSelectionRange: Range,
});
const MarkupContent = z.object({ kind: z.enum(['plaintext', 'markdown']), value: z.string() });
const MarkedString = z.union([z.string(), z.object({ language: z.string(), value: z.string() })]);
const TextEdit = z.object({ range: Range, newText: z.string() });
const Command = z.object({ title: z.string(), command: z.string(), arguments: z.array(z.unknown()).optional() });
const SymbolKind = z.number().int().min(1).max(26);
const DiagnosticSeverity = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const Diagnostic = z.object({
  range: Range,
  severity: DiagnosticSeverity.optional(),
  code: z.union([integer, z.string()]).optional(),
  codeDescription: z.object({ href: z.string() }).optional(),
  source: z.string().optional(),
  message: z.string(),
  tags: z.array(z.union([z.literal(1), z.literal(2)])).optional(),
  relatedInformation: z.array(z.object({ location: Location, message: z.string() })).optional(),
  data: z.unknown().optional(),
});
export type LspDiagnostic = z.infer<typeof Diagnostic>;

export const PublishDiagnosticsParams = z.object({
  uri,
  version: integer.optional(),
  diagnostics: z.array(Diagnostic),
});

interface DocumentSymbolShape {
  name: string;
  kind: number;
  range: LspRange;
  selectionRange: LspRange;
  children?: DocumentSymbolShape[] | undefined;
}
const DocumentSymbol: z.ZodType<DocumentSymbolShape> = z.lazy(() =>
  z.object({
    name: z.string().min(1),
    detail: z.string().optional(),
    kind: SymbolKind,
    tags: z.array(z.literal(1)).optional(),
    deprecated: z.boolean().optional(),
    range: Range,
    selectionRange: Range,
    children: z.array(DocumentSymbol).optional(),
  }),
);
const SymbolInformation = z.object({
  name: z.string(),
  kind: SymbolKind,
  tags: z.array(z.literal(1)).optional(),
  deprecated: z.boolean().optional(),
  location: Location,
  containerName: z.string().optional(),
});
const CompletionItem = z.object({
  label: z.string(),
  kind: z.number().int().min(1).max(25).optional(),
  detail: z.string().optional(),
  documentation: z.union([z.string(), MarkupContent]).optional(),
  insertText: z.string().optional(),
  insertTextFormat: z.union([z.literal(1), z.literal(2)]).optional(),
  textEdit: z.union([TextEdit, z.object({ newText: z.string(), insert: Range, replace: Range })]).optional(),
  additionalTextEdits: z.array(TextEdit).optional(),
  sortText: z.string().optional(),
  filterText: z.string().optional(),
});
const ParameterInformation = z.object({
  label: z.union([z.string(), z.tuple([uinteger, uinteger])]),
  documentation: z.union([z.string(), MarkupContent]).optional(),
});
const SignatureHelp = z.object({
  signatures: z.array(
    z.object({
      label: z.string(),
      documentation: z.union([z.string(), MarkupContent]).optional(),
      parameters: z.array(ParameterInformation).optional(),
      activeParameter: uinteger.optional(),
    }),
  ),
  activeSignature: uinteger.optional(),
  activeParameter: uinteger.optional(),
});
const AnnotatedTextEdit = TextEdit.extend({ annotationId: z.string().optional() });
const WorkspaceEdit = z.object({
  changes: z.record(z.string(), z.array(TextEdit)).optional(),
  documentChanges: z
    .array(
      z.union([
        z.object({
          textDocument: z.object({ uri, version: integer.nullable() }),
          edits: z.array(AnnotatedTextEdit),
        }),
        z.object({ kind: z.enum(['create', 'rename', 'delete']) }),
      ]),
    )
    .optional(),
  changeAnnotations: z.record(z.string(), z.unknown()).optional(),
});
const CodeAction = z.object({
  title: z.string(),
  kind: z.string().optional(),
  diagnostics: z.array(Diagnostic).optional(),
  isPreferred: z.boolean().optional(),
  disabled: z.object({ reason: z.string() }).optional(),
  edit: WorkspaceEdit.optional(),
  command: Command.optional(),
  data: z.unknown().optional(),
});
const SemanticTokens = z.object({
  resultId: z.string().optional(),
  data: z.array(uinteger).refine((d) => d.length % 5 === 0, 'data is not a multiple of five integers'),
});
export const DocumentDiagnosticReport = z.union([
  z.object({
    kind: z.literal('full'),
    resultId: z.string().optional(),
    items: z.array(Diagnostic),
    relatedDocuments: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({
    kind: z.literal('unchanged'),
    resultId: z.string(),
    relatedDocuments: z.record(z.string(), z.unknown()).optional(),
  }),
]);

/** The document requests the fuzz suite sends, and the result shape the specification allows for each. */
export const RESULT_SCHEMAS = {
  'textDocument/hover': z
    .object({ contents: z.union([MarkupContent, MarkedString, z.array(MarkedString)]), range: Range.optional() })
    .nullable(),
  'textDocument/definition': z.union([Location, z.array(Location), z.array(LocationLink)]).nullable(),
  'textDocument/references': z.array(Location).nullable(),
  'textDocument/documentHighlight': z
    .array(z.object({ range: Range, kind: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional() }))
    .nullable(),
  'textDocument/documentSymbol': z.union([z.array(DocumentSymbol), z.array(SymbolInformation)]).nullable(),
  'textDocument/completion': z
    .union([z.array(CompletionItem), z.object({ isIncomplete: z.boolean(), items: z.array(CompletionItem) })])
    .nullable(),
  'textDocument/signatureHelp': SignatureHelp.nullable(),
  'textDocument/rename': WorkspaceEdit.nullable(),
  'textDocument/prepareRename': z
    .union([Range, z.object({ range: Range, placeholder: z.string() }), z.object({ defaultBehavior: z.boolean() })])
    .nullable(),
  'textDocument/semanticTokens/full': SemanticTokens.nullable(),
  'textDocument/semanticTokens/range': SemanticTokens.nullable(),
  'textDocument/diagnostic': DocumentDiagnosticReport,
  'textDocument/formatting': z.array(TextEdit).nullable(),
  'textDocument/codeAction': z.array(z.union([Command, CodeAction])).nullable(),
} as const;

export type DocumentMethod = keyof typeof RESULT_SCHEMAS;
export const DOCUMENT_METHODS = Object.keys(RESULT_SCHEMAS) as DocumentMethod[];

/** JSON-RPC's and LSP's defined error codes: anything else in an error answer breaks the protocol. */
export const SPEC_ERROR_CODES: ReadonlySet<number> = new Set([
  -32700, -32600, -32601, -32602, -32603, -32002, -32800, -32801, -32802, -32803,
]);
