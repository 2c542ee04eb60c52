import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, checkProtocols, type Fix, type LanguageSpec } from '@parsercraft/language';
import { applyFix } from './helpers.js';
import { briefFindings, checked, PROTOCOL_CONFIGS, protocolSpec, spell, where } from './protocol-programs.js';

const SHAPES = `PROGRAM T;
TYPE
  Named = PROTOCOL READONLY name: STRING; END;
  Shape = PROTOCOL EXTENDS Named FUNCTION area(): REAL; END;
  Factory = PROTOCOL FUNCTION make(): Shape; END;
`;

describe.each(PROTOCOL_CONFIGS)('suggesting IMPLEMENTS with %s', (config) => {
  let spec: LanguageSpec;
  beforeAll(async () => {
    spec = await protocolSpec(config);
  });
  const kw = (word: string): string => spell(spec, word);

  /** The findings' fixes applied one after another, each to the text the previous one left, then checked again. */
  const fixedBy = (text: string, fixes: readonly Fix[]): { text: string; findings: string[] } => {
    const fixed = fixes.reduce((t, f) => applyFix(t, f), text);
    const analysis = analyze(spec, fixed);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return { text: fixed, findings: checkProtocols(spec, analysis).map((d) => d.message) };
  };

  it('a result whose record has the members but does not declare the protocol suggests IMPLEMENTS, with a fix', () => {
    const c = checked(
      spec,
      `${SHAPES}  Square = RECORD name: STRING; FUNCTION area(): REAL; END;
  Maker = RECORD IMPLEMENTS Factory FUNCTION make(): Square; END;
BEGIN END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, `Factory ${kw('FUNCTION')} make(): Square`)} protocol-nonconformance: Type Maker does not conform to protocol Factory: ` +
        `method make returns Square in Maker but Shape in Factory (Square has the members Shape requires: add ${kw('IMPLEMENTS')} Shape to Square).`,
    ]);
    const [fix, ...others] = c.findings[0]?.fixes ?? [];
    expect(others).toEqual([]);
    expect(fix).toMatchObject({ title: `Add ${kw('IMPLEMENTS')} Shape to Square`, preferred: true });
    const after = fixedBy(c.text, [fix as Fix]);
    expect(after.text).toContain(kw('Square = RECORD IMPLEMENTS Shape name: STRING;'));
    expect(after.findings).toEqual([]);
  });

  it('a record that implements other protocols gets the protocol added to its list', () => {
    const c = checked(
      spec,
      `${SHAPES}  Sized = PROTOCOL FUNCTION size(): INTEGER; END;
  Square = RECORD IMPLEMENTS Named, Sized name: STRING; FUNCTION area(): REAL; FUNCTION size(): INTEGER; END;
  Maker = RECORD IMPLEMENTS Factory FUNCTION make(): Square; END;
BEGIN END.`,
    );
    const [fix] = c.findings[0]?.fixes ?? [];
    const after = fixedBy(c.text, [fix as Fix]);
    expect(after.text).toContain(kw('Square = RECORD IMPLEMENTS Named, Sized, Shape name'));
    expect(after.findings).toEqual([]);
  });

  it('no suggestion when the record lacks members of the protocol: declaring would not do', () => {
    const c = checked(
      spec,
      `${SHAPES}  Square = RECORD name: STRING; END;
  Maker = RECORD IMPLEMENTS Factory FUNCTION make(): Square; END;
BEGIN END.`,
    );
    expect(c.findings.map((d) => d.message)).toEqual([
      'Type Maker does not conform to protocol Factory: method make returns Square in Maker but Shape in Factory.',
    ]);
    expect(c.findings[0]?.fixes).toBeUndefined();
  });

  it('at a use: a record whose method returns the record itself needs the one declaration', () => {
    const c = checked(
      spec,
      `PROGRAM T;
TYPE
  Chain = PROTOCOL FUNCTION next(): Chain; END;
  Node = RECORD FUNCTION next(): Node; END;
VAR c: Chain; n: Node;
BEGIN c := n; WriteLn(1) END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, `n; ${kw('WriteLn')}`)} protocol-nonconformance: Type Node does not conform to protocol Chain, so it cannot be assigned to 'c': ` +
        `method next returns Node in Node but Chain in Chain (Node has the members Chain requires: add ${kw('IMPLEMENTS')} Chain to Node).`,
    ]);
    const after = fixedBy(c.text, c.findings[0]?.fixes ?? []);
    expect(after.findings).toEqual([]);
  });

  it('every declaration a chain of results needs is named, and the fix adds them all', () => {
    const c = checked(
      spec,
      `${SHAPES}  Pair = PROTOCOL FUNCTION first(): Named; FUNCTION area(): REAL; END;
  Tag = RECORD name: STRING; END;
  Two = RECORD FUNCTION first(): Tag; FUNCTION area(): REAL; END;
  Holder = PROTOCOL FUNCTION pair(): Pair; END;
  Box = RECORD IMPLEMENTS Holder FUNCTION pair(): Two; END;
BEGIN END.`,
    );
    expect(c.findings.map((d) => d.message)).toEqual([
      'Type Box does not conform to protocol Holder: method pair returns Two in Box but Pair in Holder ' +
        `(Two has the members Pair requires: add ${kw('IMPLEMENTS')} Pair to Two and add ${kw('IMPLEMENTS')} Named to Tag).`,
    ]);
    const [fix] = c.findings[0]?.fixes ?? [];
    expect(fix?.title).toBe(`Add ${kw('IMPLEMENTS')} Pair to Two and ${kw('IMPLEMENTS')} Named to Tag`);
    expect(fixedBy(c.text, [fix as Fix]).findings).toEqual([]);
  });

  it('a protocol that has the members is told to EXTEND; parameters and readonly properties get the hint too', () => {
    const c = checked(
      spec,
      `${SHAPES}  Figure = PROTOCOL READONLY name: STRING; FUNCTION area(): REAL; END;
  Person = RECORD name: STRING; END;
  Holder = PROTOCOL READONLY item: Shape; PROCEDURE visit(who: Person); END;
  Box = RECORD IMPLEMENTS Holder item: Figure; PROCEDURE visit(who: Named); END;
BEGIN END.`,
    );
    expect(c.findings.map((d) => d.message)).toEqual([
      'Type Box does not conform to protocol Holder: ' +
        `property item is Figure in Box but Shape in Holder (Figure has the members Shape requires: add ${kw('EXTENDS')} Shape to Figure); ` +
        `parameter 1 of visit is Named in Box but Person in Holder (Person has the members Named requires: add ${kw('IMPLEMENTS')} Named to Person).`,
    ]);
    const [fix] = c.findings[0]?.fixes ?? [];
    expect(fix).toMatchObject({ preferred: true });
    const after = fixedBy(c.text, [fix as Fix]);
    expect(after.text).toContain(kw('Figure = PROTOCOL EXTENDS Shape READONLY'));
    expect(after.findings).toEqual([]);
  });

  it('with members missing too, adding them stays the preferred fix and the declaration is offered beside it', () => {
    const c = checked(
      spec,
      `${SHAPES}  Square = RECORD name: STRING; FUNCTION area(): REAL; END;
  Sized = PROTOCOL FUNCTION make(): Shape; FUNCTION size(): INTEGER; END;
  Maker = RECORD IMPLEMENTS Sized FUNCTION make(): Square; END;
BEGIN END.`,
    );
    const fixes = c.findings[0]?.fixes ?? [];
    expect(fixes.map((f) => [f.title, f.preferred ?? false])).toEqual([
      ['Add missing member size to Maker', true],
      [`Add ${kw('IMPLEMENTS')} Shape to Square`, false],
    ]);
    expect(fixedBy(c.text, fixes).findings).toEqual([]);
  });
});
