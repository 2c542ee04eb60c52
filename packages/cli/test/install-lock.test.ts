import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

let work: string;
let project: string;
let lockPath: string;
const started: ChildProcess[] = [];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-cli-lock-'));
  project = join(work, 'app');
  await mkdir(join(project, '.parsercraft'), { recursive: true });
  // A registry on a closed loopback port: the doctor's probes fail fast and nothing leaves the machine.
  await writeFile(
    join(project, 'parsercraft.json'),
    JSON.stringify({ dependencies: {}, registries: { default: 'http://127.0.0.1:9' } }),
  );
  lockPath = join(project, '.parsercraft', 'install.lock');
});

afterEach(async () => {
  await Promise.all(started.splice(0).map(stop));
  await rm(work, { recursive: true, force: true });
});

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A real running process (a sleep), and the lock record an install in it would have written. */
interface LockRecord {
  readonly pid: number;
  readonly startTicks: number;
  readonly bootId: string;
  readonly hostname: string;
  readonly takenAt: string;
  readonly nonce: string;
}

async function runningProcess(): Promise<{ child: ChildProcess; record: LockRecord }> {
  const child = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
  started.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
  const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  const record: LockRecord = {
    pid: child.pid ?? -1,
    startTicks,
    bootId,
    hostname: hostname(),
    takenAt: new Date().toISOString(),
    nonce: 'cafe0123',
  };
  return { child, record };
}

interface DoctorRow {
  readonly name: string;
  readonly status: string;
  readonly detail: string;
  readonly code?: string;
  readonly fixed?: string;
}

async function lockRow(...flags: string[]): Promise<DoctorRow> {
  const run = await runCli(['doctor', '--json', '--timeout', '5000', ...flags], {
    cwd: project,
    env: { PARSERCRAFT_CACHE: join(work, 'cache'), HOME: work },
  });
  const report = JSON.parse(run.stdout) as { checks: DoctorRow[] };
  const row = report.checks.find((c) => c.name === 'install lock');
  expect(row, run.stdout + run.stderr).toBeDefined();
  return row!;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('parsercraft doctor: the install lock', () => {
  it('a lock whose holder was killed is stale; --fix removes it', async () => {
    const { child, record } = await runningProcess();
    await writeFile(lockPath, JSON.stringify(record));
    await stop(child);
    expect(await lockRow()).toMatchObject({
      status: 'warning',
      code: 'PC_CLI_STALE_INSTALL_LOCK',
      detail: `stale lock of pid ${record.pid} at ${record.takenAt} (${hostname()}): pid ${record.pid} no longer runs`,
    });
    expect(await exists(lockPath)).toBe(true);
    const fixed = await lockRow('--fix');
    expect(fixed.status).toBe('ok');
    expect(fixed.fixed).toContain(`removed a stale lock of pid ${record.pid}`);
    expect(await exists(lockPath)).toBe(false);
    expect(await lockRow()).toMatchObject({ status: 'ok', detail: 'no install running' });
  });

  it('a lock naming a pid that now runs another process (a reused pid) is stale; --fix removes it', async () => {
    const { record } = await runningProcess();
    // This test process runs, but did not start when the lock's holder did.
    await writeFile(lockPath, JSON.stringify({ ...record, pid: process.pid }));
    const row = await lockRow();
    expect(row).toMatchObject({ status: 'warning', code: 'PC_CLI_STALE_INSTALL_LOCK' });
    expect(row.detail).toContain(`pid ${process.pid} now belongs to another process`);
    expect((await lockRow('--fix')).fixed).toContain('removed a stale lock');
    expect(await exists(lockPath)).toBe(false);
  });

  it('a live holder is reported and never removed, --fix or not', async () => {
    const { record } = await runningProcess();
    await writeFile(lockPath, JSON.stringify(record));
    for (const flags of [[], ['--fix']]) {
      expect(await lockRow(...flags)).toMatchObject({
        status: 'ok',
        detail: `an install is running (pid ${record.pid} at ${record.takenAt} (${hostname()}))`,
      });
    }
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual(record);
  });
});

describe('parsercraft install behind a live lock', () => {
  it('says at once on stderr whom it waits for', async () => {
    const { record } = await runningProcess();
    await writeFile(lockPath, JSON.stringify(record));
    const cli = spawn(process.execPath, [BIN, 'install'], {
      cwd: project,
      env: { ...process.env, PARSERCRAFT_CACHE: join(work, 'cache'), HOME: work },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(cli);
    let stderr = '';
    const line = `waiting for the install started by pid ${record.pid} at ${record.takenAt} (${hostname()})…`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no waiting line in 15 s: ${stderr}`)), 15_000);
      cli.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
      cli.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`install exited (${code}) instead of waiting: ${stderr}`));
      });
    });
    expect(cli.exitCode).toBeNull();
    await stop(cli);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual(record);
  });
});
