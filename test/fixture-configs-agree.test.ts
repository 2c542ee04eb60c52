/**
 * Issue #19, "done when": each of ParserCraft's 16 example configs checks a valid program in
 * its language clean from the built CLI, an invalid one (one mistake) gives exactly one located
 * error, and the language server (over real stdio) and `parsercraft doctor` agree with `check`:
 * on those programs, on the configs' warnings, and on copies of the configs broken on purpose.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../packages/cli/test/run-cli.js';
import { startServer, type ServerUnderTest } from '../packages/lsp-server/test/lsp-client.js';

const CONFIGS = fileURLToPath(new URL('./fixtures/parsercraft/configs/', import.meta.url));
const PROGRAMS = fileURLToPath(new URL('./fixtures/programs-per-config/', import.meta.url));

interface ConfigCase {
  readonly config: string;
  /** The extension of its programs in test/fixtures/programs-per-config. */
  readonly ext: string;
  /** The one mistake of `<config>.invalid.<ext>`, and the error it gives: 1-based line, code. */
  readonly mistake: string;
  readonly line: number;
  readonly code: string;
}

const CASES: readonly ConfigCase[] = [
  { config: 'basic_like.yaml', ext: 'bas', mistake: 'IF without THEN', line: 9, code: 'syntax-error' },
  { config: 'demo_assembly.json', ext: 'asm', mistake: 'no comma between arguments', line: 3, code: 'syntax-error' },
  { config: 'demo_basic.json', ext: 'bas', mistake: 'a misspelt routine', line: 8, code: 'undefined-name' },
  { config: 'demo_config.json', ext: 'dc', mistake: 'an unclosed call', line: 9, code: 'syntax-error' },
  {
    config: 'demo_config.yaml',
    ext: 'dc',
    mistake: 'a call one argument short',
    line: 9,
    code: 'wrong-argument-count',
  },
  { config: 'demo_functional.json', ext: 'txt', mistake: 'a misspelt constant', line: 6, code: 'undefined-name' },
  { config: 'demo_oop.json', ext: 'txt', mistake: 'a misspelt routine', line: 5, code: 'undefined-name' },
  { config: 'demo_python_custom.json', ext: 'pyc', mistake: 'a while without {', line: 7, code: 'syntax-error' },
  { config: 'demo_python_custom.yaml', ext: 'pyc', mistake: 'elsif for elif', line: 15, code: 'syntax-error' },
  { config: 'forth_like.yaml', ext: 'fs', mistake: 'a misspelt word', line: 4, code: 'undefined-name' },
  { config: 'functional_ml.yaml', ext: 'ml', mistake: 'a misspelt binding', line: 5, code: 'undefined-name' },
  { config: 'gw_basic.yaml', ext: 'bas', mistake: 'LEN with two arguments', line: 15, code: 'wrong-argument-count' },
  { config: 'minimal.json', ext: 'min', mistake: 'a misspelt function', line: 9, code: 'undefined-name' },
  { config: 'pascal_like.yaml', ext: 'pas', mistake: 'IF without THEN', line: 40, code: 'syntax-error' },
  { config: 'python_like.yaml', ext: 'py', mistake: 'an if without :', line: 9, code: 'syntax-error' },
  { config: 'timewarp_templecode.yaml', ext: 'ret', mistake: 'GOSUB to no label', line: 6, code: 'undefined-name' },
];

/** A finding as both `check --format json` and the server can say it: 1-based place, severity, code, message. */
type Finding = string;

interface CheckedFile {
  readonly diagnostics: readonly {
    range: { start: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }[];
}

const LSP_SEVERITY = ['', 'error', 'warning', 'information', 'hint'] as const;

const fromCheck = (file: CheckedFile): Finding[] =>
  file.diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}: ${d.message}`)
    .sort();

/** LSP 3.18 lets a message be markup; ours are plain text. */
const messageOf = (d: LspDiagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const fromServer = (diagnostics: readonly LspDiagnostic[]): Finding[] =>
  diagnostics
    .map(
      (d) =>
        `${d.range.start.line + 1}:${d.range.start.character + 1} ${LSP_SEVERITY[d.severity ?? 1]} ${String(d.code)}: ${messageOf(d)}`,
    )
    .sort();

/** Each config's programs are claimed by an extension of their own: `.pascal_like-yaml`. */
const extensionOf = (config: string): string => `.${config.replace('.', '-')}`;

let work: string;
let cache: string;
const servers: ServerUnderTest[] = [];

/**
 * A project whose parsercraft.json maps each config to its extension, with a registry on a
 * closed loopback port (doctor's registry row fails at once, and nothing leaves the machine).
 */
async function workspace(name: string, configs: Record<string, string>, registry: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  const languages = Object.fromEntries(
    Object.entries(configs).map(([config, path]) => [config, { config: path, extensions: [extensionOf(config)] }]),
  );
  await writeFile(join(dir, 'parsercraft.json'), JSON.stringify({ languages, registries: { default: registry } }));
  return dir;
}

/** Memoised per key: each file is checked, each server started and each doctor run once, whichever test asks first. */
function once<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const made = new Map<string, Promise<T>>();
  return (key) => {
    let p = made.get(key);
    if (!p) made.set(key, (p = make(key)));
    return p;
  };
}

const cli = (dir: string, ...args: string[]): Promise<CliRun> =>
  runCli(args, { cwd: dir, env: { PARSERCRAFT_CACHE: cache } });

let good: string;
let broken: string;

/** `check --format json` of one program in the good workspace. */
const checked = once(async (file: string) => {
  const run = await cli(good, 'check', '--format', 'json', file);
  const report = JSON.parse(run.stdout) as { files: CheckedFile[] };
  expect(report.files).toHaveLength(1);
  return { code: run.code, findings: fromCheck(report.files[0] ?? { diagnostics: [] }) };
});

/** The language server of a workspace, started once. */
const serverOf = once(async (dir: string) => {
  const server = await startServer(dir, { env: { PARSERCRAFT_CACHE: cache } });
  servers.push(server);
  return server;
});

/**
 * What the server publishes for a file opened as is (a program, or a config the workspace
 * names, which the server checks as loading it would); and every publish for it so far says
 * the same, so the first is not a placeholder a later one corrects.
 */
async function published(dir: string, path: string, languageId: string): Promise<LspDiagnostic[]> {
  const server = await serverOf(dir);
  const uri = pathToFileURL(path).href;
  await server.open(uri, languageId, await readFile(path, 'utf8'));
  const { diagnostics } = await server.diagnostics(uri, () => true, 60_000);
  const all = server.received<PublishDiagnosticsParams>('textDocument/publishDiagnostics').filter((p) => p.uri === uri);
  for (const p of all) expect(p.diagnostics).toEqual(diagnostics);
  return diagnostics;
}

const configLanguage = (config: string): string => (config.endsWith('.json') ? 'json' : 'yaml');

/** Findings on a config's own text as `path:line:col: message`, the way check and doctor list them. */
const asListed = (path: string, diagnostics: readonly LspDiagnostic[]): string[] =>
  diagnostics.map((d) => `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${messageOf(d)}`);

interface DoctorRow {
  readonly name: string;
  readonly status: string;
  readonly detail: string;
  readonly code?: string;
}

const doctorOf = once(async (dir: string) => {
  const run = await cli(dir, 'doctor', '--json', '--timeout', '30000');
  return (JSON.parse(run.stdout) as { checks: DoctorRow[] }).checks;
});

/** Doctor's row for a config: named by the language when it is fine, by its path when not. */
async function doctorRow(dir: string, path: string): Promise<DoctorRow | undefined> {
  const rows = await doctorOf(dir);
  return rows.find((r) => r.name === `language ${path}` || r.detail.startsWith(`${path} loads`));
}

/** A config's findings as check and doctor list them (`path:line:col: message; ...`), one per entry. */
const listed = (list: string, path: string): string[] =>
  list.split(new RegExp(`; (?=${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: )`));

/** The copy of a config whose name is a list: a load error at a line every config has. */
function breakName(text: string, json: boolean): { text: string; line: number } {
  const name = json ? /("name"\s*:\s*)"[^"]*"/ : /^(\s*name:\s*).*$/m;
  const match = name.exec(text);
  if (!match) throw new Error('no name entry to break');
  return { text: text.replace(name, '$1[42]'), line: text.slice(0, match.index).split('\n').length };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pc-agree-'));
  cache = join(work, 'cache');
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const registry = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));

  good = await workspace('good', Object.fromEntries(CASES.map((c) => [c.config, join(CONFIGS, c.config)])), registry);
  for (const c of CASES)
    for (const kind of ['valid', 'invalid'])
      await copyFile(join(PROGRAMS, `${c.config}.${kind}.${c.ext}`), join(good, `${kind}${extensionOf(c.config)}`));

  broken = join(work, 'broken');
  await mkdir(join(broken, 'configs'), { recursive: true });
  const brokenConfigs: Record<string, string> = {};
  for (const c of CASES) {
    const path = join(broken, 'configs', c.config);
    const { text } = breakName(await readFile(join(CONFIGS, c.config), 'utf8'), c.config.endsWith('.json'));
    await writeFile(path, text);
    brokenConfigs[c.config] = path;
    await copyFile(join(PROGRAMS, `${c.config}.valid.${c.ext}`), join(broken, `valid${extensionOf(c.config)}`));
  }
  // A braces config whose statement separator is '(': it loads, but no parser can be built for it.
  const unusable = join(broken, 'configs', 'unusable.json');
  const braces = await readFile(join(CONFIGS, 'demo_python_custom.json'), 'utf8');
  await writeFile(unusable, braces.replace('"statement_separator": ";"', '"statement_separator": "("'));
  brokenConfigs['unusable.json'] = unusable;
  await copyFile(
    join(PROGRAMS, 'demo_python_custom.json.valid.pyc'),
    join(broken, `valid${extensionOf('unusable.json')}`),
  );
  await workspace('broken', brokenConfigs, registry);
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.kill();
  await Promise.all(servers.map((s) => s.exited));
  await rm(work, { recursive: true, force: true });
});

describe.each(CASES)('$config', ({ config, ext, mistake, line, code }) => {
  const valid = `valid${extensionOf(config)}`;
  const invalid = `invalid${extensionOf(config)}`;

  it(`has a valid and an invalid program (${ext}) in test/fixtures/programs-per-config`, async () => {
    const names = await readdir(PROGRAMS);
    expect(names.filter((n) => n.startsWith(`${config}.`)).sort()).toEqual([
      `${config}.invalid.${ext}`,
      `${config}.valid.${ext}`,
    ]);
  });

  it('check: the valid program exits 0 with no findings at all', async () => {
    expect(await checked(valid)).toEqual({ code: 0, findings: [] });
  });

  it(`check: the invalid one (${mistake}) exits 1 with exactly one error, on line ${line}`, async () => {
    const { code: exit, findings } = await checked(invalid);
    expect(exit).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(new RegExp(`^${line}:\\d+ error ${code}: `));
  });

  it('the language server publishes what check prints, for both programs', async () => {
    for (const file of [valid, invalid])
      expect(fromServer(await published(good, join(good, file), config))).toEqual((await checked(file)).findings);
  });

  it("doctor says the config is fine, naming each of its warnings as the server does on the config's text", async () => {
    const path = join(CONFIGS, config);
    const row = await doctorRow(good, path);
    expect(row?.status).toBe('ok');
    const [, warnings = ''] = /; \d+ warnings?: (.*)$/.exec(row?.detail ?? '') ?? [];
    const onConfig = await published(good, path, configLanguage(config));
    expect(onConfig.filter((d) => d.severity === 1)).toEqual([]);
    const expected = asListed(
      path,
      onConfig.filter((d) => d.severity === 2),
    );
    expect(warnings ? listed(warnings, path) : []).toEqual(expected);
  });

  it('broken on purpose (its name a list): check, the server and doctor name the same error at the same line', async () => {
    const path = join(broken, 'configs', config);
    const { line: nameLine } = breakName(await readFile(join(CONFIGS, config), 'utf8'), config.endsWith('.json'));
    const program = `valid${extensionOf(config)}`;
    const run = await cli(broken, 'check', '--format', 'json', program);
    expect(run.code).toBe(2);
    const said = /^error (\S+) The language config of \S+ has errors: (.*) \(parsercraft explain /.exec(run.stderr);
    expect(said?.[1]).toBe('PC_CONFIG_WRONG_TYPE');
    const errors = listed(said?.[2] ?? '', path);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^.*:${nameLine}:\\d+: (metadata\\.)?name must be a string\\.$`));

    const onProgram = await published(broken, join(broken, program), config);
    expect(
      onProgram.map((d) => [
        d.code,
        d.severity,
        messageOf(d).replace(/^Language config (\S+), line (\d+): /, '$1:$2: '),
      ]),
    ).toEqual(errors.map((e) => ['PC_CONFIG_WRONG_TYPE', 1, e.replace(/:(\d+):\d+: /, ':$1: ')]));

    const row = await doctorRow(broken, path);
    expect(row).toMatchObject({ status: 'error', code: 'PC_CONFIG_WRONG_TYPE' });
    expect(row?.detail).toBe(`1 error: ${errors.join('; ')}`);

    const onConfig = await published(broken, path, configLanguage(config));
    expect(onConfig.filter((d) => d.severity === 1).map((d) => d.code)).toEqual(['PC_CONFIG_WRONG_TYPE']);
    expect(
      asListed(
        path,
        onConfig.filter((d) => d.severity === 1),
      ),
    ).toEqual(errors);
  });
});

describe('a config whose layout parser cannot be built', () => {
  it('check, the server and doctor blame the same config entry with PC_CONFIG_LAYOUT_UNUSABLE', async () => {
    const path = join(broken, 'configs', 'unusable.json');
    const entry = (await readFile(path, 'utf8')).split('\n').findIndex((l) => l.includes('"statement_separator": "("'));
    const program = `valid${extensionOf('unusable.json')}`;
    const run = await cli(broken, 'check', '--format', 'json', program);
    expect(run.code).toBe(1);
    const findings = fromCheck((JSON.parse(run.stdout) as { files: CheckedFile[] }).files[0] ?? { diagnostics: [] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(
      new RegExp(`^1:1 error config-layout-unusable: .*\\(PC_CONFIG_LAYOUT_UNUSABLE at ${path}:${entry + 1}:\\d+\\)$`),
    );
    expect(fromServer(await published(broken, join(broken, program), 'unusable.json'))).toEqual(findings);

    const row = await doctorRow(broken, path);
    expect(row).toMatchObject({ status: 'error', code: 'PC_CONFIG_LAYOUT_UNUSABLE' });
    const [, at = '', message = ''] = /^1 error: (\S+:\d+:\d+): (.*)$/.exec(row?.detail ?? '') ?? [];
    expect(at).toMatch(new RegExp(`^${path}:${entry + 1}:\\d+$`));
    // check says the doctor's message, then how programs are parsed meanwhile and where.
    expect(findings[0]).toContain(`${message.replace(/\.$/, '')}`);
    expect(findings[0]).toContain(`(PC_CONFIG_LAYOUT_UNUSABLE at ${at})`);

    const onConfig = await published(broken, path, 'json');
    expect(onConfig.map((d) => [d.code, d.severity])).toEqual([['PC_CONFIG_LAYOUT_UNUSABLE', 1]]);
    expect(asListed(path, onConfig)).toEqual([`${at}: ${message}`]);
  });
});
