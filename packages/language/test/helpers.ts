import {
  analyze,
  LineIndex,
  loadLanguageConfig,
  type Analysis,
  type Diagnostic,
  type Fix,
  type LanguageSpec,
  type Position,
} from '@parsercraft/language';
import { configPath } from './fixtures.js';

const specs = new Map<string, LanguageSpec>();

/** A fixture config, loaded once per test file. */
export async function spec(name: string): Promise<LanguageSpec> {
  const cached = specs.get(name);
  if (cached) return cached;
  const loaded = (await loadLanguageConfig(configPath(name))).spec;
  specs.set(name, loaded);
  return loaded;
}

export async function analyzeWith(config: string, text: string): Promise<Analysis> {
  return analyze(await spec(config), text);
}

/** The position of the `nth` (0-based) occurrence of `needle`, plus `shift` characters. */
export function at(text: string, needle: string, nth = 0, shift = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, offset + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** Diagnostics as `line:col code: message` (1-based, as editors show them), for exact comparisons. */
export function brief(diagnostics: readonly Diagnostic[], source = 'parsercraft-semantic'): string[] {
  return diagnostics
    .filter((d) => d.source === source)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}`);
}

/** The text after a fix's edits, applied from the last to the first so earlier offsets hold. */
export function applyFix(text: string, fix: Fix): string {
  const lines = new LineIndex(text);
  const edits = fix.edits
    .map((e) => ({ from: lines.offset(e.range.start), to: lines.offset(e.range.end), newText: e.newText }))
    .sort((a, b) => b.from - a.from);
  return edits.reduce((t, e) => t.slice(0, e.from) + e.newText + t.slice(e.to), text);
}
