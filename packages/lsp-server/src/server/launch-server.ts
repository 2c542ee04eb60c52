import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { classify, createLogger, PcError, runbookLink } from '@parsercraft/core';
import { createConnection, ProposedFeatures, StreamMessageWriter } from 'vscode-languageserver/node';
import { ServerCodes } from '../errors/server-codes.js';
import { RUNBOOK_FILE } from '../runbook-file.js';
import { openProtocolGate, type ProtocolGate } from '../protocol/gate/protocol-gate.js';
import { parseLaunchFlags } from './launch-flags.js';
import { LanguageServer, type ServerOptions } from './language-server.js';
import { bindHealthPort } from '../health/health-http.js';
import { openTransport, type Transport } from './transport.js';

export interface LaunchOptions extends Omit<ServerOptions, 'healthPort'> {
  /** The command line after the program (and after `lsp` for the CLI): see parseLaunchFlags. Default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
}

/**
 * Starts the language server on the transport the command line names: the one way every
 * entry point launches it. Resolves once it serves (the process then lives until the client
 * sends exit); rejects with a PcError for a bad command line, a health port it cannot
 * listen on, or a socket or pipe it cannot connect to, before anything is served.
 * Every message passes the protocol gate (protocol/gate/) before the connection sees it.
 */
export async function launchServer(options: LaunchOptions = {}): Promise<LanguageServer> {
  const { argv = process.argv.slice(2), ...serverOptions } = options;
  const flags = parseLaunchFlags(argv);
  // Everything that can fail comes before the connection exists: once it reads the
  // transport, the transport's end exits the process (1, as the protocol asks) whatever we say.
  const listener = flags.healthPort === undefined ? undefined : await bindHealth(flags.healthPort);
  let transport: Transport;
  try {
    transport = await openTransport(flags);
  } catch (error) {
    listener?.close();
    throw error;
  }
  const log = serverOptions.logger ?? createLogger({ name: 'parsercraft-lsp' });
  const gate = openProtocolGate(
    transport.kind === 'bytes' ? { bytes: transport.input } : { messages: transport.input },
    transport.kind === 'bytes' ? new StreamMessageWriter(transport.output) : transport.output,
    {
      log,
      onFramingError: (error) => {
        // Not ready first, with the cause in the log, then gone: a client cannot resynchronise a byte stream.
        // The reader starts with server.listen(), so `server` exists by the time this can run.
        server.transportFailed(new PcError(ServerCodes.PC_SERVER_FRAMING, error.message, { cause: error }));
        process.exit(1);
      },
    },
  );
  if (transport.kind === 'bytes') exitWhenInputEnds(transport.input, gate);
  keepServingOnUnhandledRejections(log);
  const connection = createConnection(ProposedFeatures.all, gate.reader, gate.writer);
  const server = new LanguageServer(connection, {
    ...serverOptions,
    logger: log,
    ...(listener !== undefined && { healthListener: listener }),
  });
  await server.listen();
  return server;
}

/** As vscode-languageserver does for the streams it holds itself: the client went away, 0 after shutdown, else 1. */
function exitWhenInputEnds(input: NodeJS.ReadableStream, gate: ProtocolGate): void {
  const exit = (): never => process.exit(gate.lifecycle.shutdownReceived ? 0 : 1);
  input.on('end', exit);
  input.on('close', exit);
}

let rejectionsLogged = false;

/**
 * A promise some handler forgot to await must not end a server the editor depends on:
 * the rejection is logged with its classified code and serving goes on (Node's default is
 * to exit). Registered once per process.
 */
function keepServingOnUnhandledRejections(log: Logger): void {
  if (rejectionsLogged) return;
  rejectionsLogged = true;
  process.on('unhandledRejection', (reason: unknown) => {
    log.error({ err: classify(reason) }, 'unhandled rejection; the server keeps serving');
  });
}

/** The health listener, or why the port cannot be had (the operator asked for it, so the start fails). */
async function bindHealth(port: number): Promise<Server> {
  try {
    return await bindHealthPort(port);
  } catch (error) {
    const e = classify(error);
    throw new PcError(e.spec, `Cannot serve health endpoints on 127.0.0.1:${port}: ${e.message}`, { cause: error });
  }
}

/**
 * `launchServer` for a process of its own (`parsercraft-lsp`, the extension's server): a
 * failure to start is one classified line on stderr, linked to the runbook, and exit code 2.
 */
export function launchServerProcess(program: string, options: LaunchOptions = {}): void {
  launchServer(options).catch((error: unknown) => {
    const e = classify(error);
    process.stderr.write(
      `${program}: error ${e.code} ${e.message} (see ${runbookLink(e.runbook, options.runbookFile ?? RUNBOOK_FILE)})\n`,
    );
    process.exit(2);
  });
}
