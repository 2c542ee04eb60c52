import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { inspectInstallLock, removeStaleInstallLock } from '@parsercraft/registry-client';
import { withProcessLock } from '../src/fs/process-lock.js';
import { judgeLock, thisHost, UNWRITTEN_GRACE_MS, type HostView } from '../src/lock/holder-liveness.js';
import { serializeHolder, type LockHolder } from '../src/lock/lock-holder.js';
import { readBootId, readStartTicks } from '../src/lock/proc-info.js';
import { readLock } from '../src/lock/read-lock.js';
import { removeStaleLock } from '../src/lock/take-over.js';
import { commandChild, lockHolder, lockTaker, type Child } from './lock-holders.js';

let work: string;
let project: string;
let lockPath: string;
const children: Child[] = [];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-lock-'));
  project = join(work, 'app');
  await mkdir(join(project, '.parsercraft'), { recursive: true });
  lockPath = join(project, '.parsercraft', 'install.lock');
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await rm(work, { recursive: true, force: true });
});

function track(child: Child): Child {
  children.push(child);
  return child;
}

/** The record a real holder wrote, once it holds the lock. */
async function heldRecord(): Promise<{ child: Child; record: LockHolder }> {
  const child = track(lockHolder(lockPath));
  await child.printed('held');
  return { child, record: JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder };
}

async function rewrite(record: LockHolder, change: Partial<LockHolder>): Promise<void> {
  await rm(lockPath, { force: true });
  await writeFile(lockPath, serializeHolder({ ...record, ...change }));
}

/** Takes the lock within `ms`, or fails: a stale lock must not be waited for. */
async function takesAtOnce(ms = 2_000): Promise<string> {
  const started = performance.now();
  const inside = await withProcessLock(lockPath, { waitMs: ms }, async () => readFile(lockPath, 'utf8'));
  expect(performance.now() - started).toBeLessThan(ms);
  return inside;
}

describe('what the lock records', () => {
  it('pid, start time since boot, boot id, host and time, read back from a real holder', async () => {
    const { child, record } = await heldRecord();
    expect(record.pid).toBe(child.pid);
    expect(record.startTicks).toBe(readStartTicks(child.pid));
    expect(record.bootId).toBe(readBootId());
    expect(record.hostname).toBe(hostname());
    expect(Math.abs(Date.parse(record.takenAt) - Date.now())).toBeLessThan(30_000);
    expect(await inspectInstallLock(project)).toMatchObject({ state: 'live', pid: child.pid });
  });

  it('reads the start time past a command name holding spaces and parentheses', async () => {
    // Field 2 is the executable's name: one named "x) (y z" must not shift field 22.
    const odd = join(work, 'x) (y z');
    await copyFile('/bin/sleep', odd);
    await chmod(odd, 0o755);
    const plain = track(commandChild('/bin/sleep', ['30']));
    const named = track(commandChild(odd, ['30']));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await readFile(`/proc/${named.pid}/stat`, 'utf8')).toContain('(x) (y z)');
    const a = readStartTicks(plain.pid);
    const b = readStartTicks(named.pid);
    expect(typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 200).toBe(true);
    expect(b).toBeGreaterThanOrEqual(readStartTicks(process.pid) as number);
    expect(readStartTicks(2 ** 22 + 1)).toBeUndefined(); // above pid_max: no such process
  });
});

describe('stale holders are taken over at once', () => {
  it('a dead pid (the holder was SIGKILLed)', async () => {
    const { child } = await heldRecord();
    await child.kill();
    expect(await inspectInstallLock(project)).toMatchObject({
      state: 'stale',
      pid: child.pid,
      reason: `pid ${child.pid} no longer runs`,
    });
    expect(JSON.parse(await takesAtOnce()) as LockHolder).toMatchObject({ pid: process.pid });
    expect(await readdir(join(project, '.parsercraft'))).toEqual([]);
  });

  it('a live pid with another start time (the pid was reused)', async () => {
    // The holder's record, but naming this (running) process's pid: what a reused pid looks like.
    const { child, record } = await heldRecord();
    await child.kill();
    expect(record.startTicks).not.toBe(readStartTicks(process.pid));
    await rewrite(record, { pid: process.pid });
    expect(await inspectInstallLock(project)).toMatchObject({
      state: 'stale',
      reason: `pid ${process.pid} now belongs to another process (not the start time the lock recorded)`,
    });
    await takesAtOnce();
  });

  it('another boot id on this host (the machine restarted), even while the pid runs with that start time', async () => {
    const { record } = await heldRecord();
    await rewrite(record, { bootId: '00000000-0000-4000-8000-000000000000' });
    expect(await inspectInstallLock(project)).toMatchObject({
      state: 'stale',
      reason: 'the machine restarted since it was taken (another boot id)',
    });
    await takesAtOnce();
  });

  it.each([
    ['empty', ''],
    ['half-written', '{"pid":12'],
    ['garbage', '\u0000\u0001not a lock\n'],
    ['a record with a wrong field', '{"pid":-1,"hostname":"x","takenAt":"y","nonce":"z"}'],
  ])('%s, once older than the grace', async (_, text) => {
    await writeFile(lockPath, text);
    const old = (Date.now() - UNWRITTEN_GRACE_MS - 1_000) / 1000;
    await utimes(lockPath, old, old);
    expect(await inspectInstallLock(project)).toMatchObject({ state: 'stale' });
    await takesAtOnce();
  });

  it('an older format (a bare pid) whose pid no longer runs', async () => {
    const { child } = await heldRecord();
    await child.kill();
    await rm(lockPath);
    await writeFile(lockPath, `${child.pid}\n`);
    expect(await inspectInstallLock(project)).toMatchObject({
      state: 'stale',
      reason: `pid ${child.pid} no longer runs`,
    });
    await takesAtOnce();
  });
});

describe('live holders are waited for, bounded', () => {
  it('says whom it waits for at once and every interval, then fails with PC_REGISTRY_INSTALL_LOCKED naming the holder', async () => {
    const { child, record } = await heldRecord();
    const messages: { at: number; message: string }[] = [];
    const started = performance.now();
    const error = await withProcessLock(
      lockPath,
      {
        waitMs: 1_500,
        reportEveryMs: 400,
        onWaiting: (message) => messages.push({ at: performance.now() - started, message }),
      },
      () => Promise.reject(new Error('must not run')),
    ).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(PcError);
    expect(error).toMatchObject({
      code: 'PC_REGISTRY_INSTALL_LOCKED',
      context: { lockPath, reason: `pid ${child.pid} runs`, holder: { pid: child.pid, nonce: record.nonce } },
    });
    expect((error as PcError).message).toContain(`held by pid ${child.pid} at ${record.takenAt} (${hostname()})`);
    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    expect(elapsed).toBeLessThan(3_000);
    expect(messages[0]?.at).toBeLessThan(300);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const [i, m] of messages.entries()) {
      expect(m.message).toBe(
        `waiting for the install started by pid ${child.pid} at ${record.takenAt} (${hostname()})…`,
      );
      if (i > 0) expect(m.at - messages[i - 1]!.at).toBeLessThan(400 + 250);
    }
    // Still the holder's lock: a wait that gives up removes nothing.
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ nonce: record.nonce });
  });

  it('a holder on another host cannot be checked, so it is respected and the wait says so', async () => {
    const { child, record } = await heldRecord();
    await child.kill();
    await rewrite(record, { hostname: 'build-elsewhere' });
    expect(await inspectInstallLock(project)).toMatchObject({
      state: 'live',
      unchecked: `it was taken on host build-elsewhere, which cannot be checked from ${hostname()}`,
    });
    const messages: string[] = [];
    await expect(
      withProcessLock(lockPath, { waitMs: 300, onWaiting: (m) => messages.push(m) }, () => Promise.resolve()),
    ).rejects.toMatchObject({ code: 'PC_REGISTRY_INSTALL_LOCKED' });
    expect(messages[0]).toContain('(build-elsewhere)… (it was taken on host build-elsewhere, which cannot be checked');
    expect(await removeStaleInstallLock(project)).toMatchObject({ state: 'live' });
    expect(await readLock(lockPath)).toBeDefined();
  });

  it('a freshly created, still empty lock is a writer in between: waited for, not taken', async () => {
    await writeFile(lockPath, '');
    await expect(withProcessLock(lockPath, { waitMs: 200 }, () => Promise.resolve())).rejects.toMatchObject({
      code: 'PC_REGISTRY_INSTALL_LOCKED',
    });
  });

  it('an abort stops the wait at once, with the abort reason, and leaves the holder its lock', async () => {
    const { record } = await heldRecord();
    const controller = new AbortController();
    const reason = new Error('user pressed ctrl-c');
    setTimeout(() => controller.abort(reason), 200);
    const started = performance.now();
    await expect(
      withProcessLock(lockPath, { signal: controller.signal, waitMs: 60_000 }, () => Promise.resolve()),
    ).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ nonce: record.nonce });
  });

  it('the lock is taken as soon as the holder ends', async () => {
    const { child } = await heldRecord();
    setTimeout(() => void child.kill(), 300);
    const took = await withProcessLock(lockPath, { waitMs: 10_000 }, async () => readLock(lockPath));
    expect(JSON.parse(took?.text ?? '')).toMatchObject({ pid: process.pid });
    expect(await readLock(lockPath)).toBeUndefined();
  });
});

describe('taking over a stale lock is race-free', () => {
  it('of many removers of one stale lock only one removes it, and a late one never removes the next lock', async () => {
    const { child } = await heldRecord();
    await child.kill();
    const seen = await readLock(lockPath);
    const judge = (s: NonNullable<typeof seen>): ReturnType<typeof judgeLock> => judgeLock(s, thisHost());
    const removed = await Promise.all(Array.from({ length: 8 }, () => removeStaleLock(lockPath, seen!, judge)));
    expect(removed.filter(Boolean)).toHaveLength(1);
    // A new holder takes the lock; a remover that judged the old one stale comes late.
    const next = await heldRecord();
    expect(await removeStaleLock(lockPath, seen!, judge)).toBe(false);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ nonce: next.record.nonce });
    expect((await readdir(join(project, '.parsercraft'))).sort()).toEqual(['install.lock']);
  });

  it('a remover that died holding its takeover token does not block the others', async () => {
    const { child } = await heldRecord();
    await child.kill();
    const seen = (await readLock(lockPath))!;
    // Its token, as removeStaleLock names it, left empty and old by a crash.
    const { createHash } = await import('node:crypto');
    const token = `${lockPath}.takeover-${createHash('sha256').update(seen.identity).digest('hex').slice(0, 16)}`;
    await writeFile(token, '');
    const old = (Date.now() - UNWRITTEN_GRACE_MS - 1_000) / 1000;
    await utimes(token, old, old);
    await takesAtOnce(3_000);
    expect(await readdir(join(project, '.parsercraft'))).toEqual([]);
  });

  it('processes racing for a lock left by a killed install: all finish, never two inside at once', async () => {
    const { child } = await heldRecord();
    await child.kill();
    const inside = join(work, 'inside');
    const takers = Array.from({ length: 6 }, () => track(lockTaker(lockPath, inside)));
    const codes = await Promise.all(takers.map((t) => t.exited));
    expect(codes, takers.map((t) => t.output()).join('\n')).toEqual([0, 0, 0, 0, 0, 0]);
    for (const t of takers) expect(t.output()).toContain('done');
    expect(await readdir(join(project, '.parsercraft'))).toEqual([]);
  });
});

describe('the staleness rule (property)', () => {
  const holder = fc.record({
    pid: fc.integer({ min: 1, max: 4_194_304 }),
    startTicks: fc.integer({ min: 0, max: 2 ** 40 }),
    bootId: fc.constantFrom('boot-a', 'boot-b'),
    hostname: fc.constantFrom('vm', 'other'),
  });
  const host = fc.record({
    bootId: fc.constantFrom('boot-a', 'boot-b'),
    // The pid now: gone, run by the recorded process, or by another one.
    now: fc.constantFrom('gone', 'same', 'reused'),
  });

  it('live exactly when the pid runs with the recorded start time on the recorded boot, or on another host', () => {
    fc.assert(
      fc.property(holder, host, (h, here) => {
        const record: LockHolder = { ...h, takenAt: '2026-12-01T23:40:00.000Z', nonce: 'n' };
        const view: HostView = {
          hostname: 'vm',
          bootId: here.bootId,
          startTicks: () => (here.now === 'gone' ? undefined : here.now === 'same' ? h.startTicks : h.startTicks + 1),
          pidAlive: () => here.now !== 'gone',
          now: () => 0,
        };
        const verdict = judgeLock({ text: serializeHolder(record), mtimeMs: 0, identity: 'x' }, view);
        const expected = h.hostname !== 'vm' || (h.bootId === here.bootId && here.now === 'same');
        expect(verdict.live).toBe(expected);
        expect(verdict.unchecked !== undefined).toBe(h.hostname !== 'vm');
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });

  it('any file content is judged without throwing; what is not a record is stale only past the grace', () => {
    const record = fc
      .record({ pid: fc.integer({ min: 1 }), startTicks: fc.nat(), hostname: fc.string(), nonce: fc.string() })
      .map((r) => serializeHolder({ ...r, hostname: 'vm', takenAt: 't', nonce: r.nonce || 'n' }));
    const view = (ageMs: number): HostView => ({
      hostname: 'vm',
      bootId: undefined,
      startTicks: () => undefined,
      pidAlive: () => false,
      now: () => ageMs,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), record), fc.nat({ max: 60_000 }), (text, ageMs) => {
        const verdict = judgeLock({ text, mtimeMs: 0, identity: 'x' }, view(ageMs));
        if (verdict.holder === undefined) expect(verdict.live).toBe(ageMs <= UNWRITTEN_GRACE_MS);
        else expect(verdict.live).toBe(false); // every pid here is gone
      }),
      { seed: 20261203, numRuns: 500 },
    );
  });

  it('without /proc, falls back to whether the pid runs', () => {
    fc.assert(
      fc.property(holder, fc.boolean(), (h, alive) => {
        const record: LockHolder = { ...h, hostname: 'vm', takenAt: 't', nonce: 'n' };
        const view: HostView = {
          hostname: 'vm',
          bootId: undefined,
          startTicks: () => 'unknown',
          pidAlive: () => alive,
          now: () => 0,
        };
        expect(judgeLock({ text: serializeHolder(record), mtimeMs: 0, identity: 'x' }, view).live).toBe(alive);
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
