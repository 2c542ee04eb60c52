import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it, and how many body bytes it wrote before the client went away. */
export interface SeenRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  bytesWritten: number;
  closed: boolean;
}

/**
 * A server on 127.0.0.1 that answers however the test says: for what no honest registry
 * does (endless bodies, lying Content-Length, redirect loops, foreign tarball URLs). It
 * records every request's Authorization header and what it sent before the client hung up.
 */
export class ScriptedServer {
  readonly seen: SeenRequest[] = [];
  handler: (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void = (_req, res) => {
    res.writeHead(404);
    res.end();
  };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ScriptedServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const self = new ScriptedServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const seen: SeenRequest = {
        path: req.url ?? '/',
        authorization: req.headers.authorization,
        bytesWritten: 0,
        closed: false,
      };
      self.seen.push(seen);
      res.on('close', () => {
        seen.closed = true;
      });
      self.handler(req, res, seen);
    });
    return self;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Writes `chunk` again and again, honouring backpressure, until the client goes away or
 * `maxBytes` have gone (a bound, so a broken client cannot make the test run forever).
 */
export function streamEndlessly(res: ServerResponse, seen: SeenRequest, chunk: Buffer, maxBytes: number): void {
  let sent = 0;
  const pump = (): void => {
    while (!res.destroyed && sent < maxBytes) {
      sent += chunk.length;
      seen.bytesWritten = sent;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
