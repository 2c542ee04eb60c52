import { describe, expect, it } from 'vitest';
import { formatReport, runDifferential } from './differential/run-differential.js';

/**
 * Random well-typed programs of the subset generateC translates, built by Free Pascal
 * (`fpc -Mdelphi`) and by generateC + cc, must print the same bytes. A failure lists the
 * failing programs shrunk, with both outputs. PC_DIFF_PROGRAMS and PC_DIFF_SEED choose the run.
 */
function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, not '${raw}'`);
  return value;
}

const PROGRAMS = envNumber('PC_DIFF_PROGRAMS', 2000);
const SEED = envNumber('PC_DIFF_SEED', 20261202);

describe('C from generated programs prints exactly what Free Pascal prints', () => {
  it(`${PROGRAMS} programs from seed ${SEED}`, { timeout: 900_000 }, async () => {
    const report = await runDifferential({ programs: PROGRAMS, seed: SEED });
    const text = formatReport(report);
    console.log(text.split('\n').slice(0, 12).join('\n'));
    expect(report.invalid, `the program generator made programs Free Pascal or the analysis rejects:\n${text}`).toEqual(
      [],
    );
    expect([...report.declined.keys()], `generateC declined generated constructs (switch them off):\n${text}`).toEqual(
      [],
    );
    expect(report.passed, text).toBe(report.programs);
  });
});
