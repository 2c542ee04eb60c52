import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The bin npm links (a committed shim that imports dist/bin/parsercraft.js). */
export const BIN = fileURLToPath(new URL('../bin/parsercraft.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/parsercraft/', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI as a child process, as users and CI run it (not a TTY). */
export async function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>> } = {},
): Promise<CliRun> {
  const env = { ...process.env, ...options.env };
  // The test runner may be in CI or have colour forced; each test says what it wants.
  if (!options.env?.['FORCE_COLOR']) delete env['FORCE_COLOR'];
  if (!options.env?.['NO_COLOR']) delete env['NO_COLOR'];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
