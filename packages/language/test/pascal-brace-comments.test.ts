import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, parseLanguageConfig, scanLexemes } from '@parsercraft/language';
import { analyzeWith } from './helpers.js';
import { configPath } from './fixtures.js';

const findings = async (text: string): Promise<string[]> =>
  (await analyzeWith('pascal_like.yaml', text)).diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`);

describe('{ } comments in the keywords layout', () => {
  it('are comments where the config spells no brace, on one line or several, between any tokens', async () => {
    const text = [
      'PROGRAM P; { the header }',
      '{ a comment of several words, with := and ; in it }',
      'VAR x: INTEGER; {no spaces}',
      'BEGIN',
      '  x := {inside an expression} 1;',
      '  { a comment',
      '    over two lines }',
      '  WriteLn(x) (* the config its own *) // and a line comment',
      'END.',
    ].join('\n');
    expect(await findings(text)).toEqual([]);
  });

  it('an unclosed one runs to the end of the text, as an unclosed (* does', async () => {
    const text = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  x := 1;\n  WriteLn(x)\nEND.\n{ trailing';
    expect(await findings(text)).toEqual([]);
  });

  it('are comments for the editor too: highlighting and formatting leave them alone', () => {
    const { spec } = parseLanguageConfig(readFileSync(configPath('pascal_like.yaml'), 'utf8'));
    const text = 'BEGIN { x := 1 } END.';
    const comment = scanLexemes(spec, text).find((l) => l.kind === 'comment');
    expect(comment && text.slice(comment.from, comment.to)).toBe('{ x := 1 }');
  });

  it('are not comments where the config gives braces a meaning of their own', () => {
    const yaml = readFileSync(configPath('pascal_like.yaml'), 'utf8')
      .replace('multiline_comment_start: "(*"', 'multiline_comment_start: "{*"')
      .replace('multiline_comment_end: "*)"', 'multiline_comment_end: "*}"');
    const { spec } = parseLanguageConfig(yaml);
    const text = 'PROGRAM P;\nVAR x: INTEGER;\nBEGIN\n  {* the config own *} x := 1;\n  WriteLn(x)\nEND.';
    expect(analyze(spec, text).diagnostics).toEqual([]);
    const braced = analyze(spec, text.replace('{* the config own *}', '{ not one }'));
    expect(braced.diagnostics.map((d) => d.code)).toContain('syntax-error');
  });
});
