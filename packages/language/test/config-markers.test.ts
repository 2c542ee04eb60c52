import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLanguageConfig, type Diagnostic } from '@parsercraft/language';

const FIXTURES = new URL('../../../test/fixtures/parsercraft/configs/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const at = (d: Diagnostic): string => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`;
const errors = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.severity === 'error');
/** A double-quoted scalar with everything outside ASCII escaped, as an attacker would paste it. */
const quote = (s: string): string =>
  JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const PASCAL = fixture('pascal_like.yaml');
/** pascal_like.yaml with one change, which must be in it. */
function pascalWith(from: string, to: string) {
  expect(PASCAL).toContain(from);
  return parseLanguageConfig(PASCAL.replace(from, () => to));
}
// Where pascal_like.yaml spells its markers (1-based lines).
const COMMENT = 'comment_style: "//"';
const DELIMITER = '    - "\'"';
const BLOCK_START = 'multiline_comment_start: "(*"';
const SEPARATOR = 'statement_separator: ";"';

describe('invisible characters: the Default_Ignorable_Code_Point property, less ZWJ and ZWNJ', () => {
  for (const ch of ['\u034f', '\u115f', '\u1160', '\u3164', '\uffa0', '\ufe00', '\ufe0f', '\u{e0100}', '\u{e01ef}']) {
    const name = `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    it(`keyword then with ${name} inside`, () => {
      const { spec, diagnostics } = pascalWith('then: "THEN"', `then: "TH${ch}EN"`);
      expect(errors(diagnostics).map(at)).toEqual(['PC_CONFIG_INVALID_SPELLING 13:9']);
      expect(diagnostics[0]?.message).toContain(`contains the invisible character ${name}`);
      expect(spec.keywords.has('then')).toBe(false);
    });
  }
});

describe('operators and function names', () => {
  it('an operator with the statement separator after its start; `!=` where `!` separates stays', () => {
    const { spec, diagnostics } = pascalWith('symbol: "/"', 'symbol: "+;"');
    expect(errors(diagnostics).map(at)).toEqual(['PC_CONFIG_INVALID_SPELLING 156:13']);
    expect(diagnostics[0]?.message).toContain('contains the statement separator ";" after "+"');
    expect(spec.operators.some((o) => o.symbol === '+;')).toBe(false);
    const assembly = parseLanguageConfig(fixture('demo_assembly.json'), { format: 'json' });
    expect(errors(assembly.diagnostics)).toEqual([]);
    expect(assembly.spec.operators.some((o) => o.symbol === '!=')).toBe(true);
  });

  it('a qualified function name with an empty part says where', () => {
    for (const [name, problem] of [
      ['Write.Ln.', 'ends with ".", where a qualified name needs a name after the dot'],
      ['Write..Ln', 'has two dots in a row after "Write", where a qualified name needs a name between them'],
    ]) {
      const { diagnostics } = pascalWith('name: "WriteLn"', `name: "${name}"`);
      expect(errors(diagnostics).map(at)).toEqual(['PC_CONFIG_INVALID_SPELLING 63:11']);
      expect(diagnostics[0]?.message).toBe(
        `The name of function 'print' ("${name}") ${problem}, so no program can spell it; it is left out.`,
      );
    }
  });
});

describe('lexical markers are checked alone and against each other, one finding each, where written', () => {
  const cases: [string, string, string, string][] = [
    [
      'a string delimiter spelled like the separator',
      DELIMITER,
      '    - ";"',
      'PC_CONFIG_MARKER_CONFLICT 190:7 The string delimiter parsing.string_delimiters[0] (";") would be read in place of the punctuation ";", which the keywords layout\'s grammar needs, so every ";" would start a string; it is left out.',
    ],
    [
      'a comment marker spelled like the separator',
      COMMENT,
      'comment_style: ";"',
      'PC_CONFIG_MARKER_CONFLICT 188:18 The comment marker parsing.comment_style (";") would be read in place of the punctuation ";", which the keywords layout\'s grammar needs, so every ";" would start a comment; it is left out.',
    ],
    [
      'a digit for a comment marker',
      COMMENT,
      'comment_style: "1"',
      'PC_CONFIG_INVALID_SPELLING 188:18 The comment marker parsing.comment_style ("1") starts with a digit, so every number starting with "1" would be read as a comment; it is left out.',
    ],
    [
      'an empty comment marker',
      COMMENT,
      'comment_style: ""',
      'PC_CONFIG_INVALID_SPELLING 188:18 The comment marker parsing.comment_style ("") is empty, so a comment would start everywhere; it is left out.',
    ],
    [
      'an invisible character in a comment marker',
      COMMENT,
      'comment_style: "/\\u200b/"',
      'PC_CONFIG_INVALID_SPELLING 188:18 The comment marker parsing.comment_style ("/\u200b/") contains the invisible character U+200B, so no program can write it; it is left out.',
    ],
    [
      'a block comment opened like a string',
      BLOCK_START,
      'multiline_comment_start: "\'"',
      'PC_CONFIG_MARKER_CONFLICT 191:28 The comment marker parsing.multiline_comment_start ("\'") is the string delimiter "\'" (parsing.string_delimiters[0], line 190), and comments are read first, so no string could start; it is left out.',
    ],
    [
      'a separator spelled like the comment marker',
      SEPARATOR,
      'statement_separator: "//"',
      'PC_CONFIG_MARKER_CONFLICT 200:24 The statement separator syntax.statement_separator ("//") is the comment marker (parsing.comment_style, line 188), which the tokenizer reads first, so it would start a comment instead of ending a statement, and only line ends would separate statements; it is left out.',
    ],
    [
      'a letter for a string delimiter, blamed on the delimiter and not on END, ELSE, ELSIF, EXCEPT',
      DELIMITER,
      '    - "E"',
      'PC_CONFIG_INVALID_SPELLING 190:7 The string delimiter parsing.string_delimiters[0] ("E") starts with a letter, so every word starting with "E" would be read as a string; it is left out.',
    ],
  ];
  for (const [what, from, to, finding] of cases) {
    it(what, () => {
      const { diagnostics } = pascalWith(from, to);
      expect(errors(diagnostics).map((d) => `${at(d)} ${d.message}`)).toEqual([finding]);
    });
  }

  it('the spec keeps the markers it can use, and none of the rejected one', () => {
    const letter = pascalWith(DELIMITER, '    - "E"').spec;
    expect(letter.lexical.stringDelimiters).toEqual([]);
    expect(letter.keywords.get('end')?.custom).toBe('END');
    const separator = pascalWith(SEPARATOR, 'statement_separator: "//"').spec;
    expect(separator.lexical).toMatchObject({ lineComments: ['//'], statementSeparator: null });
    const comment = pascalWith(COMMENT, 'comment_style: ";"').spec;
    expect(comment.lexical).toMatchObject({ lineComments: [], statementSeparator: ';' });
  });

  it('demo_functional comments with ";" and separates with "!", gw_basic comments with REM, Forth with \\ and (', () => {
    const functional = parseLanguageConfig(fixture('demo_functional.json'), { format: 'json' });
    expect(errors(functional.diagnostics)).toEqual([]);
    expect(functional.spec.lexical).toMatchObject({ lineComments: [';'], statementSeparator: '!' });
    expect(parseLanguageConfig(fixture('gw_basic.yaml')).spec.lexical.lineComments).toEqual(['REM']);
    const forth = parseLanguageConfig(fixture('forth_like.yaml')).spec.lexical;
    expect(forth).toMatchObject({ lineComments: ['\\'], blockComments: [['(', ')']] });
  });

  it('none of the 16 fixture configs has an error', () => {
    const names = readdirSync(FIXTURES).filter((n) => /\.(ya?ml|json)$/.test(n));
    expect(names).toHaveLength(16);
    for (const name of names) {
      const format = name.endsWith('.json') ? 'json' : 'yaml';
      expect(errors(parseLanguageConfig(fixture(name), { format }).diagnostics), name).toEqual([]);
    }
  });
});

describe('one mistake, one finding; list elements and the array base are checked', () => {
  const load = (lines: string[]): string[] => parseLanguageConfig(lines.join('\n') + '\n').diagnostics.map(at);

  it('a precedence written as a string', () => {
    expect(load(['name: T', 'operators:', '  - {symbol: "+", precedence: "5"}'])).toEqual([
      'PC_CONFIG_WRONG_TYPE 3:31',
    ]);
  });

  it('a function or an operator that is not a mapping', () => {
    expect(load(['name: T', 'functions:', '  print: 5'])).toEqual(['PC_CONFIG_NOT_A_MAPPING 3:10']);
    expect(load(['name: T', 'operators:', '  - "+"'])).toEqual(['PC_CONFIG_NOT_A_MAPPING 3:5']);
    expect(load(['metadata: 5'])).toEqual(['PC_CONFIG_NOT_A_MAPPING 1:11']);
  });

  it('list elements of the wrong type', () => {
    const aliases = parseLanguageConfig(
      'metadata: {name: T}\nkeywords:\n  if:\n    custom: IF\n    aliases: [1, "I F"]\n',
    ).diagnostics;
    expect(aliases.map((d) => `${at(d)} ${d.message}`)).toEqual([
      'PC_CONFIG_WRONG_TYPE 5:15 keywords.if.aliases[0] must be a string, not the number 1; put it in quotes ("1") if that is the text you mean.',
    ]);
    expect(load(['metadata:', '  name: T', '  file_extensions: [1]'])).toEqual(['PC_CONFIG_WRONG_TYPE 3:21']);
    expect(load(['name: T', 'parsing:', '  string_delimiters: ["\'", 2]'])).toEqual(['PC_CONFIG_WRONG_TYPE 3:28']);
  });

  it('an array base that is not a whole number; -1 stays, as ParserCraft demos use it', () => {
    const { spec, diagnostics } = pascalWith('array_index_base: 1', 'array_index_base: 0.5');
    expect(diagnostics.map((d) => `${at(d)} ${d.message}`)).toEqual([
      "PC_CONFIG_WRONG_TYPE 195:21 syntax.array_index_base must be a whole number, the index of a list's first element (0 or 1), not 0.5.",
    ]);
    expect(spec.syntax.arrayIndexBase).toBe(0);
    const negative = pascalWith('array_index_base: 1', 'array_index_base: -1');
    expect(negative.diagnostics).toEqual([]);
    expect(negative.spec.syntax.arrayIndexBase).toBe(-1);
  });
});

describe('random markers (fixed seed)', () => {
  // The Pascal layout's punctuation (layout-punctuation.ts), which no marker may start.
  const PUNCTUATION = ['(', ')', '[', ']', ',', ';', ':', '.', '..'];
  const LINES = { comment: 188, delimiter: 190, block: 191, separator: 200 } as const;
  type Role = keyof typeof LINES;
  const alone = (role: Role, s: string): boolean =>
    s === '' ||
    /[\p{Cc}\u200b]/u.test(s) ||
    /^(\d|\.\d)/.test(s) ||
    ((role === 'delimiter' || role === 'block') && /^\w/.test(s)) ||
    (/^\w/.test(s) && !/^\w+$/.test(s)) ||
    (role !== 'separator' && PUNCTUATION.some((p) => p.startsWith(s)));
  /**
   * Whether two markers clash, the tokenizer reading the first one: a comment, then a string,
   * then symbols. A word (a comment marker like REM) is compared with whole words.
   */
  const clash = (first: string, then: string): boolean =>
    first !== '' && (/^\w/.test(first) ? /^\w*/.exec(then)?.[0] === first : then.startsWith(first));

  it('loading never throws; a marker is left out exactly when it has one finding, and the kept ones never clash', () => {
    const piece = fc.constantFrom('/', '*', '(', ';', "'", '"', '#', '1', 'E', '!', '-', '\u200b', '.');
    const marker = fc.array(piece, { minLength: 0, maxLength: 2 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(marker, marker, marker, marker, (comment, delimiter, block, separator) => {
        const text = PASCAL.replace(COMMENT, () => `comment_style: ${quote(comment)}`)
          .replace(DELIMITER, () => `    - ${quote(delimiter)}`)
          .replace(BLOCK_START, () => `multiline_comment_start: ${quote(block)}`)
          .replace(SEPARATOR, () => `statement_separator: ${quote(separator)}`);
        const { spec, diagnostics } = parseLanguageConfig(text);
        const lexical = spec.lexical;
        const found = (role: Role): number =>
          errors(diagnostics).filter((d) => d.range.start.line + 1 === LINES[role]).length;
        const lineKept = lexical.lineComments.includes(comment);
        const kept: Record<Role, boolean> = {
          comment: lineKept,
          delimiter: lexical.stringDelimiters.includes(delimiter),
          // A block comment opened like the line comment is that line comment.
          block: lexical.blockComments.some(([open]) => open === block) || (block === comment && lineKept),
          separator: lexical.statementSeparator === separator,
        };
        const written = { comment, delimiter, block, separator };
        const roles = Object.keys(LINES) as Role[];
        for (const role of roles) {
          // An empty separator means none: no finding, and none kept.
          if (role === 'separator' && separator === '') {
            expect(found(role)).toBe(0);
            continue;
          }
          expect(found(role), `${role} ${quote(written[role])}`).toBe(kept[role] ? 0 : 1);
          if (kept[role]) expect(alone(role, written[role]), role).toBe(false);
        }
        const keptComments = [comment, block].filter((c, i) => (i === 0 ? kept.comment : kept.block));
        for (const c of keptComments) {
          if (kept.delimiter) expect(clash(c, delimiter), `comment ${c} / string ${delimiter}`).toBe(false);
          if (kept.separator) expect(clash(c, separator), `comment ${c} / separator ${separator}`).toBe(false);
        }
        if (kept.delimiter && kept.separator) expect(clash(delimiter, separator)).toBe(false);
        // Left out only for a reason: alone, or clashing with a marker the config wrote.
        for (const role of roles) {
          if (kept[role] || (role === 'separator' && separator === '')) continue;
          const others = roles.filter((r) => r !== role).map((r) => written[r]);
          const reason =
            alone(role, written[role]) ||
            others.some((o) => o !== '' && (clash(o, written[role]) || clash(written[role], o)));
          expect(reason, `${role} ${quote(written[role])} left out without a reason`).toBe(true);
        }
      }),
      { seed: 20_261_202, numRuns: 400 },
    );
  });
});
