/**
 * `parsercraft doctor` speed: `npm run bench -w @parsercraft/cli`.
 *
 * Runs the built CLI (`doctor --json`) as a user does, BENCH_ROUNDS times (default 5) in
 * each case, and reports the median wall time from spawn to exit:
 * - healthy: a project whose registry is an HTTP registry on loopback that answers;
 * - every registry unreachable: one closed port and one that accepts connections and never
 *   answers (a black hole), with `--timeout 3000`, so the target is 3.5 s.
 * Each run gets its own empty cache folder.
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

const listen = async (server: { listen: (port: number, host: string, cb: () => void) => unknown; address: () => unknown }): Promise<number> => {
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

async function doctorMs(registries: string, extra: readonly string[], n: number): Promise<{ ms: number; status: string }> {
  const dir = mkdtempSync(join(work, 'project-'));
  writeFileSync(join(dir, 'parsercraft.json'), JSON.stringify({ registries: { default: registries } }));
  const started = performance.now();
  const stdout = await new Promise<string>((resolve) => {
    execFile(process.execPath, [CLI, 'doctor', '--json', ...extra], { cwd: dir, env: { ...process.env, PARSERCRAFT_CACHE: join(work, `cache-${n}`) } }, (_error, out) => resolve(out));
  });
  return { ms: performance.now() - started, status: (JSON.parse(stdout) as { status: string }).status };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const healthy: number[] = [];
const unreachable: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const h = await doctorMs(`http://127.0.0.1:${up}`, [], i);
  if (h.status !== 'healthy') throw new Error(`expected a healthy setup, got ${h.status}`);
  healthy.push(h.ms);
  const u = await doctorMs(`http://127.0.0.1:${closedPort}|http://127.0.0.1:${hole}`, ['--timeout', '3000'], ROUNDS + i);
  if (u.status !== 'unhealthy') throw new Error(`expected an unhealthy setup, got ${u.status}`);
  unreachable.push(u.ms);
}
console.log(`doctor, healthy: median ${median(healthy).toFixed(0)} ms over ${ROUNDS} runs (${healthy.map((x) => x.toFixed(0)).join(', ')}); target <= 2000 ms`);
console.log(`doctor, every registry unreachable, --timeout 3000: median ${median(unreachable).toFixed(0)} ms (${unreachable.map((x) => x.toFixed(0)).join(', ')}); target <= 3500 ms`);

for (const s of sockets) s.destroy();
blackHole.close();
registry.close();
rmSync(work, { recursive: true, force: true });
