import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSpec } from '@parsercraft/language';
import { briefFindings, checked, PROTOCOL_CONFIGS, protocolSpec, spell, where } from './protocol-programs.js';

const TYPES = `PROGRAM T;
TYPE
  Named = PROTOCOL
    READONLY name: STRING;
  END;
  Shape = PROTOCOL EXTENDS Named
    READONLY sides: INTEGER;
    label: STRING;
    FUNCTION area(): REAL;
  END;
  Point = RECORD px: INTEGER; py: INTEGER; END;
  Pin = RECORD READONLY at: Point; READONLY marks: ARRAY [1..3] OF INTEGER; note: STRING; END;
  Holder = PROTOCOL READONLY shape: Shape; END;
`;

describe.each(PROTOCOL_CONFIGS)('READONLY members with %s', (config) => {
  let spec: LanguageSpec;
  beforeAll(async () => {
    spec = await protocolSpec(config);
  });
  const ro = (): string => spell(spec, 'READONLY');

  it('assigning a READONLY member through a protocol-typed name is reported at the member, naming protocol and member', () => {
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape; n: Named;
BEGIN
  s.sides := 4;
  s.name := 'x';
  n.name := 'y';
  s.label := 'fine';
  WriteLn(s.name, s.sides, n.name)
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, 'sides :=')} protocol-readonly: Cannot assign to 's.sides': sides is ${ro()} in protocol Shape.`,
      `${where(c.text, "name := 'x'")} protocol-readonly: Cannot assign to 's.name': name is ${ro()} in protocol Shape, which inherits it from Named.`,
      `${where(c.text, "name := 'y'")} protocol-readonly: Cannot assign to 'n.name': name is ${ro()} in protocol Named.`,
    ]);
    expect(c.findings[0]).toMatchObject({ severity: 'error', source: 'parsercraft-protocol' });
    // The range is the member's name exactly.
    const { start, end } = c.findings[0]!.range;
    expect(c.text.split('\n')[start.line]!.slice(start.character, end.character)).toBe('sides');
  });

  it('a READONLY record field, or a part of it, is not assigned; a writable one is', () => {
    const c = checked(
      spec,
      `${TYPES}VAR p: Pin;
BEGIN
  p.at.px := 1;
  p.marks[2] := 3;
  p.note := 'ok';
  WriteLn(p.at.px, p.marks[2], p.note)
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, 'at.px :=')} protocol-readonly: Cannot assign to 'p.at.px': at is ${ro()} in record Pin.`,
      `${where(c.text, 'marks[2] :=')} protocol-readonly: Cannot assign to 'p.marks[2]': marks is ${ro()} in record Pin.`,
    ]);
  });

  it('a member of a READONLY protocol-typed member is written through it, not into it', () => {
    const c = checked(
      spec,
      `${TYPES}VAR h: Holder;
BEGIN
  h.shape.label := 'fine';
  h.shape.sides := 3;
  WriteLn(h.shape.label)
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, 'sides := 3')} protocol-readonly: Cannot assign to 'h.shape.sides': sides is ${ro()} in protocol Shape.`,
    ]);
  });

  it('a READONLY member passed as a VAR argument is reported; as a value argument it is not', () => {
    const c = checked(
      spec,
      `${TYPES}VAR s: Shape; k: INTEGER;
PROCEDURE Bump(VAR n: INTEGER);
BEGIN n := n + 1 END;
PROCEDURE Show(n: INTEGER);
BEGIN WriteLn(n) END;
BEGIN
  k := 0;
  Bump(k);
  Bump(s.sides);
  Show(s.sides)
END.`,
    );
    expect(briefFindings(c)).toEqual([
      `${where(c.text, 'sides);')} protocol-readonly: Cannot pass 's.sides' as VAR parameter 'n' of 'Bump': sides is ${ro()} in protocol Shape.`,
    ]);
  });

  it('reading READONLY members and assigning whole protocol-typed names is fine', () => {
    const c = checked(
      spec,
      `${TYPES}  Square = RECORD IMPLEMENTS Shape name: STRING; sides: INTEGER; label: STRING; FUNCTION area(): REAL; END;
VAR s: Shape; q: Square; k: INTEGER;
BEGIN
  q.sides := 4;
  q.name := 'square';
  s := q;
  k := s.sides;
  WriteLn(s.name, k)
END.`,
    );
    expect(briefFindings(c)).toEqual([]);
  });
});
