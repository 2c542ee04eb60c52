import { z } from 'zod';

// LSP 3.17's base types, as zod schemas of what a client may send. Objects allow fields
// beyond the spec's (z.object keeps quiet about unknown keys), as its TypeScript types do.

export const uinteger = z
  .int()
  .min(0)
  .max(2 ** 31 - 1);
export const integer = z
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
export const documentUri = z.string();
/** LSPAny. In an object zod 4 still requires the key (null is a value), as the spec does unless `?`. */
export const lspAny = z.unknown();
export const progressToken = z.union([integer, z.string()]);
export const traceValue = z.enum(['off', 'messages', 'verbose']);

export const position = z.object({ line: uinteger, character: uinteger });
export const range = z.object({ start: position, end: position });
export const textDocumentIdentifier = z.object({ uri: documentUri });
export const versionedTextDocumentIdentifier = z.object({ uri: documentUri, version: integer });
export const textDocumentItem = z.object({
  uri: documentUri,
  languageId: z.string(),
  version: integer,
  text: z.string(),
});

export const workDone = { workDoneToken: progressToken.optional() };
export const partialResult = { partialResultToken: progressToken.optional() };
export const textDocumentPosition = { textDocument: textDocumentIdentifier, position };

export const diagnostic = z.object({
  range,
  severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  code: z.union([integer, z.string()]).optional(),
  codeDescription: z.object({ href: z.string() }).optional(),
  source: z.string().optional(),
  message: z.string(),
  tags: z.array(z.union([z.literal(1), z.literal(2)])).optional(),
  relatedInformation: z
    .array(z.object({ location: z.object({ uri: documentUri, range }), message: z.string() }))
    .optional(),
  data: lspAny.optional(),
});
