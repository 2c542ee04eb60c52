import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { parseLaunchFlags } from '../src/server/launch-server.js';
import { BIN } from './lsp-client.js';

const usage = (argv: string[]): string => {
  try {
    parseLaunchFlags(argv);
  } catch (error) {
    if (PcError.is(error)) return error.code;
    throw error;
  }
  return 'accepted';
};

describe('parseLaunchFlags: the one reading of every entry point’s command line', () => {
  it('reads each transport as vscode-languageserver does, and --health-port either way', () => {
    expect(parseLaunchFlags(['--stdio'])).toEqual({ transport: 'stdio', healthPort: undefined });
    expect(parseLaunchFlags(['lsp', '--node-ipc', '--clientProcessId=42'])).toEqual({
      transport: 'node-ipc',
      healthPort: undefined,
    });
    expect(parseLaunchFlags(['--socket=5007', '--health-port', '0'])).toEqual({ transport: 'socket', healthPort: 0 });
    expect(parseLaunchFlags(['--pipe', '/tmp/x.sock', '--health-port=9464'])).toEqual({
      transport: 'pipe',
      healthPort: 9464,
    });
  });

  it('refuses no transport, two transports, and ports that are not ports, with PC_SERVER_USAGE', () => {
    for (const argv of [
      [],
      ['lsp'],
      ['--stdio', '--node-ipc'],
      ['--stdio', '--health-port', 'abc'],
      ['--stdio', '--health-port=-1'],
      ['--stdio', '--health-port', '65536'],
      ['--stdio', '--health-port', '1e3'],
      ['--socket=x'],
      ['--pipe='],
      ['--stdio', '--health-port'],
    ]) {
      expect(usage(argv), argv.join(' ')).toBe('PC_SERVER_USAGE');
    }
  });

  it('never throws anything but a PcError, whatever the command line', () => {
    const flag = fc.constantFrom(
      '--stdio',
      '--node-ipc',
      '--socket',
      '--pipe',
      '--health-port',
      '--clientProcessId',
      '--',
      '-x',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(flag, fc.string(), fc.nat().map(String)), { maxLength: 6 }), (argv) => {
        expect(['accepted', 'PC_SERVER_USAGE']).toContain(usage(argv));
      }),
      { seed: 20261201, numRuns: 2000 },
    );
  });
});

async function runBin(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, [BIN, ...args], { timeout: 30_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code?: unknown; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stderr: e.stderr ?? '' };
  }
}

/** The runbook entry a printed `(see file:...#anchor)` link leads to. */
function followLink(stderr: string): { file: string; heading: string | undefined } {
  const link = /\(see (file:\S+)\)$/m.exec(stderr)?.[1] ?? '';
  const url = new URL(link);
  const anchor = url.hash.slice(1);
  url.hash = '';
  const file = fileURLToPath(url);
  const heading = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('### ') && l.slice(4).toLowerCase() === anchor)
    : undefined;
  return { file, heading };
}

describe('parsercraft-lsp failing to start', () => {
  it('with no transport: one classified line linked to the runbook this package carries, exit 2', async () => {
    const { code, stderr } = await runBin([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^parsercraft-lsp: error PC_SERVER_USAGE Name a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME\. \(see file:\S+#pc_server_usage\)\n$/,
    );
    expect(followLink(stderr)).toEqual({
      file: fileURLToPath(new URL('../RUNBOOK.md', import.meta.url)),
      heading: '### PC_SERVER_USAGE',
    });
  });

  it('on a health port already taken: the classified network code, exit 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const { code, stderr } = await runBin(['--stdio', '--health-port', String(port)]);
      expect(code).toBe(2);
      expect(stderr).toContain(
        `parsercraft-lsp: error PC_NET_ADDRESS_IN_USE Cannot serve health endpoints on 127.0.0.1:${port}: `,
      );
      expect(followLink(stderr).heading).toBe('### PC_NET_ADDRESS_IN_USE');
    } finally {
      taken.close();
    }
  });
});
