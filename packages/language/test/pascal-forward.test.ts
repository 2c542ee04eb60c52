import { describe, expect, it } from 'vitest';
import { analyzeWith, at, brief } from './helpers.js';

const MUTUAL = [
  'PROGRAM P;',
  'VAR n: INTEGER;',
  'FUNCTION IsOdd(k: INTEGER): BOOLEAN; FORWARD;',
  'PROCEDURE Show(k: INTEGER); forward;',
  'FUNCTION IsEven(k: INTEGER): BOOLEAN;',
  'BEGIN',
  '  IF k = 0 THEN IsEven := TRUE ELSE IsEven := IsOdd(k - 1)',
  'END;',
  'FUNCTION IsOdd(k: INTEGER): BOOLEAN;',
  'BEGIN',
  '  IF k = 0 THEN IsOdd := FALSE ELSE IsOdd := IsEven(k - 1)',
  'END;',
  'PROCEDURE Show;',
  'BEGIN',
  '  WriteLn(k, IsOdd(k))',
  'END;',
  'BEGIN',
  '  n := 7;',
  '  Show(n);',
  '  WriteLn(IsEven(n))',
  'END.',
].join('\n');

describe('FORWARD headings', () => {
  it('declare a routine once: its later body, parameters repeated or left out, is no duplicate', async () => {
    const analysis = await analyzeWith('pascal_like.yaml', MUTUAL);
    expect(analysis.diagnostics).toEqual([]);
    const routines = analysis.symbols.declared.filter((s) => s.kind === 'function' || s.kind === 'procedure');
    expect(routines.map((s) => s.name)).toEqual(['IsOdd', 'Show', 'IsEven']);
  });

  it('a call before the body goes to the heading; the body uses the heading parameters when it leaves them out', async () => {
    const analysis = await analyzeWith('pascal_like.yaml', MUTUAL);
    expect(analysis.symbols.definition(at(MUTUAL, 'IsOdd(k - 1)'))?.start).toEqual(at(MUTUAL, 'IsOdd(k: INTEGER)'));
    expect(analysis.symbols.definition(at(MUTUAL, 'k, IsOdd(k))'))?.start).toEqual(at(MUTUAL, 'k: INTEGER); forward'));
    const references = analysis.symbols.references(at(MUTUAL, 'IsOdd(k: INTEGER)')) ?? [];
    expect(references.length).toBeGreaterThanOrEqual(4);
  });

  it('calls are checked against the heading, and the function result is assigned in the body', async () => {
    const text = MUTUAL.replace('  Show(n);', "  Show('x');").replace('IsOdd := FALSE', 'IsOdd := 1');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "11:26 type-mismatch: Cannot assign INTEGER to 'IsOdd', which is BOOLEAN.",
      "19:8 type-mismatch: Argument 1 of 'Show' is CHAR, but parameter 'k' is INTEGER.",
    ]);
  });

  it('repeated parameters that differ from the heading are one finding; another word than FORWARD is one', async () => {
    const text = MUTUAL.replace('); forward;', '); forwrd;');
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "4:29 undefined-name: 'forwrd' is not a directive; a heading alone is followed by FORWARD.",
    ]);
    const differing = MUTUAL.replace('PROCEDURE Show;', 'PROCEDURE Show(k, extra: INTEGER);');
    expect(brief((await analyzeWith('pascal_like.yaml', differing)).diagnostics)).toEqual([
      "13:15 type-mismatch: These parameters differ from the FORWARD heading of 'Show': PROCEDURE Show(k: INTEGER).",
    ]);
  });

  it('a second body is still a duplicate', async () => {
    const text = MUTUAL.replace(
      'PROCEDURE Show;',
      'FUNCTION IsOdd(k: INTEGER): BOOLEAN;\nBEGIN\n  WriteLn(k)\nEND;\nPROCEDURE Show;',
    );
    expect(brief((await analyzeWith('pascal_like.yaml', text)).diagnostics)).toEqual([
      "13:10 duplicate-declaration: 'IsOdd' is already declared in this scope, on line 3.",
    ]);
  });
});
