import {
  AbstractMessageReader,
  Emitter,
  type DataCallback,
  type Disposable,
  type Event,
  type Message,
} from 'vscode-languageserver/node';
import { ByteQueue } from './byte-queue.js';
import { FramingError } from './framing-error.js';
import { MAX_HEADER_BYTES, scanHeader } from './header-scan.js';

/** A body that was framed correctly but is not JSON: the stream is still in step, so reading goes on. */
export interface UnparsableBody {
  readonly reason: string;
}

/**
 * Reads LSP's base protocol (Content-Length framed JSON) from a byte stream, strictly:
 * a body that is not UTF-8 JSON is reported on `onUnparsable` and reading goes on with the
 * next frame; a header that is not one (see scanHeader) is reported on `onFramingError`
 * and reading stops for good, since no later byte can be trusted to start a message.
 * vscode-jsonrpc's own reader instead reports both as errors nobody answers, and after a
 * bad header never delivers a message again.
 */
export class FrameReader extends AbstractMessageReader {
  private readonly queue = new ByteQueue();
  private readonly unparsableEmitter = new Emitter<UnparsableBody>();
  private readonly framingEmitter = new Emitter<FramingError>();
  private pending:
    { readonly bodyAt: number; readonly length: number; readonly charset: string | undefined } | undefined;
  private stopped = false;
  private callback: DataCallback | undefined;

  constructor(private readonly stream: NodeJS.ReadableStream) {
    super();
  }

  get onUnparsable(): Event<UnparsableBody> {
    return this.unparsableEmitter.event;
  }

  get onFramingError(): Event<FramingError> {
    return this.framingEmitter.event;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string): void =>
      this.receive(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onError = (error: unknown): void => this.fireError(error);
    const onEnd = (): void => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('end', onEnd);
    this.stream.on('close', onEnd);
    return {
      dispose: () => {
        this.stream.off('data', onData);
        this.stream.off('error', onError);
        this.stream.off('end', onEnd);
        this.stream.off('close', onEnd);
      },
    };
  }

  override dispose(): void {
    super.dispose();
    this.unparsableEmitter.dispose();
    this.framingEmitter.dispose();
  }

  private receive(chunk: Buffer): void {
    if (this.stopped) return;
    this.queue.push(chunk);
    // Each turn frames one message or stops for more bytes: bounded by the bytes queued.
    while (!this.stopped) {
      if (this.pending === undefined) {
        const scan = scanHeader(this.queue.peek(Math.min(this.queue.length, MAX_HEADER_BYTES)));
        if (scan.kind === 'incomplete') return;
        if (scan.kind === 'broken') return this.fail(scan.reason);
        this.pending = { bodyAt: scan.headerBytes, length: scan.contentLength, charset: scan.charset };
      }
      const { bodyAt, length, charset } = this.pending;
      if (this.queue.length < bodyAt + length) return;
      this.queue.take(bodyAt);
      const body = this.queue.take(length);
      this.pending = undefined;
      this.deliver(body, charset);
    }
  }

  private deliver(body: Buffer, charset: string | undefined): void {
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      this.unparsableEmitter.fire({ reason: `the body's charset ${charset} is not utf-8, the only one LSP allows` });
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (error) {
      const reason =
        error instanceof TypeError
          ? 'the body is not valid UTF-8'
          : `the body is not JSON: ${(error as Error).message}`;
      this.unparsableEmitter.fire({ reason });
      return;
    }
    // What the JSON is shaped like is the gate's to judge (message-shape.ts), not the framing's.
    this.callback?.(message as Message);
  }

  private fail(reason: string): void {
    this.stopped = true;
    this.queue.clear();
    this.framingEmitter.fire(new FramingError(`The client's message stream is broken: ${reason}.`));
  }
}
