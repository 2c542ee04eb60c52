import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverInterruptedSwitch } from '../src/tree/switch-tree.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** The pid of a process that has exited, so no live writer has it. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the project folder after a writer was killed mid-write', () => {
  it("removes a dead writer's lockfile temp and leaves a live writer's and the project's own files", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pc-sweep-'));
    dirs.push(dir);
    const dead = deadPid();
    const files = [
      `.pc-tmp-parsercraft-lock.json-${dead}-0a1b2c3d`,
      `.pc-tmp-parsercraft.json-${dead}-0a1b2c3d`,
      `.pc-tmp-parsercraft-lock.json-${process.pid}-0a1b2c3d`,
      // Not our temp names: a user's files are never touched.
      `.pc-tmp-notes.txt-${dead}-0a1b2c3d`,
      'parsercraft.json',
    ];
    for (const f of files) await writeFile(join(dir, f), '{}');
    await recoverInterruptedSwitch(dir);
    expect((await readdir(dir)).sort()).toEqual(
      [
        `.pc-tmp-notes.txt-${dead}-0a1b2c3d`,
        `.pc-tmp-parsercraft-lock.json-${process.pid}-0a1b2c3d`,
        'parsercraft.json',
      ].sort(),
    );
  });
});
