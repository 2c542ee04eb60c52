import { parseArgs } from 'node:util';
import { PcError } from '@parsercraft/core/errors';
import { ServerCodes } from '../errors/server-codes.js';

export type LaunchFlags = {
  readonly healthPort: number | undefined;
  /** Exit when this process does (vscode-languageserver's watchdog reads it too). */
  readonly clientProcessId: number | undefined;
} & (
  | { readonly transport: 'stdio' | 'node-ipc' }
  | { readonly transport: 'socket'; readonly port: number }
  | { readonly transport: 'pipe'; readonly pipe: string }
);

const TRANSPORTS = ['stdio', 'node-ipc', 'socket', 'pipe'] as const;
const usage = (message: string): PcError => new PcError(ServerCodes.PC_SERVER_USAGE, message);

function port(flag: string, value: string, lowest: number): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= lowest && n <= 65535)) {
    throw usage(`${flag} needs a port number from ${lowest} to 65535, not '${value}'.`);
  }
  return n;
}

/**
 * The command line of every way the server is started (`parsercraft-lsp`, `parsercraft lsp`,
 * the VS Code extension's server), read one way and strictly: exactly one transport
 * (`--stdio`, `--node-ipc`, `--socket=PORT`, `--pipe=NAME`, with `=` or a space), optionally
 * `--health-port N` (0: any free port) and `--clientProcessId N`. Anything else, an unknown
 * flag or a stray argument included, is a PC_SERVER_USAGE error: a typo must not start a
 * server without what was asked for.
 */
export function parseLaunchFlags(argv: readonly string[]): LaunchFlags {
  let values: Record<string, string | boolean | undefined>;
  let tokens: { kind: string; name?: string; rawName?: string }[];
  try {
    ({ values, tokens } = parseArgs({
      args: [...argv],
      options: {
        stdio: { type: 'boolean' },
        'node-ipc': { type: 'boolean' },
        socket: { type: 'string' },
        pipe: { type: 'string' },
        'health-port': { type: 'string' },
        clientProcessId: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
      tokens: true,
    }));
  } catch (error) {
    // Node's first sentence names the flag and what is wrong with it.
    const what = ((error as Error).message.split(/[.\n]/)[0] ?? 'Bad command line').trim();
    throw usage(
      `${what}. The flags are one transport (--stdio, --node-ipc, --socket=PORT, --pipe=NAME), --health-port N and --clientProcessId N.`,
    );
  }
  // parseArgs lets the last of a repeated flag win in silence, and takes a bare `--`.
  if (tokens.some((t) => t.kind === 'option-terminator'))
    throw usage("Unexpected '--': the flags take no arguments after them.");
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    if (seen.has(t.name)) throw usage(`--${t.name} is given twice: name it once.`);
    seen.add(t.name);
  }
  const given = TRANSPORTS.filter((t) => values[t] !== undefined);
  if (given.length === 0) throw usage('Name a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.');
  if (given.length > 1) throw usage(`Name one transport, not ${given.map((t) => `--${t}`).join(' and ')}.`);
  const health = values['health-port'];
  const client = values['clientProcessId'];
  const common = {
    healthPort: typeof health === 'string' ? port('--health-port', health, 0) : undefined,
    clientProcessId: typeof client === 'string' ? processId(client) : undefined,
  };
  const transport = given[0]!;
  if (transport === 'socket') return { ...common, transport, port: port('--socket', String(values['socket']), 1) };
  if (transport === 'pipe') {
    const pipe = String(values['pipe']);
    if (pipe === '' || pipe.startsWith('-')) throw usage(`--pipe needs the name of a pipe, not '${pipe}'.`);
    return { ...common, transport, pipe };
  }
  return { ...common, transport };
}

function processId(value: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) === 0 || Number(value) > 2 ** 31 - 1)
    throw usage(`--clientProcessId needs a process id, not '${value}'.`);
  return Number(value);
}
