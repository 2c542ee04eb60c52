import { describe, expect, it } from 'vitest';
import { analyze } from '@parsercraft/language';
import { spec } from './helpers.js';
import { CORPUS_PROGRAMS } from './recovery-programs.js';

// A line ends at LF, CRLF or a lone CR (as LineIndex and LSP count lines). An attack session
// found indentation measured only after LF: a valid Python-like program with CR line ends got
// five false errors.
describe('line endings', () => {
  const key = (d: { code: string; range: { start: { line: number; character: number } } }): string =>
    `${d.code}@${d.range.start.line}:${d.range.start.character}`;

  it.each(CORPUS_PROGRAMS.map((p) => [p.name, p] as const))(
    '%s: the same findings with LF, CRLF, lone CR and mixed line ends',
    async (_name, program) => {
      const language = await spec(program.config);
      const lf = analyze(language, program.text).diagnostics.map(key);
      const lines = program.text.split('\n');
      const mixed = lines.map((l, i) => l + (i === lines.length - 1 ? '' : ['\n', '\r\n', '\r'][i % 3])).join('');
      for (const text of [program.text.replace(/\n/g, '\r\n'), program.text.replace(/\n/g, '\r'), mixed])
        expect(analyze(language, text).diagnostics.map(key)).toEqual(lf);
      // One mistake: the same one finding, on the same line.
      const broken = lines.findIndex((l) => /\S/.test(l) && l.trim().length > 3);
      const withMistake = (eol: string): string => lines.map((l, i) => (i === broken ? `${l} )(` : l)).join(eol);
      const expected = analyze(language, withMistake('\n')).diagnostics.map(key);
      expect(analyze(language, withMistake('\r')).diagnostics.map(key)).toEqual(expected);
      expect(analyze(language, withMistake('\r\n')).diagnostics.map(key)).toEqual(expected);
    },
  );
});
