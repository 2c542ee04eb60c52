import { readFileSync } from 'node:fs';
import { PcError } from '@parsercraft/core/errors';
import { Command, CommanderError, Option } from 'commander';
import { CliCodes } from './cli-codes.js';
import { EXIT } from './exit-codes.js';
import type { ReportFormat } from './output/format-diagnostics.js';
import { formatError } from './output/report-error.js';
import { terminalFor } from './output/terminal.js';
import { MAX_TIMER_MS, parseDuration } from './text/duration.js';

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/**
 * The parsercraft command. Each command's module is imported when it runs, so `--help` or a
 * usage error does not load a language server. Returns the exit code (see exit-codes.ts) instead of exiting, so
 * it can be run in-process; bin/parsercraft.ts exits with it. `lsp` is the exception: the
 * server owns the process (-1), and one that cannot start ends it with exit code 2. Every failure is printed as
 * one classified line (code, message, runbook); --verbose adds its causes, --debug its stack.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const out = terminalFor(io.stdout, io.env);
  const err = terminalFor(io.stderr, io.env);
  const write = (text: string): void => void io.stdout.write(`${text}\n`);
  const writeError = (text: string): void => void io.stderr.write(`${text}\n`);
  let code: number = EXIT.ok;

  const program = new Command('parsercraft')
    .description('Tooling for languages defined with ParserCraft configs.')
    .version(VERSION, '-v, --version')
    .option('--verbose', 'on failure, print what caused it too')
    .option('--debug', 'on failure, print the stack trace too')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    });

  program
    .command('doctor')
    .description('check that everything ParserCraft needs works, and say what to do when not')
    .option('--json', 'print the findings as JSON')
    .option('--fix', 'make the safe repairs (corrupt cache entries, stale locks) and say what was done')
    .option('--timeout <ms>', 'budget of each check', '10000')
    .action(async (opts: { json?: boolean; fix?: boolean; timeout: string }) => {
      const timeoutMs = Number(opts.timeout);
      // Node's timers hold at most 2^31 - 1 ms; past that they fire at once.
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2 ** 31 - 1)
        throw new PcError(
          CliCodes.PC_CLI_USAGE,
          `--timeout needs a number of milliseconds from 1 to ${2 ** 31 - 1}, not '${opts.timeout}'.`,
        );
      const { doctor } = await import('./commands/doctor.js');
      code = await doctor({
        cwd: io.cwd,
        json: opts.json === true,
        fix: opts.fix === true,
        timeoutMs,
        terminal: out,
        write,
      });
    });

  program
    .command('install')
    .description('install the packages parsercraft.json depends on, as its lockfile says')
    .option('--frozen-lockfile', 'fail, changing nothing, if the lockfile is missing or would change (CI)')
    .addOption(new Option('--offline', 'use the cache only').conflicts(['preferOffline', 'preferOnline']))
    .addOption(
      new Option('--prefer-offline', 'use cached metadata without asking the registry').conflicts(['preferOnline']),
    )
    .option('--prefer-online', 'always ask the registry; never serve stale metadata')
    .option('--registry <url>', 'the default registry for this install')
    .option(
      '--timeout <duration>',
      "budget of each registry request attempt, as 1500ms, 30s or 2m (default: the plans', 30s for metadata, 2m for tarballs)",
    )
    .option(
      '--retries <n>',
      `retries of a failed registry request, 0 to ${MAX_RETRIES} (default: 3, and 4 more once the registry has answered)`,
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (opts: {
        frozenLockfile?: boolean;
        offline?: boolean;
        preferOffline?: boolean;
        preferOnline?: boolean;
        registry?: string;
        timeout?: string;
        retries?: string;
        json?: boolean;
      }) => {
        const requestTimeoutMs = opts.timeout === undefined ? undefined : requestTimeout(opts.timeout);
        const retries = opts.retries === undefined ? undefined : retryCount(opts.retries);
        const cacheMode = opts.offline
          ? 'offline'
          : opts.preferOffline
            ? 'prefer-offline'
            : opts.preferOnline
              ? 'prefer-online'
              : 'default';
        const { verbose, debug } = program.opts<{ verbose?: boolean; debug?: boolean }>();
        const { installCommand } = await import('./commands/install.js');
        code = await installCommand({
          cwd: io.cwd,
          frozenLockfile: opts.frozenLockfile === true,
          cacheMode,
          json: opts.json === true,
          verbose: verbose === true,
          debug: debug === true,
          stderr: io.stderr,
          errTerminal: err,
          write,
          writeError,
          ...(opts.registry !== undefined && { registry: opts.registry }),
          ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
          ...(retries !== undefined && { retries }),
        });
      },
    );

  program
    .command('check')
    .description('check programs: syntax, names, types and protocols')
    .argument('<files...>', 'program files')
    .addOption(
      new Option('--format <format>', 'how to print findings').choices(['text', 'json', 'github']).default('text'),
    )
    .option('--config <path>', 'the language config to use for every file')
    .action(async (files: string[], opts: { format: ReportFormat; config?: string }) => {
      const { check } = await import('./commands/check.js');
      code = await check({
        files,
        format: opts.format,
        cwd: io.cwd,
        terminal: out,
        write,
        ...(opts.config !== undefined && { config: opts.config }),
      });
    });

  program
    .command('codegen')
    .description('translate a program to C99')
    .argument('<file>', 'program file')
    .addOption(new Option('--target <target>', 'what to generate').choices(['c']).makeOptionMandatory())
    .option('-o, --output <path>', 'write here instead of stdout (whole or not at all)')
    .option('--config <path>', 'the language config to use')
    .action(async (file: string, opts: { target: 'c'; output?: string; config?: string }) => {
      const { codegen } = await import('./commands/codegen.js');
      code = await codegen({
        file,
        target: opts.target,
        cwd: io.cwd,
        terminal: out,
        write,
        writeError,
        ...(opts.output !== undefined && { output: opts.output }),
        ...(opts.config !== undefined && { config: opts.config }),
      });
    });

  program
    .command('explain')
    .description('print what the runbook says about an error code, offline')
    .argument('<code>', 'an error code, such as PC_NET_RESET')
    .action(async (codeName: string) => {
      const { explain } = await import('./commands/explain.js');
      code = await explain({ code: codeName, terminal: out, write });
    });

  // Declared for --help only: `lsp` is run before commander parses (see lspCommandLine).
  program
    .command('lsp')
    .description('run the language server')
    .usage('--stdio | --node-ipc | --socket=PORT | --pipe=NAME [--health-port N] [--clientProcessId PID]')
    .addHelpText(
      'after',
      [
        '',
        'Flags (exactly one transport):',
        '  --stdio                  talk LSP over stdin and stdout',
        '  --node-ipc               talk over Node IPC (when started by a Node client)',
        '  --socket=PORT            connect to the client on 127.0.0.1:PORT',
        '  --pipe=NAME              connect to the client on this named pipe or socket file',
        '  --health-port N          serve /healthz, /readyz and /metrics on 127.0.0.1 (0: any free port)',
        '  --clientProcessId PID    exit when this process does',
      ].join('\n'),
    );

  const lsp = lspCommandLine(argv);
  if (lsp) {
    try {
      const { runLanguageServer } = await import('./commands/lsp.js');
      await runLanguageServer(lsp.flags);
      return -1;
    } catch (error) {
      writeError(formatError(error, err, { verbose: lsp.verbose, debug: lsp.debug }));
      // The server library starts a watchdog timer when it loads (for --clientProcessId), which
      // would keep this process alive: a server that could not start ends the process here.
      process.exit(EXIT.failed);
    }
  }

  try {
    await program.parseAsync(['node', 'parsercraft', ...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      const usage = new PcError(
        CliCodes.PC_CLI_USAGE,
        // commander puts its "Did you mean" on a line of its own: the report is one line.
        `${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}; parsercraft --help lists what it accepts`,
      );
      writeError(formatError(usage, err, { verbose: false, debug: false }));
      return EXIT.failed;
    }
    const opts = program.opts<{ verbose?: boolean; debug?: boolean }>();
    writeError(formatError(error, err, { verbose: opts.verbose === true, debug: opts.debug === true }));
    return EXIT.failed;
  }
}

/** A recovery plan allows 20 attempts at most. */
const MAX_RETRIES = 19;

function requestTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new PcError(
      CliCodes.PC_CLI_USAGE,
      `--timeout needs a duration such as 1500ms, 30s or 2m, from 1 ms to ${MAX_TIMER_MS} ms, not '${text}'.`,
      { context: { option: '--timeout', value: text } },
    );
  return ms;
}

function retryCount(text: string): number {
  const n = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n >= 0 && n <= MAX_RETRIES))
    throw new PcError(
      CliCodes.PC_CLI_USAGE,
      `--retries needs a whole number of retries from 0 to ${MAX_RETRIES}, not '${text}'.`,
      { context: { option: '--retries', value: text } },
    );
  return n;
}

/**
 * `parsercraft [--verbose] [--debug] lsp FLAGS...`: the flags go to the server's own reader
 * untouched, as `parsercraft-lsp` gets them, so a bad one is the same PC_SERVER_USAGE however
 * the server is started (commander would take --verbose, --version, --help and `--` out of
 * them wherever they stand). `lsp --help` alone is left to commander.
 */
function lspCommandLine(argv: readonly string[]): { flags: string[]; verbose: boolean; debug: boolean } | undefined {
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const before = argv.slice(0, at);
  if (argv[at] !== 'lsp' || !before.every((a) => a === '--verbose' || a === '--debug')) return undefined;
  const flags = argv.slice(at + 1);
  if (flags.length === 1 && (flags[0] === '--help' || flags[0] === '-h')) return undefined;
  return { flags, verbose: before.includes('--verbose'), debug: before.includes('--debug') };
}
