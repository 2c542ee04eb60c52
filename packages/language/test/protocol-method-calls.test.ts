import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, checkProtocols, type LanguageSpec } from '@parsercraft/language';
import { brief } from './helpers.js';
import { briefFindings, checked, PROTOCOL_CONFIGS, protocolSpec, spell, where } from './protocol-programs.js';

const TYPES = `PROGRAM T;
TYPE
  Named = PROTOCOL
    READONLY name: STRING;
    PROCEDURE rename(to: STRING);
  END;
  Shape = PROTOCOL EXTENDS Named
    FUNCTION area(): REAL;
    PROCEDURE scale(factor: REAL);
    PROCEDURE grow(VAR total: INTEGER);
    FUNCTION fits(into: Shape): BOOLEAN;
  END;
  Blob = RECORD size: REAL; END;
  Square = RECORD IMPLEMENTS Shape
    name: STRING;
    PROCEDURE rename(to: STRING);
    FUNCTION area(): REAL;
    PROCEDURE scale(factor: REAL);
    PROCEDURE grow(VAR total: INTEGER);
    FUNCTION fits(into: Shape): BOOLEAN;
  END;
`;

describe.each(PROTOCOL_CONFIGS)('method calls through protocols with %s', (config) => {
  let spec: LanguageSpec;
  beforeAll(async () => {
    spec = await protocolSpec(config);
  });

  it('calls with the right arguments are clean, and the analysis alone does not check them', () => {
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape; q: Square; k: INTEGER; x: REAL;
BEGIN
  k := 0;
  s := q;
  x := s.area();
  x := s.area;
  s.scale(2);
  s.scale(x);
  s.grow(k);
  s.rename('circle');
  IF s.fits(q) THEN WriteLn(s.name, x, k)
END.`,
    );
    expect(briefFindings(c)).toEqual([]);
  });

  it('a wrong argument count is reported as for a routine, inherited methods and record methods too', () => {
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape; q: Square; x: REAL;
BEGIN
  x := s.area(1);
  s.scale(1, 2);
  s.rename();
  q.scale();
  s.scale;
  WriteLn(x)
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, '(1);')} wrong-argument-count: 'area' takes 0 arguments, but 1 was given.`,
      `${where(c.text, '(1, 2)')} wrong-argument-count: 'scale' takes 1 argument, but 2 were given.`,
      `${where(c.text, '();')} wrong-argument-count: 'rename' takes 1 argument, but none was given.`,
      `${where(c.text, '();', 1)} wrong-argument-count: 'scale' takes 1 argument, but none was given.`,
      `${where(c.text, 'scale;')} wrong-argument-count: 'scale' takes 1 argument, but none was given.`,
    ]);
    expect(c.findings.map((d) => d.severity)).toEqual(['error', 'error', 'error', 'error', 'error']);
  });

  it('argument types are checked against the parameters, VAR arguments must be variables', () => {
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape; q: Square; b: Blob;
BEGIN
  s.scale('wide');
  s.rename(3);
  s.grow(1 + 2);
  IF s.fits(b) THEN WriteLn(s.name)
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, "'wide'")} type-mismatch: Argument 1 of 'scale' is STRING, but parameter 'factor' is REAL.`,
      `${where(c.text, '3);')} type-mismatch: Argument 1 of 'rename' is INTEGER, but parameter 'to' is STRING.`,
      `${where(c.text, '1 + 2')} not-assignable: Parameter 'total' of 'grow' is a VAR parameter, so argument 1 must be a variable.`,
      `${where(c.text, 'b) THEN'.replace('THEN', spell(spec, 'THEN')))} protocol-nonconformance: Type Blob does not conform to protocol Shape, so it cannot be passed as parameter 'into' of 'fits': missing property name: STRING; missing method rename(STRING); missing method area(): REAL; missing method scale(REAL); missing method grow(VAR INTEGER); missing method fits(Shape): BOOLEAN.`,
    ]);
  });

  it('a property called as a method is not callable', () => {
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape;
BEGIN
  WriteLn(s.name(1))
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, 'name(1)')} not-callable: 'name' is a field of protocol Named, not a method.`,
    ]);
  });

  it('the findings are the same as a routine call gets from the analysis, message for message', () => {
    const routines = spell(
      spec,
      `PROGRAM R;
PROCEDURE scale(factor: REAL);
BEGIN WriteLn(factor) END;
FUNCTION area(): REAL;
BEGIN area := 1 END;
BEGIN
  scale('wide');
  WriteLn(area(1))
END.`,
    );
    const viaRoutines = brief(analyze(spec, routines).diagnostics).map((l) => l.replace(/^\S+ /, ''));
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape;
BEGIN
  s.scale('wide');
  WriteLn(s.area(1))
END.`,
    );
    expect(briefFindings(c).map((l) => l.replace(/^\S+ /, ''))).toEqual(viaRoutines);
    expect(viaRoutines).toHaveLength(2);
  });

  it('a call on a name of unknown type is left alone', () => {
    const text = spell(spec, `${TYPES}BEGIN nothing.area(1) END.`);
    expect(brief(checkProtocols(spec, analyze(spec, text)), 'parsercraft-protocol')).toEqual([]);
  });
});
