import { classify, CoreErrorCodes, PcError } from '@parsercraft/core/errors';
import type { Logger } from 'pino';
import {
  ErrorCodes,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { checkParams } from './check-params.js';
import { FrameReader } from './frame-reader.js';
import type { FramingError } from './framing-error.js';
import { Lifecycle } from './lifecycle.js';
import { messageShape, type RequestId } from './message-shape.js';
import { readDocumentUri } from '../document-uri.js';

export interface GateOptions {
  readonly log: Logger;
  /** The byte stream could not be framed: the connection is over (see FrameReader). */
  readonly onFramingError: (error: FramingError) => void;
}

/** What the connection is made with: the gate's reader and writer, and the lifecycle they track. */
export interface ProtocolGate {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  readonly lifecycle: Lifecycle;
}

/**
 * The protocol layer between a transport and vscode-languageserver's connection. Every
 * message is judged before the connection sees it: JSON that is not a valid JSON-RPC
 * message is answered InvalidRequest, the lifecycle refuses or drops what comes at the
 * wrong time (lifecycle.ts), and the params of every method the server handles are checked
 * against LSP 3.17 (method-params.ts): a request with bad ones is answered InvalidParams
 * naming the field, a notification with bad ones is dropped with a warning. On a byte
 * stream, a body that is not JSON is answered ParseError (id null) and a broken header ends
 * the connection (onFramingError). `input` is a byte stream or a reader of whole messages
 * (node IPC); either way the connection sees only messages the server can take.
 */
export function openProtocolGate(
  input: { readonly bytes: NodeJS.ReadableStream } | { readonly messages: MessageReader },
  output: MessageWriter,
  options: GateOptions,
): ProtocolGate {
  const lifecycle = new Lifecycle();
  const writer = new AnswerWatchingWriter(output, lifecycle);
  // The gate's own answers go around the watching writer: a refused request may reuse initialize's id.
  const answer = (id: RequestId | null, code: number, message: string): void => {
    output
      .write({ jsonrpc: '2.0', id, error: { code, message } } as Message)
      .catch((error: unknown) => options.log.warn({ err: error, id, code }, 'could not send an error response'));
  };
  let inner: MessageReader;
  if ('bytes' in input) {
    const frames = new FrameReader(input.bytes);
    frames.onUnparsable(({ reason }) => {
      options.log.warn(
        { err: new PcError(CoreErrorCodes.PC_LSP_PARSE_ERROR, reason) },
        'message not parsed; answered ParseError',
      );
      answer(null, ErrorCodes.ParseError, `Parse error: ${reason}.`);
    });
    frames.onFramingError(options.onFramingError);
    inner = frames;
  } else {
    inner = input.messages;
  }
  // What the gate refuses or drops is logged with core's code for it, as every failure is.
  const warn = (spec: (typeof CoreErrorCodes)[keyof typeof CoreErrorCodes], message: string, what: string): void =>
    options.log.warn({ err: new PcError(spec, message) }, what);
  const reader = new GatedReader(inner, options.log, (message, pass) => {
    const shape = messageShape(message);
    switch (shape.kind) {
      case 'response':
        return pass(message);
      case 'invalid':
        warn(CoreErrorCodes.PC_LSP_INVALID_REQUEST, shape.reason, 'invalid JSON-RPC message; answered InvalidRequest');
        return answer(shape.id, ErrorCodes.InvalidRequest, `Invalid request: ${shape.reason}.`);
      case 'invalid-notification':
        return warn(CoreErrorCodes.PC_LSP_INVALID_REQUEST, shape.reason, 'invalid notification dropped');
      case 'request':
      case 'notification':
        break;
    }
    const verdict = lifecycle.judge(shape.kind, shape.method);
    if (verdict.kind === 'refuse' && shape.kind === 'request') return answer(shape.id, verdict.code, verdict.message);
    if (verdict.kind !== 'pass') {
      const why = verdict.kind === 'drop' ? verdict.reason : verdict.message;
      return warn(CoreErrorCodes.PC_LSP_INVALID_REQUEST, `${shape.method}: ${why}`, 'notification dropped');
    }
    const check = checkParams(shape.method, shape.params);
    if (!check.ok) {
      if (shape.kind === 'request') return answer(shape.id, ErrorCodes.InvalidParams, check.message);
      return warn(CoreErrorCodes.PC_LSP_INVALID_PARAMS, check.message, 'notification with invalid params dropped');
    }
    noteUnusualUri(shape.method, shape.params, options.log);
    lifecycle.passed(shape.kind, shape.method, shape.kind === 'request' ? shape.id : undefined);
    // `params: null` is what some clients send for none: the handlers get none.
    pass(shape.params === undefined && 'params' in message ? withoutParams(message) : message);
  });
  return { reader, writer, lifecycle };
}

/** A document opened under a URI with no local file behind it: served by its extension alone, which the log says. */
function noteUnusualUri(method: string, params: unknown, log: Logger): void {
  if (method !== 'textDocument/didOpen') return;
  const { uri } = (params as { textDocument: { uri: string } }).textDocument;
  const { notLocal, extension } = readDocumentUri(uri);
  if (notLocal !== undefined)
    log.info(
      { uri, reason: notLocal, extension: extension || undefined },
      'document has no local file; its language is judged by its extension',
    );
}

function withoutParams(message: Message): Message {
  const copy: Record<string, unknown> = { ...message };
  delete copy.params;
  return copy as unknown as Message;
}

/** Passes each message through `judge`, which hands on what the connection may see. */
class GatedReader implements MessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly log: Logger,
    private readonly judge: (message: Message, pass: (message: Message) => void) => void,
  ) {}

  get onError(): MessageReader['onError'] {
    return this.inner.onError;
  }

  get onClose(): MessageReader['onClose'] {
    return this.inner.onClose;
  }

  get onPartialMessage(): MessageReader['onPartialMessage'] {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      // The gate is the last code between the client's bytes and the stream's event handler:
      // a bug in it must cost one message, not the process.
      try {
        this.judge(message, callback);
      } catch (error) {
        this.log.error({ err: classify(error) }, 'the protocol gate failed on a message; it was dropped');
      }
    });
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** The connection's writer, watching the server's answers so the lifecycle knows when initialize was answered. */
class AnswerWatchingWriter implements MessageWriter {
  constructor(
    private readonly inner: MessageWriter,
    private readonly lifecycle: Lifecycle,
  ) {}

  get onError(): MessageWriter['onError'] {
    return this.inner.onError;
  }

  get onClose(): MessageWriter['onClose'] {
    return this.inner.onClose;
  }

  write(message: Message): Promise<void> {
    const m = message as { method?: unknown; id?: unknown; error?: unknown };
    if (m.method === undefined && m.id !== undefined) this.lifecycle.answered(m.id, m.error !== undefined);
    return this.inner.write(message);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
