import { connect, type Socket } from 'node:net';
import { classify, PcError } from '@parsercraft/core/errors';
import { IPCMessageReader, IPCMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { ServerCodes } from '../errors/server-codes.js';
import type { LaunchFlags } from './launch-flags.js';

/** Where messages come and go: byte streams framed by LSP's base protocol, or whole messages (node IPC). */
export type Transport =
  | { readonly kind: 'bytes'; readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream }
  | { readonly kind: 'messages'; readonly input: MessageReader; readonly output: MessageWriter };

/**
 * Opens the transport the flags name, so the one reading of the command line decides it
 * (vscode-languageserver's own argv parsing would cut `--pipe=/a=b` at the `=`, and a
 * socket that cannot connect would end the process silently with code 0). A socket or pipe
 * is connected before anything is served; failing that is its classified network error.
 */
export async function openTransport(flags: LaunchFlags): Promise<Transport> {
  switch (flags.transport) {
    case 'stdio':
      // stdout is the protocol's: whatever a library logs goes to stderr instead.
      for (const method of ['log', 'info', 'debug'] as const) console[method] = console.error;
      return { kind: 'bytes', input: process.stdin, output: process.stdout };
    case 'node-ipc':
      if (typeof process.send !== 'function') {
        throw new PcError(
          ServerCodes.PC_SERVER_USAGE,
          '--node-ipc needs a parent that opened an IPC channel (a Node client started this process with fork).',
        );
      }
      return { kind: 'messages', input: new IPCMessageReader(process), output: new IPCMessageWriter(process) };
    case 'socket': {
      const socket = await connected(
        connect({ port: flags.port, host: '127.0.0.1' }),
        `the client's socket 127.0.0.1:${flags.port}`,
      );
      return { kind: 'bytes', input: socket, output: socket };
    }
    case 'pipe': {
      const socket = await connected(connect({ path: flags.pipe }), `the client's pipe ${flags.pipe}`);
      return { kind: 'bytes', input: socket, output: socket };
    }
  }
}

function connected(socket: Socket, what: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      const e = classify(error);
      reject(new PcError(e.spec, `Cannot connect to ${what}: ${e.message}`, { cause: error }));
    });
  });
}
