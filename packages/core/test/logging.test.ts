import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, PcError, createLogger, readAuditFile, type AuditRecord } from '../src/index.js';

const run = promisify(execFile);

class Capture extends Writable {
  lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n'))
      if (line) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

describe('createLogger', () => {
  it('writes JSON lines to stderr and nothing to stdout, with secrets removed (real child process)', async () => {
    const script = fileURLToPath(new URL('./fixtures/log-to-default.mjs', import.meta.url));
    const { stdout, stderr } = await run(process.execPath, [script], {
      env: { ...process.env, PARSERCRAFT_LOG_LEVEL: '' },
    });
    expect(stdout).toBe('');
    const lines = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['level'])).toEqual(['info', 'warn', 'error', 'debug']);
    expect(lines[0]).toMatchObject({
      name: 'fixture',
      msg: 'fetching https://[REDACTED]@r.example/pkg with token=[REDACTED]',
      req: { headers: { authorization: '[REDACTED]', accept: 'application/json' } },
      npmrc: { '//r.example/:_authToken': '[REDACTED]' },
    });
    expect(lines[1]).toMatchObject({
      config: { password: '[REDACTED]', nested: { deeper: { apiKey: '[REDACTED]' } } },
    });
    expect(lines[2]).toMatchObject({
      err: {
        code: 'PC_HTTP_UNAUTHORIZED',
        runbook: 'RUNBOOK.md#pc_http_unauthorized',
        message: 'refused _authToken=[REDACTED]',
      },
    });
    for (const secret of ['abcdef123456', 'npm_secret', 'hunter2', 'abc123', 'p4ss', 'k3y', 'npm_zzz'])
      expect(stderr).not.toContain(secret);
  });

  it('refuses stdout as a destination', () => {
    expect(() => createLogger({ destination: 'stdout' })).toThrow(PcError);
    expect(() => createLogger({ destination: { stream: process.stdout } })).toThrow(/stdout/);
  });

  it('refuses an unknown PARSERCRAFT_LOG_LEVEL rather than guessing', () => {
    const previous = process.env['PARSERCRAFT_LOG_LEVEL'];
    process.env['PARSERCRAFT_LOG_LEVEL'] = 'loud';
    try {
      expect(() => createLogger({ destination: { stream: new Capture() } })).toThrow(
        /PARSERCRAFT_LOG_LEVEL must be one of/,
      );
    } finally {
      if (previous === undefined) delete process.env['PARSERCRAFT_LOG_LEVEL'];
      else process.env['PARSERCRAFT_LOG_LEVEL'] = previous;
    }
  });

  it('writes to a file, creating its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pc-log-'));
    const file = join(dir, 'logs', 'server.log');
    const logger = createLogger({ destination: { file }, level: 'info' });
    logger.info({ token: 'abc' }, 'to file');
    logger.flush();
    const [line] = (await readFile(file, 'utf8')).trim().split('\n');
    expect(JSON.parse(line!)).toMatchObject({ msg: 'to file', token: '[REDACTED]' });
    await rm(dir, { recursive: true, force: true });
  });

  it('says with a code when the log file cannot be opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pc-log-'));
    await writeFile(join(dir, 'not-a-folder'), '');
    let thrown: unknown;
    try {
      createLogger({ destination: { file: join(dir, 'not-a-folder', 'server.log') } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PcError);
    expect((thrown as PcError).code).toBe('PC_FS_EXISTS'); // mkdir -p through a file: EEXIST
    expect((thrown as PcError).message).toMatch(/^Cannot open log file /);
    expect(() => new AuditLog({ file: join(dir, 'not-a-folder', 'audit.jsonl') })).toThrow(
      expect.objectContaining({ code: 'PC_FS_EXISTS' }) as Error,
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('honours the level', () => {
    const capture = new Capture();
    const logger = createLogger({ destination: { stream: capture }, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(capture.lines.map((l) => l['msg'])).toEqual(['shown']);
  });
});

describe('AuditLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends redacted JSON lines and keeps a ring of recent events', async () => {
    const file = join(dir, 'audit', 'audit.jsonl');
    const audit = new AuditLog({ file, ringSize: 2 });
    audit.record({
      action: 'install',
      resource: 'pascal-lang@1.0.0',
      status: 'success',
      durationMs: 120,
      actor: 'cli',
    });
    audit.record({
      action: 'cache.evict',
      resource: 'sha512-abc',
      status: 'success',
      details: { reason: 'integrity', token: 'secret' },
    });
    audit.record({ action: 'install', resource: 'other@2.0.0', status: 'failure', errorCode: 'PC_REGISTRY_INTEGRITY' });
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      action: 'install',
      resource: 'pascal-lang@1.0.0',
      status: 'success',
      durationMs: 120,
      pid: process.pid,
      seq: 1,
    });
    expect(lines[1]!.details).toEqual({ reason: 'integrity', token: '[REDACTED]' });
    expect(lines[2]).toMatchObject({ status: 'failure', errorCode: 'PC_REGISTRY_INTEGRITY' });
    expect(audit.recent().map((r) => r.seq)).toEqual([2, 3]);
    expect(audit.recent(1).map((r) => r.seq)).toEqual([3]);
  });

  it('rotates at its size cap and reads back across rotations, oldest first', () => {
    const file = join(dir, 'audit.jsonl');
    const audit = new AuditLog({ file, maxBytes: 400, maxFiles: 2 });
    for (let i = 0; i < 20; i++) audit.record({ action: 'install', resource: `pkg-${i}`, status: 'success' });
    const { records, corruptLines } = readAuditFile(file, 2);
    expect(corruptLines).toBe(0);
    const resources = records.map((r) => r.resource);
    expect(resources.at(-1)).toBe('pkg-19');
    expect(resources).toEqual([...resources].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))));
    expect(resources.length).toBeLessThan(20); // older files fell off the end
  });

  it('skips a torn last line instead of failing', async () => {
    const file = join(dir, 'audit.jsonl');
    new AuditLog({ file }).record({ action: 'install', resource: 'a', status: 'success' });
    await writeFile(file, '{"action":"install","reso', { flag: 'a' });
    const { records, corruptLines } = readAuditFile(file);
    expect(records.map((r) => r.resource)).toEqual(['a']);
    expect(corruptLines).toBe(1);
  });

  it('never throws into the audited operation when the file cannot be written', async () => {
    const file = join(dir, 'blocked');
    await mkdir(file); // a folder where the file should be
    const audit = new AuditLog({ file });
    const errors: PcError[] = [];
    audit.onWriteError((e) => errors.push(e));
    expect(() => audit.record({ action: 'install', resource: 'x', status: 'success' })).not.toThrow();
    expect(audit.failedWrites).toBe(1);
    expect(errors[0]!.code).toBe('PC_FS_WRONG_TYPE');
    expect(audit.recent()).toHaveLength(1);
  });
});
