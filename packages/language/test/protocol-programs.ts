import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  analyze,
  checkProtocols,
  loadLanguageConfig,
  type Analysis,
  type Diagnostic,
  type LanguageSpec,
} from '@parsercraft/language';
import { brief } from './helpers.js';

/** The protocol test configs: the same language spelled in English and in Spanish. */
export const PROTOCOL_CONFIGS = ['shapes_en.yaml', 'formas_es.yaml'] as const;

export async function protocolSpec(name: string): Promise<LanguageSpec> {
  const loaded = await loadLanguageConfig(fileURLToPath(new URL(`fixtures/protocols/${name}`, import.meta.url)));
  expect(loaded.diagnostics).toEqual([]);
  return loaded.spec;
}

const KEYWORDS =
  /\b(PROGRAM|TYPE|PROTOCOL|EXTENDS|IMPLEMENTS|READONLY|OPTIONAL|RECORD|END|FUNCTION|PROCEDURE|VAR|BEGIN|IF|THEN|WHILE|DO|ARRAY|OF|WriteLn)\b/g;

/**
 * A program written with English keywords, spelled in the config's own: every rule is
 * tested in both languages, and a message that quotes a keyword quotes it as the config
 * spells it.
 */
export function spell(spec: LanguageSpec, template: string): string {
  return template.replace(KEYWORDS, (word) => {
    if (word === 'WriteLn') return [...spec.functions.values()].find((f) => f.key === 'print')?.name ?? word;
    const spelled = spec.keywords.get(word.toLowerCase())?.custom;
    if (!spelled) throw new Error(`the config has no keyword for ${word}`);
    return spelled;
  });
}

/** A spelled program, its analysis and its protocol findings. */
export interface Checked {
  readonly text: string;
  readonly analysis: Analysis;
  readonly findings: readonly Diagnostic[];
}

/** Analyses and checks a program; the analysis itself must have no errors. */
export function checked(spec: LanguageSpec, template: string): Checked {
  const text = spell(spec, template);
  const analysis = analyze(spec, text);
  expect(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return { text, analysis, findings: checkProtocols(spec, analysis) };
}

/** Protocol findings as `line:col code: message`, 1-based. */
export function briefFindings(c: Checked): string[] {
  return brief(c.findings, 'parsercraft-protocol');
}

/** The 1-based `line:col` of the `nth` occurrence (0-based) of `needle` in the text. */
export function where(text: string, needle: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}
