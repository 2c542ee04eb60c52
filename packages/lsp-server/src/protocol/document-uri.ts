import { extname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a client-sent document URI names, read without ever throwing: clients send UNC file
 * URIs (`file://host/share/x.pas`, which Node refuses on POSIX), undecodable percent-escapes
 * and schemes with no file behind them (`untitled:`, `vscode-notebook-cell:`).
 */
export interface UriReading {
  /** The local file, when the URI is a `file:` URI Node can turn into a path here. */
  readonly path: string | undefined;
  /** The lower-cased extension of the last path segment (`.pas`), or '' when it has none. */
  readonly extension: string;
  /** Why `path` is undefined, for a log line; undefined when it is a local file. */
  readonly notLocal: string | undefined;
}

export function readDocumentUri(uri: string): UriReading {
  if (uri.startsWith('file:')) {
    try {
      const path = fileURLToPath(uri);
      // `%00` decodes to a NUL, which every file system call refuses: no file is named so.
      if (path.includes('\0'))
        return { path: undefined, extension: extname(path).toLowerCase(), notLocal: 'a NUL in its path' };
      return { path, extension: extname(path).toLowerCase(), notLocal: undefined };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { path: undefined, extension: extensionOfUrl(uri), notLocal: `not a local file: ${reason}` };
    }
  }
  return { path: undefined, extension: extensionOfUrl(uri), notLocal: 'not a file: URI' };
}

/** The local file a URI names, or undefined (see readDocumentUri). */
export function filePathOf(uri: string): string | undefined {
  return readDocumentUri(uri).path;
}

/** The extension of a URI's path, its percent-escapes decoded where they decode; '' when there is none. */
function extensionOfUrl(uri: string): string {
  let pathname: string;
  try {
    pathname = new URL(uri).pathname;
  } catch {
    // Not even a URL: what comes before any query or fragment is the best guess at a path.
    pathname = uri.split(/[?#]/)[0] ?? '';
  }
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // An escape that does not decode (`%E0%A4%A`): the raw text still carries the extension.
  }
  return posix.extname(decoded.replaceAll('\\', '/')).toLowerCase();
}
