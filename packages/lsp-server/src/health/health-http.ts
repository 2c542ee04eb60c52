import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerHealth } from './server-health.js';

/**
 * Takes the `--health-port` on 127.0.0.1, before anything is served: a port that cannot
 * be had fails the start before a client is answered. The server does not keep the
 * process alive; `serveHealth` gives it its routes.
 */
export async function bindHealthPort(port: number): Promise<Server> {
  const server = createServer();
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/**
 * The health routes on a bound listener: `/healthz` (the process is alive), `/readyz`
 * (initialized and not unhealthy, else 503) and `/metrics` (Prometheus). Returns the port.
 */
export function serveHealth(server: Server, health: ServerHealth, ready: () => boolean): number {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const json = (code: number, body: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return json(405, { error: 'only GET' });
    switch (path) {
      case '/healthz':
        return json(200, { status: 'alive' });
      case '/readyz': {
        const snapshot = health.registry.snapshot();
        const ok = ready() && snapshot.status !== 'unhealthy';
        return json(ok ? 200 : 503, {
          ready: ok,
          initialized: ready(),
          status: snapshot.status,
          components: snapshot.components.map((c) => ({ name: c.name, status: c.status })),
        });
      }
      case '/metrics':
        void health.metrics.prometheus().then(
          (text) => res.writeHead(200, { 'content-type': health.metrics.contentType }).end(text),
          () => json(500, { error: 'metrics failed' }),
        );
        return;
      default:
        return json(404, { error: `no ${path}` });
    }
  });
  return (server.address() as AddressInfo).port;
}
