import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { PcError } from '@parsercraft/core';
import { install, type InstallOptions, type InstallProgress } from '@parsercraft/registry-client';
import { RegistryServer } from './registry-server.js';

/** Short retry delays: the defaults (250 ms and up) are right for CI networks, slow for tests. */
export const FAST_PLANS = {
  'registry.packument': { timeoutMs: 5_000, retry: { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' } },
  'registry.tarball': { timeoutMs: 5_000, retry: { initialDelayMs: 5, maxDelayMs: 20, jitter: 'none' } },
};

/** A loopback registry and a work folder for one test, and what the tests do with them. */
export class Harness {
  private constructor(
    readonly server: RegistryServer,
    readonly work: string,
  ) {}

  static async start(): Promise<Harness> {
    return new Harness(await RegistryServer.start(), await mkdtemp(join(tmpdir(), 'pc-harness-')));
  }

  get cacheDir(): string {
    return join(this.work, 'cache');
  }

  async project(name: string, dependencies: Record<string, string>): Promise<string> {
    const dir = join(this.work, name);
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'parsercraft.json'),
      JSON.stringify({ dependencies, registries: { default: this.server.url }, plans: FAST_PLANS }),
    );
    return dir;
  }

  async install(
    projectDir: string,
    extra: Partial<InstallOptions> = {},
  ): Promise<{ result: Awaited<ReturnType<typeof install>>; events: InstallProgress[] }> {
    const events: InstallProgress[] = [];
    const result = await install({ projectDir, cacheDir: this.cacheDir, onProgress: (e) => events.push(e), ...extra });
    return { result, events };
  }

  /** Every file and folder under the work folder, relative and sorted, outside `except` folders. */
  async files(...except: string[]): Promise<string[]> {
    const all = await readdir(this.work, { recursive: true });
    return all
      .map((p) => p.replaceAll('\\', '/'))
      .filter((p) => !except.some((e) => p === e || p.startsWith(`${e}/`)))
      .sort();
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await rm(this.work, { recursive: true, force: true });
  }
}

export async function failure(promise: Promise<unknown>): Promise<PcError> {
  try {
    await promise;
  } catch (error) {
    expect(PcError.is(error), String(error)).toBe(true);
    return error as PcError;
  }
  throw new Error('expected it to fail');
}

/**
 * Runs an ES module script in its own Node process from the package folder (so it imports
 * the package by name), bounded to 30 s; resolves with its stdout, rejects on a non-zero exit.
 */
export function runScript(script: string, args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}
