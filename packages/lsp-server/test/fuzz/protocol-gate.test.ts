import fc from 'fast-check';
import { afterAll, afterEach, describe, it } from 'vitest';
import { removeWorkspaces, workspace } from '../workspace.js';
import { connectionArbitrary } from './harness/protocol-arbitraries.js';
import { killAllServers } from './harness/raw-lsp-client.js';
import { runConnection } from './harness/run-connection.js';

/**
 * Whole connections against a fresh server each: the protocol gate's promises, byte by
 * byte (see harness/run-connection.ts for each). Fixed seed; a failure prints what was sent.
 */

afterEach(() => killAllServers());
afterAll(() => removeWorkspaces());

describe('the protocol gate', () => {
  it('answers every connection, well-formed or not, with the codes the specification gives, and ends as it says', async () => {
    const root = workspace();
    await fc.assert(
      fc.asyncProperty(connectionArbitrary, async (connection) => {
        const { problems, transcript } = await runConnection(connection, root);
        if (problems.length > 0)
          throw new Error(
            [
              `${problems.length} problem(s):`,
              ...problems.map((p) => `  ${p}`),
              'sent:',
              ...transcript.map((t) => `  ${t}`),
            ].join('\n'),
          );
      }),
      { seed: 32002, numRuns: 10, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true, timeout: 30_000 },
    );
  }, 60_000);
});
