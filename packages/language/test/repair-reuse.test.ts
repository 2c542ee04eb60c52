import { describe, expect, it } from 'vitest';
import { analyze, type LanguageSpec } from '@parsercraft/language';
import { baseParserFor } from '../src/syntax/base/base-parser.js';
import { reapplyRepairs, repairSyntax } from '../src/syntax/base/error-repair.js';
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
      const { toOriginal: _fresh, tree: _ft, memo: _fm, ...freshResult } = fresh;
      const { toOriginal: _reused, tree: _rt, memo: _rm, ...reusedResult } = reused;
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
      const { toOriginal: _fresh, tree: _ft, memo: _fm, ...fresh } = repairSyntax(text, options);
      const {
        toOriginal: _reused,
        tree: _rt,
        memo: _rm,
        ...reused
      } = repairSyntax(text, {
        ...options,
        tree: base.parser.parse(text),
      });
      expect(reused).toEqual(fresh);
    }
  });

  it("an edit's analysis that reapplies the last repairs finds exactly what a fresh analysis finds", async () => {
    // Keystrokes far from a persistent error reuse its repairs (RepairMemo); near it, or when
    // the edit adds an error past it, a fresh search runs. Either way: the findings of a
    // fresh analysis of the same text, whatever the edit history.
    const specs = new Map<string, LanguageSpec>();
    for (const p of CORPUS_PROGRAMS) specs.set(p.config, await spec(p.config));
    const mutations = recoveryMutations(specs, 29).filter(
      (m) => specs.get(m.program.config)?.syntax.blockStyle !== 'stack',
    );
    const edits = ['', ' ', 'x', ';', '\n', '(', 'END', ':', '  ', '1'];
    let state = 7;
    const next = (n: number): number => (state = (state * 1103515245 + 12345) % 2 ** 31) % n;
    const started = performance.now();
    let compared = 0;
    for (const m of mutations) {
      if (performance.now() - started > 15_000) break;
      const language = specs.get(m.program.config) as LanguageSpec;
      let previous = analyze(language, m.text);
      let text = m.text;
      for (let i = 0; i < 3; i++) {
        // Mostly far from the mutation, where reuse applies; sometimes anywhere.
        const at =
          i === 2 ? next(text.length) : Math.min(text.length, text.length - 1 - next(Math.max(1, text.length >> 2)));
        const remove = next(3) === 0 ? next(4) : 0;
        text = text.slice(0, at) + (edits[next(edits.length)] as string) + text.slice(at + remove);
        const incremental = analyze(language, text, { previous });
        expect(incremental.diagnostics, `${m.description}, edit ${i}`).toEqual(analyze(language, text).diagnostics);
        previous = incremental;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 30_000);

  it('reapplies a repair after an edit past its horizon, and not after one before it', async () => {
    const base = baseParserFor(await spec('pascal_like.yaml'));
    const program = pascalProgram(600).replace('u := t DIV 2;', 'u := ( 17;');
    const options = { lexicon: base.lexicon, parser: base.parser, finalNewline: false, deadline: Infinity };
    const first = repairSyntax(program, options);
    expect(first.complete).toBe(true);
    const memo = first.memo;
    if (!memo) throw new Error('a complete repair of one error leaves a memo');
    const end = program.lastIndexOf('END');
    const far = program.slice(0, end) + ' ' + program.slice(end);
    const again = reapplyRepairs(far, memo, options);
    const { toOriginal: _a, tree: _b, memo: _c, ...reused } = again ?? { toOriginal: 0, tree: 0, memo: 0 };
    const { toOriginal: _d, tree: _e, memo: _f, ...fresh } = repairSyntax(far, options);
    expect(reused).toEqual(fresh);
    const error = program.indexOf('( 17;');
    expect(reapplyRepairs(program.slice(0, error) + ' ' + program.slice(error), memo, options)).toBeUndefined();
    // A new error past the repairs: the repairs alone no longer parse it, so a search is due.
    expect(reapplyRepairs(program.slice(0, end) + ' ) ' + program.slice(end), memo, options)).toBeUndefined();
  });
});
