/**
 * Generates a program for test/fixtures/protocols/shapes_en.yaml with `protocols` protocols
 * and `records` records, all conforming: each protocol has two properties (one readonly) and
 * three methods (one optional); every fifth extends the two before it. Each record implements
 * two protocols and declares what they require, with a narrower result where one refers to a
 * protocol; the main block assigns one record of each type to a protocol-typed variable, so
 * the structural check at uses runs once per record too.
 */
export function protocolProgram(protocols: number, records: number): string {
  const out = ['PROGRAM Protocols;', 'TYPE'];
  const extendsOf = (i: number): number[] => (i % 5 === 4 && i >= 2 ? [i - 1, i - 2] : []);
  const ownMembers = (i: number): string[] => [
    `    READONLY id${i}: INTEGER;`,
    `    label${i}: STRING;`,
    `    FUNCTION area${i}(scale: REAL): REAL;`,
    `    FUNCTION next${i}(): P${i};`,
    `    OPTIONAL PROCEDURE describe${i}(depth: INTEGER);`,
  ];
  const allOf = (i: number): number[] => [i, ...extendsOf(i).flatMap(allOf)];
  for (let i = 0; i < protocols; i++) {
    const bases = extendsOf(i);
    out.push(
      `  P${i} = PROTOCOL${bases.length ? ` EXTENDS ${bases.map((b) => `P${b}`).join(', ')}` : ''}`,
      ...ownMembers(i),
      '  END;',
    );
  }
  for (let r = 0; r < records; r++) {
    const implemented = [r % protocols, (r * 7 + 3) % protocols].filter((p, k, all) => all.indexOf(p) === k);
    const required = [...new Set(implemented.flatMap(allOf))];
    out.push(`  R${r} = RECORD IMPLEMENTS ${implemented.map((p) => `P${p}`).join(', ')}`);
    for (const p of required) {
      out.push(
        `    id${p}: INTEGER;`,
        `    label${p}: STRING;`,
        `    FUNCTION area${p}(scale: REAL): REAL;`,
        `    FUNCTION next${p}(): R${r};`,
      );
    }
    out.push('  END;');
  }
  out.push('VAR');
  for (let p = 0; p < protocols; p++) out.push(`  v${p}: P${p};`);
  for (let r = 0; r < records; r++) out.push(`  r${r}: R${r};`);
  out.push('BEGIN');
  for (let r = 0; r < records; r++) out.push(`  v${r % protocols} := r${r};`);
  for (let p = 0; p < protocols; p++) out.push(`  WriteLn(v${p}.label${p});`);
  out.push('END.');
  return out.join('\n');
}
