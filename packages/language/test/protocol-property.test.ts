import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyze,
  checkProtocols,
  LineIndex,
  PROTOCOL_CODES,
  SEMANTIC_CODES,
  type LanguageSpec,
  type Range,
} from '@parsercraft/language';
import { applyFix } from './helpers.js';
import { PROTOCOL_CONFIGS, protocolSpec, spell } from './protocol-programs.js';

const PROTOCOLS = ['P0', 'P1', 'P2', 'P3'];
const RECORDS = ['R0', 'R1', 'R2', 'R3'];
const MEMBERS = ['name', 'size', 'area', 'next', 'visit'];
/** Declared types, the program's own ones, and a name that is not declared at all. */
const TYPE_NAMES = ['INTEGER', 'REAL', 'STRING', 'BOOLEAN', ...PROTOCOLS, ...RECORDS, 'Nowhere'];

const typeName = fc.constantFrom(...TYPE_NAMES);
const param = fc.record({ byReference: fc.boolean(), type: typeName });
const member = fc.record({
  name: fc.constantFrom(...MEMBERS),
  mark: fc.constantFrom('', 'READONLY ', 'OPTIONAL '),
  kind: fc.constantFrom('property', 'function', 'procedure'),
  params: fc.array(param, { maxLength: 3 }),
  type: typeName,
});
type MemberShape = typeof member extends fc.Arbitrary<infer M> ? M : never;
const typeDecl = fc.record({
  // Often none (so records can conform by structure alone), else mostly protocols, now and
  // then something that is not one.
  bases: fc.oneof(
    fc.constant<string[]>([]),
    fc.uniqueArray(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...PROTOCOLS) },
        fc.constantFrom(...RECORDS, 'INTEGER', 'Nowhere'),
      ),
      { maxLength: 3 },
    ),
  ),
  members: fc.array(member, { maxLength: 5 }),
});

function memberText(m: MemberShape, protocol: boolean): string {
  // Records take READONLY only; OPTIONAL in a record is a syntax error, which is also worth checking.
  const mark = protocol || m.mark !== 'OPTIONAL ' ? m.mark : '';
  if (m.kind === 'property') return `${mark}${m.name}: ${m.type}`;
  const params = m.params.map((p, i) => `${p.byReference ? 'VAR ' : ''}a${i}: ${p.type}`).join('; ');
  return m.kind === 'function'
    ? `${mark}FUNCTION ${m.name}(${params}): ${m.type}`
    : `${mark}PROCEDURE ${m.name}(${params})`;
}

const VARIABLES = [...PROTOCOLS, ...RECORDS].map((t) => `v${t}`);
const place = fc.tuple(fc.constantFrom(...VARIABLES), fc.array(fc.constantFrom(...MEMBERS), { maxLength: 2 }));
const expression = fc.oneof(
  place.map(([v, path]) => [v, ...path].join('.')),
  fc.constantFrom('1', "'x'", '2.5', 'TRUE', 'missing'),
);
const statement = fc.oneof(
  fc.tuple(place, expression).map(([[v, path], e]) => `${[v, ...path].join('.')} := ${e}`),
  fc
    .tuple(place, fc.array(expression, { maxLength: 3 }), fc.boolean())
    .map(([[v, path], args, parens]) =>
      parens || args.length ? `${[v, ...path].join('.')}(${args.join(', ')})` : [v, ...path].join('.'),
    ),
  fc.tuple(fc.constantFrom(...VARIABLES), expression).map(([v, e]) => `Use(${v}, ${e})`),
);

const program = fc
  .record({
    protocols: fc.array(typeDecl, { minLength: 1, maxLength: PROTOCOLS.length }),
    records: fc.array(
      fc.record({ decl: typeDecl, copies: fc.boolean(), narrows: fc.boolean(), declares: fc.boolean() }),
      { maxLength: RECORDS.length },
    ),
    body: fc.array(statement, { maxLength: 8 }),
  })
  .map(({ protocols, records, body }) => {
    const out = ['PROGRAM Random;', 'TYPE'];
    protocols.forEach((p, i) => {
      const bases = p.bases.length ? ` EXTENDS ${p.bases.join(', ')}` : '';
      out.push(`  P${i} = PROTOCOL${bases} ${p.members.map((m) => `${memberText(m, true)};`).join(' ')} END;`);
    });
    records.forEach(({ decl, copies, narrows, declares }, i) => {
      // A record Ri that copies the members of Pi, its protocol-typed ones narrowed to the
      // records of the same number or not, often conforms by structure: the IMPLEMENTS
      // suggestions and the checks at uses get programs that come close to conforming.
      const copied = (copies ? protocols[i] : undefined)?.members ?? [];
      const narrow = (t: string): string => (narrows && t.startsWith('P') ? `R${t.slice(1)}` : t);
      const members = copies ? copied.map((m) => ({ ...m, type: narrow(m.type) })) : decl.members;
      // Declaring Pi or not: the narrowed members need the records they name to declare.
      const named =
        copies && declares && protocols[i] && !decl.bases.includes(`P${i}`) ? [...decl.bases, `P${i}`] : decl.bases;
      const bases = named.length ? ` IMPLEMENTS ${named.join(', ')}` : '';
      out.push(`  R${i} = RECORD${bases} ${members.map((m) => `${memberText(m, false)};`).join(' ')} END;`);
    });
    out.push(`VAR ${VARIABLES.map((v) => `${v}: ${v.slice(1)};`).join(' ')}`);
    out.push('PROCEDURE Use(VAR x: P0; y: INTEGER);', 'BEGIN WriteLn(y) END;');
    out.push('BEGIN', body.map((s) => `  ${s}`).join(';\n'), 'END.');
    return out.join('\n');
  });

/** A generated program, or one cut short or with a span deleted: broken trees must not throw either. */
const text = fc.oneof(
  { weight: 3, arbitrary: program },
  fc.tuple(program, fc.double({ min: 0, max: 1, noNaN: true })).map(([t, f]) => t.slice(0, Math.floor(t.length * f))),
  fc
    .tuple(program, fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 40 }))
    .map(([t, f, n]) => t.slice(0, Math.floor(t.length * f)) + t.slice(Math.floor(t.length * f) + n)),
);

/**
 * Programs that come close to conforming: protocols Pi without bases, each record Ri with
 * the members of Pi, some of its protocol-typed ones narrowed from Pk to Rk, declaring Pi or
 * not, and each Ri assigned to a Pi. What fails here mostly fails for want of IMPLEMENTS.
 */
const protocolMember = fc.record({
  kind: fc.constantFrom('property', 'function', 'procedure'),
  mark: fc.constantFrom('', 'READONLY ', 'OPTIONAL '),
  params: fc.array(fc.record({ byReference: fc.boolean(), type: fc.constantFrom('INTEGER', ...PROTOCOLS) }), {
    maxLength: 2,
  }),
  type: fc.constantFrom('STRING', ...PROTOCOLS),
});
const nearlyConforming = fc
  .array(
    fc.record({
      members: fc.array(fc.tuple(protocolMember, fc.boolean()), { maxLength: MEMBERS.length }),
      declares: fc.boolean(),
    }),
    { minLength: 1, maxLength: PROTOCOLS.length },
  )
  .map((types) => {
    const out = ['PROGRAM Near;', 'TYPE'];
    const narrow = (t: string, yes: boolean): string =>
      yes && t.startsWith('P') && Number(t.slice(1)) < types.length ? `R${t.slice(1)}` : t;
    types.forEach(({ members }, i) => {
      const texts = members.map(([m], k) => `${memberText({ ...m, name: MEMBERS[k] as string }, true)};`);
      out.push(`  P${i} = PROTOCOL ${texts.join(' ')} END;`);
    });
    types.forEach(({ members, declares }, i) => {
      const texts = members.map(([m, yes], k) => {
        const params = m.params.map((p) => ({ ...p, type: narrow(p.type, !yes) }));
        return `${memberText({ ...m, params, name: MEMBERS[k] as string, type: narrow(m.type, yes) }, false)};`;
      });
      out.push(`  R${i} = RECORD${declares ? ` IMPLEMENTS P${i}` : ''} ${texts.join(' ')} END;`);
    });
    out.push(`VAR ${types.map((_, i) => `vP${i}: P${i}; vR${i}: R${i};`).join(' ')}`);
    out.push('BEGIN', types.map((_, i) => `  vP${i} := vR${i}`).join(';\n'), 'END.');
    return out.join('\n');
  });

const KNOWN_CODES = new Set([...Object.keys(PROTOCOL_CODES), ...Object.keys(SEMANTIC_CODES)]);

/** Whether a range lies inside the text, its start before its end. */
function inside(lines: LineIndex, source: string, r: Range): boolean {
  const from = lines.offset(r.start);
  const to = lines.offset(r.end);
  const rows = source.split('\n');
  const fits = (p: Range['start']): boolean => p.line < rows.length && p.character <= (rows[p.line]?.length ?? -1);
  return fits(r.start) && fits(r.end) && from <= to && to <= source.length;
}

describe.each(PROTOCOL_CONFIGS)('checkProtocols on random protocol programs with %s', (config) => {
  let spec: LanguageSpec;
  beforeAll(async () => {
    spec = await protocolSpec(config);
  });

  it('never throws, and every finding, related place and fix edit is inside the text (fixed seed, bounded)', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(text, (template) => {
        const source = spell(spec, template);
        const analysis = analyze(spec, source);
        const found = checkProtocols(spec, analysis);
        const lines = new LineIndex(source);
        for (const d of found) {
          expect(KNOWN_CODES.has(d.code), d.code).toBe(true);
          expect(d.source).toBe('parsercraft-protocol');
          expect(inside(lines, source, d.range), `${d.message} at ${JSON.stringify(d.range)}`).toBe(true);
          for (const r of d.related ?? []) expect(inside(lines, source, r.range), r.message).toBe(true);
          for (const f of d.fixes ?? [])
            for (const e of f.edits) expect(inside(lines, source, e.range), f.title).toBe(true);
        }
        for (const d of found) codes.add(d.code);
      }),
      { seed: 20261202, numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
    // The generator reaches the checks: programs like these have plenty to report.
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'protocol-conflict',
        'protocol-cycle',
        'protocol-expected',
        'protocol-nonconformance',
        'protocol-readonly',
        'wrong-argument-count',
      ]),
    );
  });

  it('a preferred IMPLEMENTS fix resolves its finding and adds none (fixed seed, bounded)', () => {
    let fixed = 0;
    const nonconformance = (source: string): number =>
      checkProtocols(spec, analyze(spec, source)).filter((d) => d.code === 'protocol-nonconformance').length;
    fc.assert(
      fc.property(nearlyConforming, (template) => {
        const source = spell(spec, template);
        const before = checkProtocols(spec, analyze(spec, source)).filter((d) => d.code === 'protocol-nonconformance');
        for (const d of before) {
          const fix = d.fixes?.find((f) => f.preferred && !f.title.includes(' member'));
          if (!fix) continue;
          fixed++;
          expect(nonconformance(applyFix(source, fix)), `${d.message}\n${fix.title}`).toBeLessThan(before.length);
        }
      }),
      { seed: 20261202, numRuns: 200, interruptAfterTimeLimit: 20_000 },
    );
    expect(fixed).toBeGreaterThan(10);
  });
});
