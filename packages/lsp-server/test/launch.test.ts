import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcError } from '@parsercraft/core';
import { parseLaunchFlags } from '../src/server/launch-flags.js';
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
  it('reads each transport with = or a space, --health-port and --clientProcessId', () => {
    const none = { healthPort: undefined, clientProcessId: undefined };
    expect(parseLaunchFlags(['--stdio'])).toEqual({ ...none, transport: 'stdio' });
    expect(parseLaunchFlags(['--node-ipc', '--clientProcessId=42'])).toEqual({
      ...none,
      transport: 'node-ipc',
      clientProcessId: 42,
    });
    expect(parseLaunchFlags(['--socket=5007', '--health-port', '0'])).toEqual({
      ...none,
      transport: 'socket',
      port: 5007,
      healthPort: 0,
    });
    expect(parseLaunchFlags(['--socket', '65535'])).toMatchObject({ transport: 'socket', port: 65535 });
    // A pipe's name is taken whole: vscode-languageserver's own reading cuts it at the first '='.
    expect(parseLaunchFlags(['--pipe=/tmp/a=b.sock', '--health-port=9464'])).toEqual({
      ...none,
      transport: 'pipe',
      pipe: '/tmp/a=b.sock',
      healthPort: 9464,
    });
    expect(parseLaunchFlags(['--pipe', '/tmp/x y.sock'])).toMatchObject({ transport: 'pipe', pipe: '/tmp/x y.sock' });
  });

  it('refuses anything else with PC_SERVER_USAGE: no or two transports, bad ports, unknown flags, stray arguments', () => {
    for (const argv of [
      [],
      ['lsp'],
      ['lsp', '--stdio'],
      ['--stdio', '--node-ipc'],
      ['--stdio', '--health-port', 'abc'],
      ['--stdio', '--health-port=-1'],
      ['--stdio', '--health-port', '65536'],
      ['--stdio', '--health-port', '1e3'],
      ['--stdio', '--health-port'],
      ['--stdio', '--health-prot', '9000'],
      ['--stdio=yes'],
      ['--node-ipc=x'],
      ['--socket=x'],
      ['--socket=0'],
      ['--socket=65536'],
      ['--socket=99999'],
      ['--pipe='],
      ['--pipe', '--stdio'],
      ['--pipe=-x'],
      ['--stdio', '--clientProcessId', 'abc'],
      ['--stdio', '--clientProcessId=0'],
      ['--stdio', '--', 'x'],
      ['--stdio', '--'],
      ['--stdio', '--stdio'],
      ['--socket=1', '--socket=2'],
      ['--stdio', '--health-port', '1', '--health-port=2'],
      ['--stdio', '--clientProcessId', '9999999999'],
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

  it('on a health port already taken while the client keeps stdin open: exits 2 at once, having answered nothing', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const child = spawn(
      process.execPath,
      [BIN, '--stdio', '--health-port', String((taken.address() as AddressInfo).port)],
      { stdio: 'pipe' },
    );
    try {
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, capabilities: {} },
      });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      expect(await exitOf(child, 10_000)).toBe(2);
      expect(stdout).toBe('');
    } finally {
      child.kill('SIGKILL');
      taken.close();
    }
  });

  it('on a socket nobody listens on: the classified refusal, exit 2', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { code, stderr } = await runBin([`--socket=${port}`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(
        `^parsercraft-lsp: error PC_NET_REFUSED Cannot connect to the client's socket 127\\.0\\.0\\.1:${port}: `,
      ),
    );
  });

  it('--node-ipc with no IPC channel (started from a shell): a usage error, not a silent exit', async () => {
    const { code, stderr } = await runBin(['--node-ipc']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^parsercraft-lsp: error PC_SERVER_USAGE --node-ipc needs a parent that opened an IPC channel/,
    );
  });
});

describe('parsercraft-lsp on a pipe', () => {
  it("connects to the pipe named whole, '=' and spaces included, and answers initialize there", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-pipe-'));
    const path = join(dir, 'client a=b.sock');
    const answered = new Promise<string>((resolve) => {
      const client = createServer((socket) => {
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { processId: null, rootUri: null, capabilities: {} },
        });
        socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        let got = '';
        socket.on('data', (d: Buffer) => {
          got += d.toString();
          if (got.includes('"capabilities"')) {
            resolve(got);
            socket.destroy();
            client.close();
          }
        });
      });
      client.listen(path);
    });
    const child = spawn(process.execPath, [BIN, `--pipe=${path}`], { stdio: 'ignore' });
    try {
      expect(await answered).toMatch(/"id":1,"result":\{"capabilities"/);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
