import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('./verdaccio/node_modules/verdaccio/bin/verdaccio', import.meta.url));

/** A free port on loopback, found by binding to port 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A real Verdaccio 6.8.0 on 127.0.0.1 with no uplinks, started in its own process for a
 * test (see ../shared/recipes/verdaccio.md for why this version). Packages are published
 * with the real `npm publish`. Stopped by pid.
 */
export class Verdaccio {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly npmrc: string,
  ) {}

  static async start(dir: string): Promise<Verdaccio> {
    await mkdir(dir, { recursive: true });
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      [
        'storage: ./storage',
        'auth: { htpasswd: { file: ./htpasswd, max_users: -1 } }',
        "packages:\n  '@*/*': { access: $all, publish: $anonymous $authenticated, unpublish: $anonymous $authenticated }\n  '**': { access: $all, publish: $anonymous $authenticated, unpublish: $anonymous $authenticated }",
        'log: { type: stdout, format: pretty, level: warn }',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [BIN, '--config', config, '--listen', `127.0.0.1:${port}`], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    // Anonymous publish still needs some token in the npm config.
    const npmrc = join(dir, 'publish.npmrc');
    await writeFile(npmrc, `//127.0.0.1:${port}/:_authToken=fake\n`);
    const verdaccio = new Verdaccio(child, url, npmrc);
    // Ready when /-/ping answers; bounded at 30 s.
    for (let i = 0; i < 150; i++) {
      if (!verdaccio.running) throw new Error(`verdaccio exited with ${child.exitCode ?? child.signalCode}: ${output}`);
      const ok = await fetch(`${url}/-/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return verdaccio;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await verdaccio.stop();
    throw new Error(`verdaccio did not answer /-/ping within 30 s: ${output}`);
  }

  /** Publishes a package folder with the real npm CLI. */
  publish(packageDir: string): void {
    const result = spawnSync(
      'npm',
      ['publish', packageDir, '--registry', this.url, '--userconfig', this.npmrc, '--no-audit', '--ignore-scripts'],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`npm publish ${packageDir} failed: ${result.stderr}`);
  }

  private get running(): boolean {
    // A process ended by a signal has a signalCode and no exitCode.
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Publishes a tarball with the same request `npm publish` sends (a PUT of the packument
   * with the tarball attached), without starting an npm process per package: benchmarks
   * publish hundreds.
   */
  async publishTarball(
    name: string,
    version: string,
    dependencies: Readonly<Record<string, string>>,
    tarball: Buffer,
  ): Promise<void> {
    const file = `${name.split('/').pop() ?? name}-${version}.tgz`;
    const body = {
      _id: name,
      name,
      'dist-tags': { latest: version },
      versions: {
        [version]: {
          _id: `${name}@${version}`,
          name,
          version,
          dependencies,
          dist: {
            tarball: `${this.url}/${name}/-/${file}`,
            integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
            shasum: createHash('sha1').update(tarball).digest('hex'),
          },
        },
      },
      _attachments: {
        [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length },
      },
    };
    const response = await fetch(`${this.url}/${name.replace('/', '%2f')}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer fake' },
      body: JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`publishing ${name}@${version} answered ${response.status}: ${await response.text()}`);
  }

  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (!this.running || pid === undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => this.running && process.kill(pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
