import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyze,
  checkProtocols,
  loadLanguageConfig,
  type Analysis,
  type Fix,
  type LanguageSpec,
} from '@parsercraft/language';
import { applyFix, brief } from './helpers.js';

const configs = ['shapes_en.yaml', 'formas_es.yaml'];
const configPath = (name: string): string => fileURLToPath(new URL(`fixtures/protocols/${name}`, import.meta.url));

/**
 * The programs are written once with English keywords and spelled in each config's own
 * keywords before they are checked, so every rule is tested in both languages.
 */
const KEYWORDS =
  /\b(PROGRAM|TYPE|PROTOCOL|EXTENDS|IMPLEMENTS|READONLY|OPTIONAL|RECORD|END|FUNCTION|PROCEDURE|VAR|BEGIN|WriteLn)\b/g;
function spell(spec: LanguageSpec, template: string): string {
  return template.replace(KEYWORDS, (word) => {
    if (word === 'WriteLn') return [...spec.functions.values()].find((f) => f.key === 'print')?.name ?? word;
    const spelled = spec.keywords.get(word.toLowerCase())?.custom;
    if (!spelled) throw new Error(`the config has no keyword for ${word}`);
    return spelled;
  });
}

const SHAPES = `PROGRAM T;
TYPE
  Named = PROTOCOL
    READONLY name: STRING;
  END;
  Shape = PROTOCOL EXTENDS Named
    FUNCTION area(): REAL;
    OPTIONAL PROCEDURE describe(depth: INTEGER);
  END;
`;

describe.each(configs)('checkProtocols with %s', (config) => {
  let spec: LanguageSpec;
  beforeAll(async () => {
    const loaded = await loadLanguageConfig(configPath(config));
    expect(loaded.diagnostics).toEqual([]);
    spec = loaded.spec;
  });

  const analysed = (template: string): { analysis: Analysis; text: string } => {
    const text = spell(spec, template);
    return { analysis: analyze(spec, text), text };
  };
  /** Protocol findings as `line:col code: message`; the analysis itself must be clean. */
  const check = (template: string): string[] => {
    const { analysis } = analysed(template);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return brief(checkProtocols(spec, analysis), 'parsercraft-protocol');
  };
  const kw = (word: string): string => spell(spec, word);
  /** The 1-based column of `needle` on 1-based line `line` of the spelled program. */
  const col = (template: string, line: number, needle: string): number => {
    const text = spell(spec, template).split('\n')[line - 1] ?? '';
    const i = text.indexOf(spell(spec, needle));
    if (i === -1) throw new Error(`'${needle}' is not on line ${line}`);
    return i + 1;
  };

  it('a record with every member, inherited ones included, conforms', () => {
    expect(
      check(`${SHAPES}  Circle = RECORD IMPLEMENTS Shape
    name: STRING;
    radius: REAL;
    FUNCTION area(): REAL;
  END;
BEGIN END.`),
    ).toEqual([]);
  });

  it('a missing member, through EXTENDS too, is named with its signature at the IMPLEMENTS', () => {
    const template = `${SHAPES}  Circle = RECORD IMPLEMENTS Shape
    radius: REAL;
  END;
BEGIN END.`;
    const { analysis } = analysed(template);
    const shape = col(template, 10, 'Shape') - 1;
    const [finding, ...rest] = checkProtocols(spec, analysis);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'protocol-nonconformance',
      severity: 'error',
      source: 'parsercraft-protocol',
      message:
        'Type Circle does not conform to protocol Shape: missing property name: STRING; missing method area(): REAL.',
      range: { start: { line: 9, character: shape }, end: { line: 9, character: shape + 5 } },
    });
    expect(finding?.related?.map((r) => [r.range.start.line + 1, r.message])).toEqual([
      [4, 'Named requires name here.'],
      [7, 'Shape requires area here.'],
    ]);
  });

  it('the quick fix adds the missing members before END, and the record then conforms', () => {
    const template = `${SHAPES}  Circle = RECORD IMPLEMENTS Shape
    radius: REAL;
  END;
BEGIN END.`;
    const { analysis, text } = analysed(template);
    const [fix] = checkProtocols(spec, analysis)[0]?.fixes ?? [];
    expect(fix?.title).toBe('Add missing members name, area to Circle');
    const fixed = applyFix(text, fix as Fix);
    expect(fixed).toContain(
      spell(
        spec,
        `    radius: REAL;
    name: STRING;
    FUNCTION area(): REAL;
  END;`,
      ),
    );
    expect(checkProtocols(spec, analyze(spec, fixed))).toEqual([]);
    // A one-line record gets the members on its line.
    const oneLine = analysed(`${SHAPES}  Dot = RECORD IMPLEMENTS Named END;\nBEGIN END.`);
    const [inline] = checkProtocols(spec, oneLine.analysis)[0]?.fixes ?? [];
    expect(applyFix(oneLine.text, inline as Fix)).toContain(
      spell(spec, 'Dot = RECORD IMPLEMENTS Named name: STRING; END;'),
    );
  });

  it('parameter counts, VAR and parameter types must match; wider parameter types are accepted', () => {
    const base = `PROGRAM T;
TYPE
  Named = PROTOCOL READONLY name: STRING; END;
  Person = RECORD IMPLEMENTS Named name: STRING; END;
  Visitor = PROTOCOL
    PROCEDURE visit(who: Person);
    PROCEDURE count(VAR total: INTEGER);
    FUNCTION pair(a: INTEGER; b: INTEGER): INTEGER;
  END;
`;
    expect(
      check(`${base}  Good = RECORD IMPLEMENTS Visitor
    PROCEDURE visit(who: Named);
    PROCEDURE count(VAR total: INTEGER);
    FUNCTION pair(a, b: INTEGER): INTEGER;
  END;
BEGIN END.`),
    ).toEqual([]);
    const bad = `${base}  Bad = RECORD IMPLEMENTS Visitor
    PROCEDURE visit(who: STRING);
    PROCEDURE count(total: INTEGER);
    FUNCTION pair(a: INTEGER): INTEGER;
  END;
BEGIN END.`;
    expect(check(bad)).toEqual([
      `10:${col(bad, 10, 'Visitor')} protocol-nonconformance: Type Bad does not conform to protocol Visitor: parameter 1 of visit is STRING in Bad but Person in Visitor; ` +
        'parameter 1 of count is a value in Bad but VAR in Visitor; method pair takes 1 parameter in Bad but 2 parameters in Visitor.',
    ]);
  });

  it('results are covariant: a narrower result is accepted, another type or no result is not', () => {
    const base = `${SHAPES}  Factory = PROTOCOL
    FUNCTION make(): Shape;
    FUNCTION size(): REAL;
  END;
  Circle = RECORD IMPLEMENTS Shape name: STRING; FUNCTION area(): REAL; END;
`;
    expect(
      check(`${base}  Good = RECORD IMPLEMENTS Factory FUNCTION make(): Circle; FUNCTION size(): REAL; END;
BEGIN END.`),
    ).toEqual([]);
    const bad = `${base}  Bad = RECORD IMPLEMENTS Factory FUNCTION make(): Named; PROCEDURE size; END;
BEGIN END.`;
    expect(check(bad)).toEqual([
      `15:${col(bad, 15, 'Factory FUNCTION')} protocol-nonconformance: Type Bad does not conform to protocol Factory: method make returns Named in Bad but Shape in Factory; method size returns nothing in Bad but REAL in Factory.`,
    ]);
  });

  it('a writable property satisfies a readonly one, not the reverse; a writable one needs the same type', () => {
    const base = `${SHAPES}  Circle = RECORD IMPLEMENTS Shape name: STRING; FUNCTION area(): REAL; END;
  Holder = PROTOCOL
    READONLY item: Shape;
    slot: Shape;
    label: STRING;
  END;
`;
    expect(
      check(`${base}  Good = RECORD IMPLEMENTS Holder item: Circle; slot: Shape; label: STRING; END;
BEGIN END.`),
    ).toEqual([]);
    const bad = `${base}  Bad = RECORD IMPLEMENTS Holder item: Named; slot: Circle; READONLY label: STRING; END;
BEGIN END.`;
    expect(check(bad)).toEqual([
      `16:${col(bad, 16, 'Holder')} protocol-nonconformance: Type Bad does not conform to protocol Holder: property item is Named in Bad but Shape in Holder; ` +
        'property slot is Circle in Bad but Shape in Holder; property label is readonly in Bad but writable in Holder.',
    ]);
  });

  it('optional members may be missing, but one that is present must fit', () => {
    const text = `${SHAPES}  Quiet = RECORD IMPLEMENTS Shape name: STRING; FUNCTION area(): REAL; END;
  Loud = RECORD IMPLEMENTS Shape name: STRING; FUNCTION area(): REAL; PROCEDURE describe(depth: STRING); END;
BEGIN END.`;
    expect(check(text)).toEqual([
      `11:${col(text, 11, 'Shape')} protocol-nonconformance: Type Loud does not conform to protocol Shape: parameter 1 of describe is STRING in Loud but INTEGER in Shape.`,
    ]);
  });

  it('a member of the wrong kind is named as such', () => {
    const text = `${SHAPES}  Odd = RECORD IMPLEMENTS Shape name: STRING; area: REAL; END;
BEGIN END.`;
    expect(check(text)).toEqual([
      `10:${col(text, 10, 'Shape')} protocol-nonconformance: Type Odd does not conform to protocol Shape: area is a property in Odd but a method in Shape.`,
    ]);
  });

  it('EXTENDS is transitive: members three levels up are required', () => {
    const text = `${SHAPES}  Solid = PROTOCOL EXTENDS Shape FUNCTION volume(): REAL; END;
  Ball = RECORD IMPLEMENTS Solid FUNCTION volume(): REAL; FUNCTION area(): REAL; END;
BEGIN END.`;
    expect(check(text)).toEqual([
      `11:${col(text, 11, 'Solid')} protocol-nonconformance: Type Ball does not conform to protocol Solid: missing property name: STRING.`,
    ]);
  });

  it('a cycle in EXTENDS is reported at each EXTENDS that closes it', () => {
    expect(
      check(`PROGRAM T;
TYPE
  A = PROTOCOL EXTENDS C END;
  B = PROTOCOL EXTENDS A END;
  C = PROTOCOL EXTENDS B END;
  D = PROTOCOL EXTENDS D END;
  E = PROTOCOL EXTENDS A END;
BEGIN END.`),
    ).toEqual(
      [
        '3:24 protocol-cycle: Protocol A extends itself: A -> C -> B -> A.',
        '4:24 protocol-cycle: Protocol B extends itself: B -> A -> C -> B.',
        '5:24 protocol-cycle: Protocol C extends itself: C -> B -> A -> C.',
        '6:24 protocol-cycle: Protocol D extends itself: D -> D.',
      ].map((l) => l.replace(/:24 /, `:${8 + kw('PROTOCOL EXTENDS').length} `)),
    );
  });

  it('conflicting inherited members are reported; a diamond and a narrowing override are not', () => {
    expect(
      check(`${SHAPES}  Sized = PROTOCOL FUNCTION area(): INTEGER; END;
  Both = PROTOCOL EXTENDS Shape, Sized END;
  Left = PROTOCOL EXTENDS Named END;
  Right = PROTOCOL EXTENDS Named END;
  Diamond = PROTOCOL EXTENDS Left, Right END;
  Narrow = PROTOCOL EXTENDS Named name: STRING; END;
  Wrong = PROTOCOL EXTENDS Named name: INTEGER; END;
BEGIN END.`),
    ).toEqual(
      [
        '11:3 protocol-conflict: Protocol Both inherits conflicting members named area: method area returns INTEGER in Sized but REAL in Shape.',
        '16:3 protocol-conflict: Member name of protocol Wrong conflicts with the one it inherits from Named: property name is INTEGER in Wrong but STRING in Named.',
      ].map((l) => (l.startsWith('16') ? l.replace('16:3', `16:${12 + kw('PROTOCOL EXTENDS Named').length}`) : l)),
    );
  });

  it('IMPLEMENTS and EXTENDS name protocols only', () => {
    expect(
      check(`${SHAPES}  Plain = RECORD x: INTEGER; END;
  R = RECORD IMPLEMENTS Plain x: INTEGER; END;
  P = PROTOCOL EXTENDS Plain END;
VAR v: INTEGER;
BEGIN v := 1; WriteLn(v) END.`),
    ).toEqual([
      `11:${8 + kw('RECORD IMPLEMENTS').length} protocol-expected: 'Plain' is the record Plain, not a protocol; ${kw('IMPLEMENTS')} names protocols only.`,
      `12:${8 + kw('PROTOCOL EXTENDS').length} protocol-expected: 'Plain' is the record Plain, not a protocol; ${kw('EXTENDS')} names protocols only.`,
    ]);
  });

  it('a value assigned, passed or returned as a protocol conforms structurally, IMPLEMENTS or not', () => {
    const text = `${SHAPES}  Square = RECORD name: STRING; FUNCTION area(): REAL; END;
  Blob = RECORD size: REAL; END;
VAR s: Shape; q: Square; b: Blob; n: Named;
PROCEDURE Draw(x: Shape);
BEGIN WriteLn(x.name) END;
FUNCTION AsShape(): Shape;
BEGIN AsShape := b END;
BEGIN
  s := q;
  Draw(q);
  s := b;
  Draw(b);
  n := s;
  s := n;
  WriteLn(s.name, AsShape().name)
END.`;
    const missing = 'missing property name: STRING; missing method area(): REAL.';
    expect(check(text)).toEqual([
      `16:${kw('BEGIN AsShape := ').length + 1} protocol-nonconformance: Type Blob does not conform to protocol Shape, so it cannot be returned from 'AsShape': ${missing}`,
      `20:8 protocol-nonconformance: Type Blob does not conform to protocol Shape, so it cannot be assigned to 's': ${missing}`,
      `21:8 protocol-nonconformance: Type Blob does not conform to protocol Shape, so it cannot be passed as parameter 'x' of 'Draw': ${missing}`,
      "23:8 protocol-nonconformance: Type Named does not conform to protocol Shape, so it cannot be assigned to 's': missing method area(): REAL.",
    ]);
  });

  it('an alias of a protocol is that protocol', () => {
    const text = `${SHAPES}  Figure = Shape;
  Blob = RECORD size: REAL; END;
VAR f: Figure; b: Blob;
BEGIN f := b; WriteLn(f.name) END.`;
    expect(check(text)).toEqual([
      `13:${col(text, 13, 'b;')} protocol-nonconformance: Type Blob does not conform to protocol Shape, so it cannot be assigned to 'f': missing property name: STRING; missing method area(): REAL.`,
    ]);
  });

  it('members are reached through a protocol-typed name, inherited ones too', () => {
    const { analysis, text } = analysed(`${SHAPES}VAR s: Shape;
BEGIN WriteLn(s.name, s.area(), s.missing) END.`);
    const line = text.split('\n')[10] ?? '';
    expect(brief(analysis.diagnostics)).toEqual([
      `11:${line.indexOf('missing') + 1} undefined-name: Shape has no field 'missing'.`,
    ]);
    const name = analysis.symbols.definition({ line: 10, character: line.indexOf('name') });
    expect(name?.start.line).toBe(3);
  });
});

describe('checkProtocols elsewhere', () => {
  it('languages without protocols, or programs without any, get no findings', async () => {
    const { spec } = await loadLanguageConfig(
      fileURLToPath(new URL('../../../test/fixtures/parsercraft/configs/python_like.yaml', import.meta.url)),
    );
    expect(checkProtocols(spec, analyze(spec, 'x = 1\nprint(x)\n'))).toEqual([]);
    const pascal = (await loadLanguageConfig(configPath('shapes_en.yaml'))).spec;
    expect(checkProtocols(pascal, analyze(pascal, 'PROGRAM P;\nTYPE R = RECORD a: INTEGER; END;\nBEGIN END.'))).toEqual(
      [],
    );
  });
});
