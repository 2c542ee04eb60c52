import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import semver from 'semver';

export interface Publication {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly tarball: Buffer;
  /** What the packument claims; by default the sha512 of `tarball`. */
  readonly integrity?: string;
  readonly deprecated?: string;
  /** Publish like registries did before 2017: a sha1 `shasum`, no `integrity`. */
  readonly sha1Only?: { readonly shasum: string };
  /** More of the version's manifest (bin, peerDependencies, engines ...), as a real registry serves the published package.json. */
  readonly manifest?: Readonly<Record<string, unknown>>;
}

/** What the server does instead of answering normally. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'reset' }
  | { readonly kind: 'truncate' }
  /** Answers normally, but only after this long (headers included). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Sends the headers and half the body, then nothing for this long, then the rest. */
  | { readonly kind: 'stall'; readonly ms: number }
  /** Answers 200 with this body instead (a hostile registry's own metadata or bytes). */
  | { readonly kind: 'body'; readonly body: string | Buffer };

export interface RequestInfo {
  readonly path: string;
  readonly what: 'packument' | 'tarball';
  /** How many requests for this path came before this one. */
  readonly previous: number;
}

/**
 * A registry on 127.0.0.1 that speaks enough of the npm protocol for installs (packuments
 * with ETags, tarballs), and misbehaves on request: `fault` is asked before every answer.
 */
export class RegistryServer {
  readonly requests: { readonly path: string; readonly headers: IncomingMessage['headers']; readonly at: number }[] =
    [];
  fault: (request: RequestInfo) => Fault | undefined = () => undefined;
  private readonly packages = new Map<string, Map<string, Publication>>();
  private readonly counts = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** On `port`, to bring a stopped registry back where clients knew it; by default any free one. */
  static async start(port = 0): Promise<RegistryServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const self = new RegistryServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => self.answer(req, res));
    return self;
  }

  publish(p: Publication): void {
    const versions = this.packages.get(p.name) ?? new Map<string, Publication>();
    versions.set(p.version, p);
    this.packages.set(p.name, versions);
  }

  tarballUrl(name: string, version: string): string {
    return `${this.url}/-/tarballs/${encodeURIComponent(name)}/${version}.tgz`;
  }

  packumentRequests(): number {
    return this.requests.filter((r) => !r.path.startsWith('/-/')).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.push({ path, headers: req.headers, at: performance.now() });
    const previous = this.counts.get(path) ?? 0;
    this.counts.set(path, previous + 1);
    const tarball = /^\/-\/tarballs\/([^/]+)\/([^/]+)\.tgz$/.exec(path);
    const fault = this.fault({ path, what: tarball ? 'tarball' : 'packument', previous });
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => this.respond(req, res, path, tarball, undefined), fault.ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (fault?.kind === 'body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(fault.body);
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      return void res.end('{"error":"injected"}');
    }
    this.respond(req, res, path, tarball, fault);
  }

  private respond(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    tarball: RegExpExecArray | null,
    fault: Fault | undefined,
  ): void {
    const body = tarball
      ? this.tarballBody(decodeURIComponent(tarball[1] ?? ''), tarball[2] ?? '')
      : this.packumentBody(decodeURIComponent(path.slice(1)));
    if (!body) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end('{"error":"not found"}');
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (!tarball && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      return void res.end();
    }
    res.writeHead(200, {
      'content-type': tarball ? 'application/octet-stream' : 'application/json',
      'content-length': body.length,
      etag,
    });
    if (fault?.kind === 'stall') {
      res.write(body.subarray(0, body.length >> 1));
      const timer = setTimeout(() => res.end(body.subarray(body.length >> 1)), fault.ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (fault?.kind === 'truncate') {
      res.write(body.subarray(0, body.length >> 1));
      return void setImmediate(() => req.socket.destroy());
    }
    res.end(body);
  }

  private packumentBody(name: string): Buffer | undefined {
    const versions = this.packages.get(name);
    if (!versions) return undefined;
    const sorted = [...versions.keys()].sort(semver.rcompare);
    const packument = {
      name,
      'dist-tags': { latest: sorted.find((v) => !semver.prerelease(v)) ?? sorted[0] },
      versions: Object.fromEntries(
        [...versions.values()].map((p) => [
          p.version,
          {
            ...p.manifest,
            name,
            version: p.version,
            dependencies: p.dependencies ?? {},
            ...(p.deprecated && { deprecated: p.deprecated }),
            dist: p.sha1Only
              ? { tarball: this.tarballUrl(name, p.version), shasum: p.sha1Only.shasum }
              : { tarball: this.tarballUrl(name, p.version), integrity: p.integrity ?? sri(p.tarball) },
          },
        ]),
      ),
    };
    return Buffer.from(JSON.stringify(packument));
  }

  private tarballBody(name: string, version: string): Buffer | undefined {
    return this.packages.get(name)?.get(version)?.tarball;
  }
}

export function sri(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

export function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
