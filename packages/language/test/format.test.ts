import { describe, expect, it } from 'vitest';
import { formatText, parseLanguageConfig, type FormatOptions, type LanguageSpec } from '@parsercraft/language';
import { applyFix, spec } from './helpers.js';

const SPACES: FormatOptions = { tabSize: 4, insertSpaces: true, insertFinalNewline: true, trimFinalNewlines: true };
const format = (s: LanguageSpec, text: string, options = SPACES): string =>
  applyFix(text, { title: 'format', edits: formatText(s, text, options) });

describe('formatText', () => {
  it('trims trailing whitespace, makes indentation spaces, ends with one newline, and leaves strings alone', async () => {
    const pascal = await spec('pascal_like.yaml');
    const text = "PROGRAM P;   \nBEGIN\n\tWriteLn('tabs\tand spaces   ');  \n  \t  WriteLn('x') \n\n\nEND.";
    expect(format(pascal, text)).toBe(
      "PROGRAM P;\nBEGIN\n    WriteLn('tabs\tand spaces   ');\n      WriteLn('x')\n\n\nEND.\n",
    );
    expect(format(pascal, format(pascal, text))).toBe(format(pascal, text));
  });

  it('indents with tabs when asked, and trims extra final newlines', async () => {
    const pascal = await spec('pascal_like.yaml');
    expect(
      format(pascal, 'BEGIN\n        x := 1;\n      y := 2\nEND.\n\n\n', {
        tabSize: 4,
        insertSpaces: false,
        trimFinalNewlines: true,
      }),
    ).toBe('BEGIN\n\t\tx := 1;\n\t  y := 2\nEND.\n');
  });

  it('respells keywords as the config does in a case-insensitive language, but not inside strings or comments', async () => {
    const temple = await spec('timewarp_templecode.yaml');
    const text = 'if x > 1 then print "if then"\nrem if then\n';
    const formatted = format(temple, text);
    expect(formatted).toMatch(/^IF x > 1 THEN print "if then"\n/);
    expect(formatted).toContain('\nrem if then\n');
  });

  it("a string spanning lines keeps its trailing spaces and its lines' indentation", () => {
    const { spec: s } = parseLanguageConfig(
      JSON.stringify({
        name: 'triple',
        version: '1',
        keywords: { if: 'if' },
        parsing: { string_delimiters: ['"""', '"'], comment_style: '#' },
        syntax: { block_style: 'braces' },
      }),
      { format: 'json' },
    );
    const text = 'x = """first   \n\t  second  \n"""   \n\ty = 1\n';
    expect(format(s, text)).toBe('x = """first   \n\t  second  \n"""\n    y = 1\n');
  });

  it('leaves the indentation of an indentation-block language alone: it is the structure', async () => {
    const python = await spec('python_like.yaml');
    const text = 'if x:\n\ty = 1   \n';
    expect(format(python, text)).toBe('if x:\n\ty = 1\n');
  });
});
