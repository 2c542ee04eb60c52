import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GracefulShutdown, type ShutdownReport } from '../src/index.js';

describe('GracefulShutdown', () => {
  describe('in process', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('runs handlers last-registered first; a failing or hanging handler does not stop the rest', async () => {
      const shutdown = new GracefulShutdown({ defaultTimeoutMs: 1_000 });
      const ran: string[] = [];
      let hungSignal: AbortSignal | undefined;
      shutdown.register('first', () => void ran.push('first'));
      shutdown.register('hangs', (signal) => {
        ran.push('hangs');
        hungSignal = signal;
        return new Promise(() => undefined);
      });
      shutdown.register('fails', () => {
        ran.push('fails');
        throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' });
      });
      shutdown.register(
        'last',
        async () => {
          ran.push('last');
          await new Promise((resolve) => setTimeout(resolve, 100));
        },
        { timeoutMs: 500 },
      );
      const pending = shutdown.shutdown('test');
      await vi.advanceTimersByTimeAsync(1_200);
      const report = await pending;
      expect(ran).toEqual(['last', 'fails', 'hangs', 'first']);
      expect(report.handlers.map((h) => [h.name, h.status])).toEqual([
        ['last', 'ok'],
        ['fails', 'failed'],
        ['hangs', 'timeout'],
        ['first', 'ok'],
      ]);
      expect(report.handlers[1]!.error).toMatchObject({
        code: 'PC_NET_BROKEN_PIPE',
        runbook: 'RUNBOOK.md#pc_net_broken_pipe',
      });
      expect(report.handlers[2]!.error).toMatchObject({ code: 'PC_TIMEOUT' });
      expect(report.handlers[2]!.durationMs).toBe(1_000);
      expect(hungSignal!.aborted).toBe(true);
      expect(report).toMatchObject({ reason: 'test', ok: false });
    });

    it('is idempotent and ignores handlers added once it has started', async () => {
      const shutdown = new GracefulShutdown();
      const handler = vi.fn();
      shutdown.register('a', () => {
        shutdown.register('late', handler);
      });
      const first = shutdown.shutdown('one');
      const second = shutdown.shutdown('two');
      expect(second).toBe(first);
      const report = await first;
      expect(report.reason).toBe('one');
      expect(report.ok).toBe(true);
      expect(handler).not.toHaveBeenCalled();
      expect(shutdown.shuttingDown).toBe(true);
    });

    it('lets a handler be removed', async () => {
      const shutdown = new GracefulShutdown();
      const removed = vi.fn();
      const unregister = shutdown.register('removed', removed);
      unregister();
      expect((await shutdown.shutdown()).handlers).toEqual([]);
      expect(removed).not.toHaveBeenCalled();
    });
  });

  describe('on real signals (child process)', () => {
    const script = fileURLToPath(new URL('./fixtures/shutdown-on-signal.mjs', import.meta.url));

    function start(mode: string): {
      lines: string[];
      exited: Promise<number | null>;
      waitFor: (line: string) => Promise<void>;
      kill: (s: NodeJS.Signals) => void;
    } {
      const child = spawn(process.execPath, [script, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
      const lines: string[] = [];
      const waiters: Array<() => void> = [];
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        lines.push(...parts);
        for (const w of waiters.splice(0)) w();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const waitFor = async (line: string): Promise<void> => {
        const deadline = Date.now() + 10_000;
        while (!lines.some((l) => l.startsWith(line))) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for "${line}"; got ${JSON.stringify(lines)}`);
          await new Promise<void>((resolve) => {
            waiters.push(resolve);
            setTimeout(resolve, 100);
          });
        }
      };
      return { lines, exited, waitFor, kill: (s) => child.kill(s) };
    }

    it('SIGTERM runs every handler in order and exits with the code the report decides', async () => {
      const child = start('normal');
      await child.waitFor('ready');
      child.kill('SIGTERM');
      expect(await child.exited).toBe(3);
      expect(child.lines.slice(1, 4)).toEqual(['ran stop server', 'ran flush logs', 'ran close database']);
      const report = JSON.parse(child.lines.find((l) => l.startsWith('report '))!.slice(7)) as ShutdownReport;
      expect(report.reason).toBe('SIGTERM');
      expect(report.handlers.map((h) => h.status)).toEqual(['ok', 'failed', 'ok']);
    });

    it('a second signal during a slow shutdown exits at once', async () => {
      const child = start('hang');
      await child.waitFor('ready');
      child.kill('SIGTERM');
      await child.waitFor('ran stop server');
      child.kill('SIGINT');
      expect(await child.exited).toBe(1);
      expect(child.lines.some((l) => l.startsWith('report '))).toBe(false);
    });
  });
});
