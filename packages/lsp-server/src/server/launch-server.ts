import type { Server } from 'node:http';
import { classify, PcError, runbookLink } from '@parsercraft/core';
import { createConnection, ProposedFeatures, type MessageWriter } from 'vscode-languageserver/node';
import { RUNBOOK_FILE } from '../runbook-file.js';
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
 */
export async function launchServer(options: LaunchOptions = {}): Promise<LanguageServer> {
  const { argv = process.argv.slice(2), ...serverOptions } = options;
  const flags = parseLaunchFlags(argv);
  // Everything that can fail comes before the connection exists: once vscode-languageserver
  // holds the input stream, its end exits the process (1, as the protocol asks) whatever we say.
  const listener = flags.healthPort === undefined ? undefined : await bindHealth(flags.healthPort);
  let transport: Transport;
  try {
    transport = await openTransport(flags);
  } catch (error) {
    listener?.close();
    throw error;
  }
  // Typed apart only so TypeScript picks an overload; vscode-languageserver takes either pair.
  const connection =
    'read' in transport.input
      ? createConnection(ProposedFeatures.all, transport.input, transport.output as NodeJS.WritableStream)
      : createConnection(ProposedFeatures.all, transport.input, transport.output as MessageWriter);
  const server = new LanguageServer(connection, {
    ...serverOptions,
    ...(listener !== undefined && { healthListener: listener }),
  });
  await server.listen();
  return server;
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
