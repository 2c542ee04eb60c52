import { analyze, type Diagnostic, type LanguageSpec } from '@parsercraft/language';
import { baseParserFor } from '../src/syntax/base/base-parser.js';
import { CORPUS_PROGRAMS, type CorpusProgram } from './recovery-programs.js';

/**
 * The recovery corpus: single mutations of valid programs (see recovery-programs.ts), each
 * the kind of slip people make, and how many of them analyze() answers with exactly one
 * finding (an error or a warning) at the right line.
 *
 * The right line is the mutated line, or the line where the mistake is first detectable:
 * the token at which the text stops being the start of any valid program, which is where
 * the parser in strict mode (no recovery) stops. A dropped END is seen only where something
 * cannot belong inside the still-open block, which may be the program's last line; a dropped
 * `;` at the next statement's first token. Nothing else counts: two findings, or one
 * elsewhere, is a miss.
 *
 * Mutations that leave a program the parser accepts (deleting BASIC's optional LET, or NOT)
 * are not in the corpus, except the two kinds that must be caught after parsing: `:=`
 * swapped for `=` (a comparison that does nothing) and a keyword's case flipped, and the
 * kinds only names and indentation can give away: a name misspelt where it is used (not at
 * its first occurrence, usually its declaration) into a word the program does not spell,
 * and a statement of an indentation layout shifted one column in (not a block's first
 * line, which sets the block's column).
 *
 * A stack (Forth-like) program has no grammar to ask, so its sites are only the edits Forth
 * itself rejects: deleting a word that opens or closes a definition, a control structure or
 * a declaration, or the name a definition or declaration introduces, and misspelling a
 * keyword into a word nothing defines. Deleting ELSE or DROP leaves a valid program whose
 * stack effect changed, which no checker of this language claims to see.
 */

export type MutationKind =
  | 'delete-keyword'
  | 'misspell-keyword'
  | 'drop-closer'
  | 'drop-terminator'
  | 'drop-colon'
  | 'swap-assign'
  | 'drop-close-paren'
  | 'case-keyword'
  | 'delete-name'
  | 'misspell-name'
  | 'delete-comma'
  | 'shift-indent';

export interface Mutation {
  readonly program: CorpusProgram;
  readonly kind: MutationKind;
  /** 0-based line of the edit. */
  readonly line: number;
  readonly text: string;
  readonly description: string;
}

export interface RecoveryMiss {
  readonly mutation: Mutation;
  readonly acceptedLines: readonly number[];
  readonly findings: readonly string[];
}

export interface RecoveryReport {
  readonly total: number;
  readonly right: number;
  readonly share: number;
  readonly byKind: ReadonlyMap<MutationKind, { total: number; right: number }>;
  readonly misses: readonly RecoveryMiss[];
}

const CLOSERS = new Set(['end', 'wend', 'next', 'until', 'endif']);
const SEMANTIC_KINDS = new Set<MutationKind>(['swap-assign', 'case-keyword', 'misspell-name', 'shift-indent']);
/** Mutations per kind and program, at most. */
const PER_KIND = 12;

/** A small seeded generator (mulberry32): the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Site {
  readonly kind: MutationKind;
  readonly from: number;
  readonly to: number;
  readonly replacement: string;
  readonly description: string;
}

/** The line's code with comments and string contents blanked, so sites are only ever code. */
function codeOf(line: string, spec: LanguageSpec): string {
  let code = line.replace(/'[^']*'|"[^"]*"/g, (s) => ' '.repeat(s.length));
  for (const marker of spec.lexical.lineComments) {
    const folded = spec.lexical.caseSensitive ? code : code.toUpperCase();
    const at = folded.indexOf(spec.lexical.caseSensitive ? marker : marker.toUpperCase());
    if (at !== -1 && (/^\W/.test(marker) || !/\w/.test(code[at - 1] ?? ' '))) code = code.slice(0, at);
  }
  for (const [open, close] of spec.lexical.blockComments) {
    const at = code.indexOf(open);
    if (at === -1) continue;
    const end = code.indexOf(close, at);
    code = code.slice(0, at) + ' '.repeat((end === -1 ? code.length : end + close.length) - at);
  }
  return code;
}

function sitesOf(program: CorpusProgram, spec: LanguageSpec): Site[] {
  const sites: Site[] = [];
  const fold = (s: string): string => (spec.lexical.caseSensitive ? s : s.toLowerCase());
  const keywords = new Map<string, string>();
  for (const k of spec.keywords.values()) keywords.set(fold(k.custom), k.concept);
  const style = spec.syntax.blockStyle;
  let offset = 0;
  const words = new Set(program.text.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []);
  const seen = new Set<string>();
  const lines = program.text.split('\n');
  let previousCode = '';
  for (const line of lines) {
    const code = codeOf(line, spec);
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (
      style === 'indentation' &&
      code.trim() !== '' &&
      !previousCode.trimEnd().endsWith(':') &&
      previousCode.trim() !== ''
    )
      sites.push({
        kind: 'shift-indent',
        from: offset,
        to: offset,
        replacement: ' ',
        description: `indent line by one more (from ${indent})`,
      });
    if (code.trim() !== '') previousCode = code;
    for (const m of code.matchAll(/[A-Za-z_][A-Za-z0-9_$]*|:=|==|\)|;|:|=|,/g)) {
      const from = offset + (m.index ?? 0);
      const token = m[0];
      const to = from + token.length;
      const concept = keywords.get(fold(token));
      if (concept !== undefined) {
        const closer = CLOSERS.has(concept);
        sites.push({
          kind: closer ? 'drop-closer' : 'delete-keyword',
          from,
          to: code[(m.index ?? 0) + token.length] === ' ' ? to + 1 : to,
          replacement: '',
          description: `delete ${token}`,
        });
        const misspelt = token.length >= 4 ? token.slice(0, -1) : token + token.slice(-1);
        if (!keywords.has(fold(misspelt)))
          sites.push({
            kind: 'misspell-keyword',
            from,
            to,
            replacement: misspelt,
            description: `${token} as ${misspelt}`,
          });
        const flipped = token === token.toUpperCase() ? token.toLowerCase() : token.toUpperCase();
        if (spec.lexical.caseSensitive && flipped !== token && !keywords.has(flipped))
          sites.push({ kind: 'case-keyword', from, to, replacement: flipped, description: `${token} as ${flipped}` });
        continue;
      }
      const atLineEnd = code.slice((m.index ?? 0) + token.length).trim() === '';
      if (/^[A-Za-z_]/.test(token)) {
        const misspelt = token.length >= 3 ? `${token.charAt(1)}${token.charAt(0)}${token.slice(2)}` : '';
        // Not a name being assigned: where assigning declares (BASIC, Python), that is a new variable.
        const assigned = /^\s*(=|:=)(?!=)/.test(code.slice((m.index ?? 0) + token.length));
        if (seen.has(token) && !assigned && misspelt !== '' && !words.has(misspelt) && !keywords.has(fold(misspelt)))
          sites.push({
            kind: 'misspell-name',
            from,
            to,
            replacement: misspelt,
            description: `${token} as ${misspelt}`,
          });
        seen.add(token);
        sites.push({
          kind: 'delete-name',
          from,
          to: code[(m.index ?? 0) + token.length] === ' ' ? to + 1 : to,
          replacement: '',
          description: `delete ${token}`,
        });
        continue;
      }
      if (token === ';' && style === 'keywords' && atLineEnd)
        sites.push({ kind: 'drop-terminator', from, to, replacement: '', description: 'drop the ;' });
      else if (token === ':' && (style === 'indentation' ? atLineEnd : style === 'lines' || style === 'keywords'))
        sites.push({ kind: 'drop-colon', from, to, replacement: '', description: 'drop the :' });
      else if (token === ',') sites.push({ kind: 'delete-comma', from, to, replacement: '', description: 'drop a ,' });
      else if (token === ')')
        sites.push({ kind: 'drop-close-paren', from, to, replacement: '', description: 'drop a )' });
      else if (token === ':=' && style === 'keywords')
        sites.push({ kind: 'swap-assign', from, to, replacement: '=', description: ':= as =' });
      else if (token === '=' && style === 'indentation' && /^\s*[A-Za-z_]\w*\s*=[^=]/.test(code))
        sites.push({ kind: 'swap-assign', from, to, replacement: '==', description: '= as ==' });
    }
    offset += line.length + 1;
  }
  return sites;
}

/** Roles whose word Forth cannot lose: definitions, declarations and control structures. */
const STACK_OPENERS = new Set(['function', 'if', 'while', 'for', 'let', 'const', 'array']);
const STACK_CLOSERS = new Set(['return', 'then', 'until', 'loop']);
const STACK_NAMERS = new Set(['function', 'let', 'const', 'array']);

/** The sites of a stack program: its whitespace-separated words outside comments and strings. */
function stackSitesOf(program: CorpusProgram, spec: LanguageSpec): Site[] {
  const sites: Site[] = [];
  const words = [...program.text.matchAll(/\S+/g)].filter((m) => {
    const line = program.text.lastIndexOf('\n', m.index) + 1;
    return !program.text.slice(line, m.index).includes('\\');
  });
  const fold = (s: string): string => (spec.lexical.caseSensitive ? s : s.toLowerCase());
  const known = new Set(words.map((m) => fold(m[0])));
  const concepts = new Map<string, string>();
  for (const k of spec.keywords.values()) concepts.set(fold(k.custom), k.concept);
  let inComment = false;
  for (let i = 0; i < words.length; i++) {
    const m = words[i] as RegExpExecArray;
    const word = m[0];
    const from = m.index;
    if (inComment || word === '(') {
      inComment = word !== ')';
      continue;
    }
    const concept = concepts.get(fold(word));
    const del = (kind: MutationKind, description: string): void => {
      sites.push({ kind, from, to: from + word.length + 1, replacement: '', description });
    };
    if (concept !== undefined && STACK_OPENERS.has(concept)) del('delete-keyword', `delete ${word}`);
    if (concept !== undefined && STACK_CLOSERS.has(concept)) del('drop-closer', `delete ${word}`);
    const before = concepts.get(fold(words[i - 1]?.[0] ?? ''));
    if (concept === undefined && before !== undefined && STACK_NAMERS.has(before)) del('delete-name', `delete ${word}`);
    if (concept !== undefined && /^[A-Za-z]/.test(word)) {
      const misspelt = word.length >= 4 ? word.slice(0, -1) : word + word.slice(-1);
      if (!known.has(fold(misspelt)) && !concepts.has(fold(misspelt)))
        sites.push({
          kind: 'misspell-keyword',
          from,
          to: from + word.length,
          replacement: misspelt,
          description: `${word} as ${misspelt}`,
        });
    }
  }
  return sites;
}

/** Where a strict parse (no recovery) of `text` stops, as a 0-based line; undefined when it parses. */
export function firstDetectableLine(spec: LanguageSpec, text: string): number | undefined {
  if (spec.syntax.blockStyle === 'stack') return undefined;
  const base = baseParserFor(spec);
  const input = base.needsFinalNewline && !text.endsWith('\n') ? `${text}\n` : text;
  try {
    base.parser.configure({ strict: true }).parse(input);
    return undefined;
  } catch (error) {
    const at = /No parse at (\d+)/.exec(String(error));
    if (!at) throw error;
    // Past the last character is the last line with something on it.
    const offset = Math.min(Number(at[1]), text.trimEnd().length);
    return text.slice(0, offset).split('\n').length - 1;
  }
}

/** The corpus: up to PER_KIND mutations of each kind in each program, drawn with `seed`. */
export function recoveryMutations(
  specs: ReadonlyMap<string, LanguageSpec>,
  seed = 19,
  programs: readonly CorpusProgram[] = CORPUS_PROGRAMS,
): Mutation[] {
  const next = random(seed);
  const mutations: Mutation[] = [];
  for (const program of programs) {
    const spec = specs.get(program.config);
    if (!spec) throw new Error(`no spec loaded for ${program.config}`);
    const byKind = new Map<MutationKind, Site[]>();
    const stack = spec.syntax.blockStyle === 'stack';
    for (const site of stack ? stackSitesOf(program, spec) : sitesOf(program, spec))
      byKind.set(site.kind, [...(byKind.get(site.kind) ?? []), site]);
    for (const [kind, sites] of byKind) {
      const pool = [...sites];
      let taken = 0;
      while (pool.length > 0 && taken < PER_KIND) {
        const site = pool.splice(Math.floor(next() * pool.length), 1)[0] as Site;
        const text = program.text.slice(0, site.from) + site.replacement + program.text.slice(site.to);
        if (!stack && !SEMANTIC_KINDS.has(kind) && firstDetectableLine(spec, text) === undefined) continue;
        const line = program.text.slice(0, site.from).split('\n').length - 1;
        mutations.push({ program, kind, line, text, description: `${program.name}:${line + 1} ${site.description}` });
        taken++;
      }
    }
  }
  return mutations;
}

const counted = (d: Diagnostic): boolean => d.severity === 'error' || d.severity === 'warning';

/** Analyzes every mutation and scores it; stops early (with what it has) past `deadline` (performance.now()). */
export function measureRecovery(
  specs: ReadonlyMap<string, LanguageSpec>,
  mutations: readonly Mutation[],
  deadline = Infinity,
): RecoveryReport {
  const byKind = new Map<MutationKind, { total: number; right: number }>();
  const misses: RecoveryMiss[] = [];
  let total = 0;
  let right = 0;
  for (const mutation of mutations) {
    if (performance.now() > deadline) break;
    const spec = specs.get(mutation.program.config) as LanguageSpec;
    const findings = analyze(spec, mutation.text).diagnostics.filter(counted);
    const detectable = firstDetectableLine(spec, mutation.text);
    const acceptedLines = detectable === undefined ? [mutation.line] : [...new Set([mutation.line, detectable])];
    const ok = findings.length === 1 && acceptedLines.includes((findings[0] as Diagnostic).range.start.line);
    const tally = byKind.get(mutation.kind) ?? { total: 0, right: 0 };
    tally.total++;
    total++;
    if (ok) {
      tally.right++;
      right++;
    } else
      misses.push({
        mutation,
        acceptedLines,
        findings: findings.map((d) => `${d.range.start.line + 1} ${d.code}: ${d.message}`),
      });
    byKind.set(mutation.kind, tally);
  }
  return { total, right, share: total === 0 ? 0 : right / total, byKind, misses };
}

/** One line per kind and the share, as the test and the benchmark print it. */
export function formatRecoveryReport(report: RecoveryReport): string {
  const kinds = [...report.byKind].map(([kind, t]) => `${kind} ${t.right}/${t.total}`).join(', ');
  return `recovery share: ${(report.share * 100).toFixed(1)}% (${report.right}/${report.total} mutations give exactly one finding at the right line; ${kinds})`;
}
