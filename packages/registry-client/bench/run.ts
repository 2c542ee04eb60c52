/**
 * Registry-client benchmark: `npm run bench -w @parsercraft/registry-client`.
 *
 * Against a real Verdaccio on loopback, a generated tree of 200 packages (about 20 KB each,
 * depth 4) is installed by this client and by `npm install --ignore-scripts --no-audit
 * --no-fund`, side by side, in one run: cold, warm reinstall, offline reinstall; then this
 * client under 10% injected faults (a fault-injecting proxy in front of Verdaccio), and with
 * the registry down, warm and cold. npm's times for the same cases are printed with ours.
 * Measures the built package (dist).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { install, type InstallResult } from '@parsercraft/registry-client';
import { packageTarball } from '../test/tarball.js';
import { Verdaccio } from '../test/verdaccio.js';

const FAULT_RATE = 0.1;
const FAULT_RUNS = Number(process.env['BENCH_FAULT_RUNS'] ?? 5);
/** BENCH_SKIP_NPM=1 measures only this client (npm's fault and outage runs take minutes). */
const SKIP_NPM = process.env['BENCH_SKIP_NPM'] === '1';
/** npm retries a failed request after 10 to 60 s; its runs are cut off here and reported as such. */
const NPM_LIMIT_MS = 120_000;

const work = await mkdtemp(join(tmpdir(), 'pc-bench-'));
const verdaccio = await Verdaccio.start(join(work, 'registry'));

/** 1 root -> 10 -> 40 -> 120 -> 29 packages: 200, depth 4 below the root. */
function tree(): { name: string; dependencies: Record<string, string> }[] {
  const levels = [1, 10, 40, 120, 29];
  const names = levels.map((count, level) => Array.from({ length: count }, (_, i) => `bench-l${level}-${i}`));
  return names.flatMap((level, depth) =>
    level.map((name, i) => {
      const below = names[depth + 1] ?? [];
      // Spread the next level over this one's packages, a few each, every one used.
      const per = Math.ceil(below.length / level.length);
      const deps = below.slice(i * per, (i + 1) * per);
      return { name, dependencies: Object.fromEntries(deps.map((d) => [d, '^1.0.0'])) };
    }),
  );
}

const packages = tree();
// Random bytes in base64: text that gzip cannot shrink much, so tarballs stay near 20 KB.
for (const p of packages) {
  await verdaccio.publishTarball(
    p.name,
    '1.0.0',
    p.dependencies,
    packageTarball(p.name, '1.0.0', { 'data.txt': randomBytes(15_000).toString('base64') }),
  );
}

/** A proxy in front of Verdaccio that fails a share of requests: 503 or a reset connection. */
async function faultyProxy(target: string): Promise<{ url: string; faults: () => number; close: () => Promise<void> }> {
  let faults = 0;
  const upstream = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (Math.random() < FAULT_RATE) {
      faults++;
      if (faults % 2 === 0) return void req.socket.destroy();
      res.writeHead(503, { 'retry-after': '0' });
      return void res.end();
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults: () => faults,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function ours(
  name: string,
  registry: string,
  options: { cacheDir: string; fresh: boolean; offline?: boolean },
): Promise<{ ms: number; result?: InstallResult; error?: string }> {
  const dir = join(work, 'ours', name);
  if (options.fresh) await rm(dir, { recursive: true, force: true });
  await rm(join(dir, '.parsercraft'), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'parsercraft.json'),
    JSON.stringify({ dependencies: { 'bench-l0-0': '^1.0.0' }, registries: { default: registry } }),
  );
  const started = performance.now();
  try {
    const result = await install({
      projectDir: dir,
      cacheDir: options.cacheDir,
      ...(options.offline && { cacheMode: 'offline' as const }),
    });
    return { ms: performance.now() - started, result };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { ms: performance.now() - started, error: e.code ? `${e.code} (${e.message ?? ''})` : String(error) };
  }
}

function npm(
  name: string,
  registry: string,
  options: { cache: string; fresh: boolean; offline?: boolean },
): { ms: number; ok: boolean; cut?: boolean } {
  if (SKIP_NPM) return { ms: Number.NaN, ok: false };
  const dir = join(work, 'npm', name);
  if (options.fresh) spawnSync('rm', ['-rf', dir]);
  spawnSync('rm', ['-rf', join(dir, 'node_modules')]);
  spawnSync('mkdir', ['-p', dir]);
  spawnSync(
    'sh',
    [
      '-c',
      `echo '{"name":"bench-app","version":"1.0.0","private":true,"dependencies":{"bench-l0-0":"^1.0.0"}}' > package.json`,
    ],
    { cwd: dir },
  );
  const args = [
    'install',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--registry',
    registry,
    '--cache',
    options.cache,
    ...(options.offline ? ['--offline'] : []),
  ];
  const started = performance.now();
  const run = spawnSync('npm', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error' },
    timeout: NPM_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  const ms = performance.now() - started;
  return { ms, ok: run.status === 0, ...(run.signal === 'SIGKILL' && { cut: true }) };
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const rows: string[] = [];
const npmOutcome = (b: { ok: boolean; cut?: boolean }): string =>
  b.cut ? `still running at ${NPM_LIMIT_MS / 1000} s, stopped` : b.ok ? 'ok' : 'failed';
const row = (
  name: string,
  a: { ms: number; result?: InstallResult; error?: string },
  b: { ms: number; ok: boolean; cut?: boolean },
): void => {
  const outcome = a.error ? `failed: ${a.error}` : `${a.result?.packages.length ?? 0} packages`;
  rows.push(
    `| ${name} | ${fmt(a.ms)} | ${outcome} | ${b.cut ? '>' : ''}${fmt(b.ms)} | ${npmOutcome(b)} | ${b.cut ? '<' : ''}${(a.ms / b.ms).toFixed(2)}x |`,
  );
};

const ourCache = join(work, 'cache-ours');
const npmCache = join(work, 'cache-npm');
const cold = await ours('main', verdaccio.url, { cacheDir: ourCache, fresh: true });
const npmCold = npm('main', verdaccio.url, { cache: npmCache, fresh: true });
row('cold install', cold, npmCold);
const warm = await ours('main', verdaccio.url, { cacheDir: ourCache, fresh: false });
const npmWarm = npm('main', verdaccio.url, { cache: npmCache, fresh: false });
row('warm reinstall (lockfile and cache kept, packages removed)', warm, npmWarm);
row(
  'offline reinstall',
  await ours('main', verdaccio.url, { cacheDir: ourCache, fresh: false, offline: true }),
  npm('main', verdaccio.url, { cache: npmCache, fresh: false, offline: true }),
);

const proxy = await faultyProxy(verdaccio.url);
let succeeded = 0;
const faultTimes: number[] = [];
const faultErrors: string[] = [];
for (let i = 0; i < FAULT_RUNS; i++) {
  const run = await ours(`faults-${i}`, proxy.url, { cacheDir: join(work, `cache-faults-${i}`), fresh: true });
  if (!run.error && run.result?.packages.length === packages.length) succeeded++;
  else faultErrors.push(run.error ?? 'incomplete');
  faultTimes.push(run.ms);
}
const npmFaults = npm('faults', proxy.url, { cache: join(work, 'cache-npm-faults'), fresh: true });
await proxy.close();
faultTimes.sort((x, y) => x - y);
rows.push(
  `| cold install, ${FAULT_RATE * 100}% of requests failing (${proxy.faults()} faults injected in all), median of ${FAULT_RUNS} | ${fmt(faultTimes[FAULT_RUNS >> 1] ?? 0)} | ${succeeded}/${FAULT_RUNS} succeeded | ${npmFaults.cut ? '>' : ''}${fmt(npmFaults.ms)} | ${npmOutcome(npmFaults)} | ${npmFaults.cut ? '<' : ''}${((faultTimes[FAULT_RUNS >> 1] ?? 0) / npmFaults.ms).toFixed(2)}x |`,
);

await verdaccio.stop();
const downWarm = await ours('main', verdaccio.url, { cacheDir: ourCache, fresh: false });
row('registry down, warm cache', downWarm, npm('main', verdaccio.url, { cache: npmCache, fresh: false }));
const downCold = await ours('down-cold', verdaccio.url, { cacheDir: join(work, 'cache-cold'), fresh: true });
row(
  'registry down, cold cache',
  downCold,
  npm('down-cold', verdaccio.url, { cache: join(work, 'cache-npm-cold'), fresh: true }),
);

console.log(
  `@parsercraft/registry-client benchmark: Node ${process.version}, ${packages.length} packages from Verdaccio on loopback, one run\n`,
);
console.log('| case | ours ms | our outcome | npm ms | npm outcome | ours / npm |');
console.log('|---|---:|---|---:|---|---:|');
for (const r of rows) console.log(r);
const ratio = (a: number, b: number): number => a / b;
const targets: [string, string, boolean][] = [
  ['cold <= 0.5x npm', `${ratio(cold.ms, npmCold.ms).toFixed(2)}x`, ratio(cold.ms, npmCold.ms) <= 0.5],
  ['warm <= 0.2x npm', `${ratio(warm.ms, npmWarm.ms).toFixed(2)}x`, ratio(warm.ms, npmWarm.ms) <= 0.2],
  ['100% success under faults', `${succeeded}/${FAULT_RUNS}`, succeeded === FAULT_RUNS],
  ['registry down, warm cache <= 1 s', `${fmt(downWarm.ms)} ms`, !downWarm.error && downWarm.ms <= 1_000],
  [
    'registry down, cold cache: classified failure <= 3 s',
    `${fmt(downCold.ms)} ms (${downCold.error?.split(' ')[0] ?? 'no failure'})`,
    downCold.error !== undefined && downCold.error.startsWith('PC_') && downCold.ms <= 3_000,
  ],
];
if (faultErrors.length > 0) console.log(`\nFailed runs under faults: ${faultErrors.join(', ')}`);
console.log('\n| target | measured | |');
console.log('|---|---:|---|');
for (const [name, value, met] of targets) console.log(`| ${name} | ${value} | ${met ? 'met' : 'MISSED'} |`);
await rm(work, { recursive: true, force: true });
