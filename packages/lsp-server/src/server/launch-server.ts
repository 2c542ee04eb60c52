import { parseArgs } from 'node:util';
import { classify, PcError, runbookLink } from '@parsercraft/core';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ServerCodes } from '../errors/server-codes.js';
import { RUNBOOK_FILE } from '../runbook-file.js';
import { LanguageServer, type ServerOptions } from './language-server.js';

export interface LaunchOptions extends Omit<ServerOptions, 'healthPort'> {
  /**
   * The command line after the program, where the transport and `--health-port` are read.
   * Default `process.argv.slice(2)`, which is where vscode-languageserver reads the transport.
   */
  readonly argv?: readonly string[];
}

export interface LaunchFlags {
  readonly transport: 'stdio' | 'node-ipc' | 'socket' | 'pipe';
  readonly healthPort: number | undefined;
}

/**
 * The flags of every way the server is started (`parsercraft-lsp`, `parsercraft lsp`, the
 * VS Code extension's server), read one way: a transport as vscode-languageserver accepts it
 * (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`, also with a space), and
 * `--health-port N`. Anything else of ours that is wrong is a PC_SERVER_USAGE error.
 */
export function parseLaunchFlags(argv: readonly string[]): LaunchFlags {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'health-port': { type: 'string' },
      stdio: { type: 'boolean' },
      'node-ipc': { type: 'boolean' },
      socket: { type: 'string' },
      pipe: { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  });
  const usage = (message: string): PcError => new PcError(ServerCodes.PC_SERVER_USAGE, message);
  const port = values['health-port'];
  if (port !== undefined && (typeof port !== 'string' || !/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    throw usage(`--health-port needs a port number (0 for any free one), not '${String(port)}'.`);
  }
  const transports = (['stdio', 'node-ipc', 'socket', 'pipe'] as const).filter((t) => values[t] !== undefined);
  const transport = transports[0];
  if (transport === undefined) throw usage('Name a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.');
  if (transports.length > 1) throw usage(`Name one transport, not ${transports.map((t) => `--${t}`).join(' and ')}.`);
  if (transport === 'socket' && !/^\d{1,5}$/.test(String(values['socket'])))
    throw usage(`--socket needs a port number, not '${String(values['socket'])}'.`);
  if (transport === 'pipe' && (typeof values['pipe'] !== 'string' || values['pipe'] === ''))
    throw usage('--pipe needs the name of a pipe.');
  return { transport, healthPort: port === undefined ? undefined : Number(port) };
}

/**
 * Starts the language server on the transport the command line names: the one way every
 * entry point launches it. Resolves once it serves (the process then lives until the client
 * sends exit); rejects with a PcError for a bad command line or a health port it cannot
 * listen on, before anything is served.
 */
export async function launchServer(options: LaunchOptions = {}): Promise<LanguageServer> {
  const { argv = process.argv.slice(2), ...serverOptions } = options;
  const { healthPort } = parseLaunchFlags(argv);
  const server = new LanguageServer(createConnection(ProposedFeatures.all), {
    ...serverOptions,
    ...(healthPort !== undefined && { healthPort }),
  });
  try {
    await server.listen();
  } catch (error) {
    // Only the health listener can fail here: an operator asked for that port, so say so and stop.
    const e = classify(error);
    throw new PcError(e.spec, `Cannot serve health endpoints on 127.0.0.1:${String(healthPort)}: ${e.message}`, {
      cause: error,
    });
  }
  return server;
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
