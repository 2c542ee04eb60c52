import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** The document a command is about: `[uri]` or `[{uri}]`, as clients send it. */
export function documentArgument(args: readonly unknown[] | undefined): string {
  const first = args?.[0];
  const uri = first && typeof first === 'object' ? (first as { uri?: unknown }).uri : first;
  if (typeof uri !== 'string')
    throw new ResponseError(ErrorCodes.InvalidParams, 'The command needs the document URI as its argument.');
  return uri;
}

/** A positive number the client sent, or undefined for anything else. */
export const positive = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);

/** One key of the client's initializationOptions, whatever shape the client sent. */
export function option(options: unknown, key: string): unknown {
  return options && typeof options === 'object' ? (options as Record<string, unknown>)[key] : undefined;
}
