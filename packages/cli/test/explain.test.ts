import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const RUNBOOK = fileURLToPath(new URL('../RUNBOOK.md', import.meta.url));

describe('parsercraft explain', () => {
  it("prints a code's runbook entry from this package's RUNBOOK.md, with what the registry knows of it", async () => {
    const { code, stdout } = await runCli(['explain', 'PC_NET_RESET']);
    expect(code).toBe(0);
    const runbook = readFileSync(RUNBOOK, 'utf8');
    const body = /### PC_NET_RESET\n\n([\s\S]+?)\n\n###/.exec(runbook)?.[1];
    expect(body).toBeDefined();
    expect(stdout).toContain(body!);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'PC_NET_RESET',
      'The connection was reset or aborted by the other side.',
      'network, severity medium, retried where a recovery plan allows',
    ]);
    const link = /(file:\S+)$/m.exec(stdout)?.[1];
    expect(link).toBe(`${new URL('../RUNBOOK.md', import.meta.url).href}#pc_net_reset`);
    expect(stdout).toContain('under "Network errors (PC_NET_*)"');
  });

  it('takes a code in any case, and the program-check codes too', async () => {
    expect((await runCli(['explain', 'pc_fs_not_found'])).stdout).toMatch(/^PC_FS_NOT_FOUND\n/);
    const check = await runCli(['explain', 'codegen-unsupported']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^codegen-unsupported\n\n`generateC` met a construct/);
  });

  it('an unknown code, or a heading that is not a code, is a usage error naming the nearest codes', async () => {
    const typo = await runCli(['explain', 'PC_NET_RESTE']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toMatch(
      /^error PC_CLI_USAGE The runbook has no entry for "PC_NET_RESTE"; the nearest codes are PC_NET_RESET, /,
    );
    const partial = await runCli(['explain', 'circuit_open']);
    expect(partial.stderr).toContain('the nearest codes are PC_CIRCUIT_OPEN');
    for (const notACode of ['High memory', 'Operational cases', '', '### PC_NET_RESET']) {
      const run = await runCli(['explain', notACode]);
      expect(run.code, notACode).toBe(2);
      expect(run.stderr, notACode).toMatch(/^error PC_CLI_USAGE /);
    }
    expect((await runCli(['explain'])).stderr).toMatch(/^error PC_CLI_USAGE missing required argument 'code'/);
  });

  it('never echoes control characters from the code it was given, and stays one line', async () => {
    const run = await runCli(['explain', 'PC_\u001b[31mRED\nx\u0007']);
    expect(run.code).toBe(2);
    expect([...run.stderr].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f'))).toEqual([]);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('"PC_\\u001b[31mRED\\nx\\u0007"');
  });
});

describe('usage errors', () => {
  it("are one line, commander's suggestion included", async () => {
    const run = await runCli(['doctr']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error PC_CLI_USAGE unknown command 'doctr' \(Did you mean doctor\?\); parsercraft --help lists what it accepts \(/,
    );
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('doctor --timeout past what a timer can hold is a usage error, not every check failing at once', async () => {
    const run = await runCli(['doctor', '--timeout', '99999999999']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^error PC_CLI_USAGE --timeout needs a number of milliseconds from 1 to 2147483647, not '99999999999'\./,
    );
  });
});
