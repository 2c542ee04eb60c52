import type { DoctorCheck } from '../doctor-check.js';

const MINIMUM = [20, 18, 1] as const;

/** Node.js at least the version every package declares in `engines`. */
export const nodeVersion: DoctorCheck = {
  name: 'node',
  run: () => {
    const current = process.versions.node.split('.').map(Number);
    const ok = compare(current, MINIMUM) >= 0;
    return Promise.resolve(
      ok
        ? { status: 'ok', detail: `Node.js ${process.version}` }
        : {
            status: 'error',
            detail: `Node.js ${process.version} is older than ${MINIMUM.join('.')}`,
            fix: 'install Node.js 20.18.1 or newer',
          },
    );
  },
};

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
