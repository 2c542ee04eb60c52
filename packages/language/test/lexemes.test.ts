import { describe, expect, it } from 'vitest';
import { scanLexemes, isKeyword } from '@parsercraft/language';
import { spec } from './helpers.js';

const lexemes = async (config: string, text: string): Promise<string[]> =>
  scanLexemes(await spec(config), text).map((l) => `${l.kind} ${text.slice(l.from, l.to)}`);

describe('scanLexemes', () => {
  it('Pascal: keywords as spelled, strings with doubled quotes, both comment styles, numbers and operators', async () => {
    const text = "PROGRAM P; (* a BEGIN comment *)\nBEGIN\n  x := 'it''s END' + 3.5e2; // done\nEND.";
    expect(await lexemes('pascal_like.yaml', text)).toEqual([
      'keyword PROGRAM',
      'word P',
      'comment (* a BEGIN comment *)',
      'keyword BEGIN',
      'word x',
      'operator :=',
      "string 'it''s END'",
      'operator +',
      'number 3.5e2',
      'comment // done',
      'keyword END',
    ]);
  });

  it('an unterminated string ends at its line, so the next line is scanned again', async () => {
    const text = "x := 'open\nBEGIN";
    expect(await lexemes('pascal_like.yaml', text)).toEqual(['word x', 'operator :=', "string 'open", 'keyword BEGIN']);
  });

  it('BASIC: a REM comment is a word comment, and A$ is one word', async () => {
    const text = '10 REM PRINT this\n20 PRINT A$';
    const kinds = await lexemes('basic_like.yaml', text);
    expect(kinds).toContain('comment REM PRINT this');
    expect(kinds).toContain('word A$');
  });

  it('isKeyword follows the config spelling and case rule', async () => {
    // pascal_like.yaml is case-sensitive; timewarp_templecode.yaml is not.
    const pascal = await spec('pascal_like.yaml');
    expect([isKeyword(pascal, 'BEGIN'), isKeyword(pascal, 'begin'), isKeyword(pascal, 'BEGINNING')]).toEqual([
      true,
      false,
      false,
    ]);
    const temple = await spec('timewarp_templecode.yaml');
    expect([isKeyword(temple, 'IF'), isKeyword(temple, 'if'), isKeyword(temple, 'iffy')]).toEqual([true, true, false]);
  });
});
