/**
 * `parsercraft doctor` speed: `npm run bench -w @parsercraft/cli`.
 *
 * Runs the built CLI (`doctor --json`) as a user does, BENCH_ROUNDS times (default 5) in
 * each case, the cases interleaved, and reports the median wall time from spawn to exit:
 * - healthy, first run: a project whose registry is an HTTP registry on loopback that
 *   answers, with an empty cache folder each time (a fresh machine);
 * - healthy, later runs: the same with one cache folder kept across runs (warmed once first);
 * - every registry unreachable: one closed port and one that accepts connections and never
 *   answers (a black hole), with `--timeout 3000`, so the target is 3.5 s; empty caches.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const CLI = fileURLToPath(new URL('../dist/bin/parsercraft.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pc-doctor-bench-'));

const listen = async (server: {
  listen: (port: number, host: string, cb: () => void) => unknown;
  address: () => unknown;
}): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const registry = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
const up = await listen(registry);
const sockets: Socket[] = [];
const blackHole = createTcpServer((socket) => sockets.push(socket));
const hole = await listen(blackHole);
const closed = createServer();
const closedPort = await listen(closed);
await new Promise<void>((resolve) => closed.close(() => resolve()));

async function doctorMs(
  registries: string,
  extra: readonly string[],
  cache: string,
): Promise<{ ms: number; status: string }> {
  const dir = mkdtempSync(join(work, 'project-'));
  writeFileSync(join(dir, 'parsercraft.json'), JSON.stringify({ registries: { default: registries } }));
  const started = performance.now();
  const stdout = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'doctor', '--json', ...extra],
      { cwd: dir, env: { ...process.env, PARSERCRAFT_CACHE: join(work, cache) } },
      (_error, out) => resolve(out),
    );
  });
  return { ms: performance.now() - started, status: (JSON.parse(stdout) as { status: string }).status };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const expect = (run: { ms: number; status: string }, status: string): number => {
  if (run.status !== status) throw new Error(`expected ${status}, got ${run.status}`);
  return run.ms;
};
const healthyUrl = `http://127.0.0.1:${up}`;
const deadUrls = `http://127.0.0.1:${closedPort}|http://127.0.0.1:${hole}`;
const cases = {
  'healthy, first run (empty cache)': [] as number[],
  'healthy, later runs (cache kept)': [] as number[],
  'every registry unreachable, --timeout 3000': [] as number[],
};
await doctorMs(healthyUrl, [], 'kept');
for (let i = 0; i < ROUNDS; i++) {
  cases['healthy, first run (empty cache)'].push(expect(await doctorMs(healthyUrl, [], `empty-${i}`), 'healthy'));
  cases['healthy, later runs (cache kept)'].push(expect(await doctorMs(healthyUrl, [], 'kept'), 'healthy'));
  cases['every registry unreachable, --timeout 3000'].push(
    expect(await doctorMs(deadUrls, ['--timeout', '3000'], `dead-${i}`), 'unhealthy'),
  );
}
for (const [name, ms] of Object.entries(cases)) {
  const target = name.startsWith('healthy') ? 2000 : 3500;
  console.log(
    `doctor, ${name}: median ${median(ms).toFixed(0)} ms over ${ROUNDS} runs (${ms.map((x) => x.toFixed(0)).join(', ')}); target <= ${target} ms`,
  );
}

for (const s of sockets) s.destroy();
blackHole.close();
registry.close();
rmSync(work, { recursive: true, force: true });
