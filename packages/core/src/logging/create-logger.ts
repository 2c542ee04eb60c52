import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { classify } from '../errors/classify.js';
import { CoreErrorCodes as C } from '../errors/core-codes.js';
import { PcError } from '../errors/pc-error.js';
import { redact, redactString } from '../redaction/redact.js';

export type LogLevel = Level | 'silent';

export type LogDestination =
  | 'stderr'
  | { readonly file: string }
  /** Any stream (tests use this); it must not be stdout. */
  | { readonly stream: DestinationStream };

export interface LoggerOptions {
  /** Component name on every line. Default 'parsercraft'. */
  readonly name?: string;
  /** Default: PARSERCRAFT_LOG_LEVEL, else 'info'. */
  readonly level?: LogLevel;
  /** Default 'stderr'. Never stdout: stdout carries LSP traffic. */
  readonly destination?: LogDestination | 'stdout';
}

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * A pino logger that writes JSON lines to stderr or a file, never stdout, with secrets
 * (authorization headers, tokens, `_authToken`, passwords) removed from every object and
 * message by the same redaction errors use.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? levelFromEnvironment();
  return pino(
    {
      name: options.name ?? 'parsercraft',
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
      },
      serializers: {
        err: serializeError,
        error: serializeError,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? redactString(arg) : arg)) as Parameters<
            typeof method
          >;
          method.apply(this, cleaned);
        },
      },
    },
    openDestination(options.destination ?? 'stderr'),
  );
}

function openDestination(destination: LogDestination | 'stdout'): DestinationStream {
  if (destination === 'stdout') {
    throw new PcError(
      C.PC_CONFIG_INVALID,
      'Logs cannot go to stdout: it carries Language Server Protocol traffic. Use stderr or a file.',
      {
        context: { destination },
      },
    );
  }
  if (destination === 'stderr') return pino.destination({ fd: 2, sync: true });
  if ('file' in destination) {
    try {
      return pino.destination({ dest: destination.file, mkdir: true, sync: true });
    } catch (error) {
      const classified = classify(error);
      throw new PcError(classified.spec, `Cannot open log file ${destination.file}: ${classified.message}`, {
        cause: error,
        context: { ...classified.context, file: destination.file },
      });
    }
  }
  const fd = (destination.stream as { fd?: unknown }).fd;
  if (destination.stream === process.stdout || fd === 1) {
    throw new PcError(C.PC_CONFIG_INVALID, 'Logs cannot go to stdout: it carries Language Server Protocol traffic.', {
      context: { destination: 'stdout stream' },
    });
  }
  return destination.stream;
}

function serializeError(error: unknown): unknown {
  return PcError.is(error) ? error.toJSON() : redact(error);
}

function levelFromEnvironment(): LogLevel {
  const fromEnv = process.env['PARSERCRAFT_LOG_LEVEL']?.toLowerCase();
  if (fromEnv === undefined || fromEnv === '') return 'info';
  if (LEVELS.includes(fromEnv)) return fromEnv as LogLevel;
  throw new PcError(
    C.PC_CONFIG_INVALID,
    `PARSERCRAFT_LOG_LEVEL must be one of ${LEVELS.join(', ')}, not "${fromEnv}"`,
    {
      context: { variable: 'PARSERCRAFT_LOG_LEVEL', value: fromEnv },
    },
  );
}
