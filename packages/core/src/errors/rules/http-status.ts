import type { ErrorCodeSpec } from '../codes.js';
import { CoreErrorCodes as C } from '../core-codes.js';

/** Maps a failing HTTP status to its code; undefined for 2xx, which is not a failure. */
export function specForHttpStatus(status: number): ErrorCodeSpec | undefined {
  switch (status) {
    case 401:
      return C.PC_HTTP_UNAUTHORIZED;
    case 403:
      return C.PC_HTTP_FORBIDDEN;
    case 404:
    case 410:
      return C.PC_HTTP_NOT_FOUND;
    case 408:
      return C.PC_HTTP_REQUEST_TIMEOUT;
    case 425:
      return C.PC_HTTP_TOO_EARLY;
    case 429:
      return C.PC_HTTP_RATE_LIMITED;
    case 502:
    case 503:
    case 504:
      return C.PC_HTTP_UNAVAILABLE;
    default:
      break;
  }
  if (status >= 500 && status <= 599) return C.PC_HTTP_SERVER_ERROR;
  if (status >= 400 && status <= 499) return C.PC_HTTP_CLIENT_ERROR;
  if ((status >= 100 && status <= 199) || (status >= 300 && status <= 399)) return C.PC_HTTP_UNEXPECTED_STATUS;
  return undefined;
}
