import { describe, expect, it } from 'vitest';
import type { LanguageSpec } from '@parsercraft/language';
import { baseParserFor } from '../src/syntax/base/base-parser.js';
import { repairSyntax } from '../src/syntax/base/error-repair.js';
import { pascalProgram } from '../../../bench/pascal-program.js';
import { spec } from './helpers.js';
import { recoveryMutations } from './recovery-corpus.js';
import { CORPUS_PROGRAMS } from './recovery-programs.js';

// A repair's strict parses reuse Lezer's tree of the text (up to its first error node), so
// that each trial costs about the window it checks instead of the whole prefix. Reuse must
// never change what is repaired: the same repairs as parsing every trial from scratch.
describe('error repair reusing the parsed tree', () => {
  it('repairs every corpus mutation exactly as without reuse', async () => {
    const specs = new Map<string, LanguageSpec>();
    for (const p of CORPUS_PROGRAMS) specs.set(p.config, await spec(p.config));
    const mutations = [...recoveryMutations(specs, 19), ...recoveryMutations(specs, 23)];
    expect(mutations.length).toBeGreaterThan(300);
    let repaired = 0;
    for (const m of mutations) {
      const base = baseParserFor(specs.get(m.program.config) as LanguageSpec);
      const input = base.needsFinalNewline && !m.text.endsWith('\n') ? `${m.text}\n` : m.text;
      const options = {
        lexicon: base.lexicon,
        parser: base.parser,
        finalNewline: base.needsFinalNewline,
        deadline: Infinity,
      };
      const fresh = repairSyntax(m.text, options);
      const reused = repairSyntax(m.text, { ...options, tree: base.parser.parse(input) });
      const { toOriginal: _fresh, ...freshResult } = fresh;
      const { toOriginal: _reused, ...reusedResult } = reused;
      expect(reusedResult, m.description).toEqual(freshResult);
      if (fresh.repairs.length > 0) repaired++;
    }
    expect(repaired).toBeGreaterThan(mutations.length / 2);
  });

  it('repairs one-token insertions and deletions anywhere in a long program exactly as without reuse', async () => {
    // Reusing nodes past the first error (which Lezer's recovery closed by an inserted
    // token) made `x := ( 17;` read as "something is missing before ';'"; this catches it.
    const base = baseParserFor(await spec('pascal_like.yaml'));
    const program = pascalProgram(600);
    const inserts = ['(', ')', ';', 'BEGIN', 'END', ':=', '=', 'IF', 'THEN', 'DO', '+', ',', "'", '[', 'WHIL'];
    let state = 18;
    const next = (n: number): number => (state = (state * 1103515245 + 12345) % 2 ** 31) % n;
    const texts = [program.replace('u := t DIV 2;', 'u := ( 17;')];
    for (let i = 0; i < 40; i++) {
      const at = next(program.length);
      texts.push(
        i % 3 === 0
          ? program.slice(0, at) + program.slice(at + 1 + next(6))
          : program.slice(0, at) + (inserts[next(inserts.length)] as string) + program.slice(at),
      );
    }
    for (const text of texts) {
      const options = { lexicon: base.lexicon, parser: base.parser, finalNewline: false, deadline: Infinity };
      const { toOriginal: _fresh, ...fresh } = repairSyntax(text, options);
      const { toOriginal: _reused, ...reused } = repairSyntax(text, { ...options, tree: base.parser.parse(text) });
      expect(reused).toEqual(fresh);
    }
  });
});
