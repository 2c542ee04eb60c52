import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { beforeAll, describe, expect, it } from 'vitest';
import { listErrorCodes, type ErrorCodeSpec } from '@parsercraft/core';

/**
 * RUNBOOK.md and the code base stay in step both ways: every code anything can raise has
 * its entry, every entry belongs to a code something raises, every link in it resolves.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const CODE = /\bPC_[A-Z0-9]+(?:_[A-Z0-9]+)*\b/g;

// Packages whose modules define error codes when imported. The VS Code extension is left
// out: it can only be loaded inside VS Code; the source scan below still covers it.
const NODE_PACKAGES = [
  '@parsercraft/core',
  '@parsercraft/language',
  '@parsercraft/registry-client',
  '@parsercraft/lsp-server',
  '@parsercraft/cli',
];

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
  readonly body: string;
}

let headings: Heading[];
let runbook: string;
let registered: ErrorCodeSpec[];
let usesByCode: Map<string, string[]>;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  for (const name of NODE_PACKAGES) await import(name);
  registered = listErrorCodes().filter((spec) => !spec.code.startsWith('PC_TESTONLY_'));

  runbook = await readFile(join(root, 'RUNBOOK.md'), 'utf8');
  const slugger = new GithubSlugger();
  const lines = runbook.split('\n');
  headings = [];
  lines.forEach((line, index) => {
    const match = /^(#{1,6}) (.+)$/.exec(line);
    if (!match) return;
    const end = lines.findIndex((l, i) => i > index && /^#{1,6} /.test(l));
    headings.push({
      level: match[1]!.length,
      text: match[2]!.trim(),
      slug: slugger.slug(match[2]!.trim()),
      body: lines.slice(index + 1, end === -1 ? undefined : end).join('\n'),
    });
  });

  usesByCode = new Map();
  const packagesDir = join(root, 'packages');
  for (const pkg of await readdir(packagesDir)) {
    for (const file of await sourceFiles(join(packagesDir, pkg, 'src')).catch(() => [])) {
      const text = await readFile(file, 'utf8');
      for (const [code] of text.matchAll(CODE)) {
        const uses = usesByCode.get(code) ?? [];
        uses.push(relative(root, file));
        usesByCode.set(code, uses);
      }
    }
  }
});

describe('RUNBOOK.md', () => {
  it('has an entry for every code the code base can raise', () => {
    const missing = [...usesByCode.keys()].filter((code) => !headings.some((h) => h.text === code));
    expect(missing).toEqual([]);
  });

  it('has an entry for every registered code, at the anchor the code links to', () => {
    for (const spec of registered) {
      const heading = headings.find((h) => h.text === spec.code);
      expect(heading, spec.code).toBeDefined();
      expect(spec.runbook).toBe(`RUNBOOK.md#${heading!.slug}`);
      expect(heading!.body.trim().length, `${spec.code} has an empty entry`).toBeGreaterThan(40);
    }
  });

  it('every code found in the sources is registered (no raising of undefined codes)', () => {
    const known = new Set(registered.map((s) => s.code));
    const unregistered = [...usesByCode.entries()]
      .filter(([code]) => !known.has(code))
      .map(([code, files]) => `${code} in ${files[0]}`);
    expect(unregistered).toEqual([]);
  });

  it('every code entry belongs to a registered code that something uses beyond its definition', () => {
    const known = new Set(registered.map((s) => s.code));
    for (const heading of headings.filter((h) => /^PC_/.test(h.text))) {
      expect(known.has(heading.text), `${heading.text} has an entry but no definition`).toBe(true);
      const files = usesByCode.get(heading.text) ?? [];
      expect(files.length, `${heading.text} is defined but never raised or mapped`).toBeGreaterThanOrEqual(2);
    }
  });

  it('starts with the five operational cases, and every family section has the four parts', () => {
    const opening = headings.findIndex((h) => h.text === 'Operational cases');
    const end = headings.findIndex((h, i) => i > opening && h.level === 2);
    const operational = headings
      .slice(opening + 1, end)
      .filter((h) => h.level === 3)
      .map((h) => h.text);
    expect(operational).toEqual(['High memory', 'Slow responses', 'Circuit open', 'Rate limited', 'Persistent errors']);
    const families = headings.filter((h) => h.level === 2 && h.text !== 'Operational cases');
    expect(families.length).toBeGreaterThanOrEqual(7);
    for (const family of [...families, ...headings.filter((h) => operational.includes(h.text))]) {
      for (const part of ['**Symptoms.**', '**Likely causes.**', '**Resolution.**', '**Prevention.**']) {
        expect(family.body, `${family.text} lacks ${part}`).toContain(part);
      }
    }
    // Every code sits under a family section, not under the operational cases.
    const firstFamily = runbook.indexOf(`## ${families[0]!.text}`);
    for (const spec of registered) expect(runbook.indexOf(`### ${spec.code}\n`)).toBeGreaterThan(firstFamily);
  });

  it("has an entry under its family for every code of a program check (the language package's protocol and codegen codes)", async () => {
    const { PROTOCOL_CODES, CODEGEN_CODES } = await import('@parsercraft/language');
    const family = runbook.indexOf('## Program checks');
    expect(family).toBeGreaterThan(0);
    for (const code of [...Object.keys(PROTOCOL_CODES), ...Object.keys(CODEGEN_CODES)]) {
      const heading = headings.find((h) => h.text === code);
      expect(heading, code).toBeDefined();
      expect(runbook.indexOf(`### ${code}\n`), code).toBeGreaterThan(family);
      expect(heading!.body.trim().length, `${code} has an empty entry`).toBeGreaterThan(40);
    }
  });

  it('every internal link resolves', () => {
    const slugs = new Set(headings.map((h) => h.slug));
    const links = [...runbook.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !slugs.has(l))).toEqual([]);
  });
});
