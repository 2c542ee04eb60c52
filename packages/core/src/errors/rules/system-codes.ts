import type { ErrorCodeSpec } from '../codes.js';
import { CoreErrorCodes as C } from '../core-codes.js';

/**
 * Node.js system error codes (libuv errno names and getaddrinfo results) and the stream
 * errors that mean the same thing. One row per code; classification tests walk every row.
 */
export const SYSTEM_ERROR_CODES: Readonly<Record<string, ErrorCodeSpec>> = {
  ECONNRESET: C.PC_NET_RESET,
  ECONNABORTED: C.PC_NET_RESET,
  EPIPE: C.PC_NET_BROKEN_PIPE,
  ECONNREFUSED: C.PC_NET_REFUSED,
  ETIMEDOUT: C.PC_NET_TIMEOUT,
  ESOCKETTIMEDOUT: C.PC_NET_TIMEOUT,
  ENOTFOUND: C.PC_NET_DNS_NOT_FOUND,
  EAI_FAIL: C.PC_NET_DNS_NOT_FOUND,
  EAI_AGAIN: C.PC_NET_DNS_TEMPORARY,
  EHOSTUNREACH: C.PC_NET_HOST_UNREACHABLE,
  EHOSTDOWN: C.PC_NET_HOST_UNREACHABLE,
  ENETUNREACH: C.PC_NET_NETWORK_UNREACHABLE,
  ENETDOWN: C.PC_NET_NETWORK_UNREACHABLE,
  EADDRINUSE: C.PC_NET_ADDRESS_IN_USE,
  ERR_STREAM_PREMATURE_CLOSE: C.PC_NET_PREMATURE_CLOSE,
  ENOSPC: C.PC_RESOURCE_DISK_FULL,
  EDQUOT: C.PC_RESOURCE_DISK_FULL,
  EMFILE: C.PC_RESOURCE_TOO_MANY_FILES,
  ENFILE: C.PC_RESOURCE_TOO_MANY_FILES,
  ENOMEM: C.PC_RESOURCE_MEMORY,
  ERR_OUT_OF_MEMORY: C.PC_RESOURCE_MEMORY,
  EACCES: C.PC_FS_PERMISSION,
  EPERM: C.PC_FS_PERMISSION,
  ENOENT: C.PC_FS_NOT_FOUND,
  EEXIST: C.PC_FS_EXISTS,
  ENOTEMPTY: C.PC_FS_EXISTS,
  EISDIR: C.PC_FS_WRONG_TYPE,
  ENOTDIR: C.PC_FS_WRONG_TYPE,
  EBUSY: C.PC_FS_BUSY,
  EROFS: C.PC_FS_READ_ONLY,
};

/**
 * Codes that mean something else for one system call: a refused `listen` or `bind` is
 * about the port, not about a file's permissions.
 */
export const SYSCALL_ERROR_CODES: Readonly<Record<string, Readonly<Record<string, ErrorCodeSpec>>>> = {
  listen: { EACCES: C.PC_NET_LISTEN_DENIED, EPERM: C.PC_NET_LISTEN_DENIED },
  bind: { EACCES: C.PC_NET_LISTEN_DENIED, EPERM: C.PC_NET_LISTEN_DENIED },
};

/** Properties of a Node system error worth keeping for operators. */
export const SYSTEM_ERROR_CONTEXT_KEYS: ReadonlySet<string> = new Set([
  'code',
  'errno',
  'syscall',
  'address',
  'port',
  'hostname',
  'path',
  'dest',
]);
