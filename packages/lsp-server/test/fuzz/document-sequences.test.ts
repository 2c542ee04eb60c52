import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeWorkspaces, workspace } from '../workspace.js';
import { sessionArbitrary, WORKSPACE_URIS } from './harness/lsp-arbitraries.js';
import { killAllServers, startInitialized, type RawLspClient } from './harness/raw-lsp-client.js';
import { ReferenceServer } from './harness/reference-server.js';
import { report, runSequence, type SessionInvariant } from './harness/run-sequence.js';

/**
 * Random editor sessions against one long-lived server (each run in documents of its own):
 * opens, incremental edits with every line ending and surrogate pairs, closes, every
 * document request with valid and broken params, cancellations, hostile uris. Fixed seeds;
 * a failure prints the violations and the messages that led to them.
 */

let root: string;
let server: RawLspClient;
let reference: ReferenceServer;
let run = 0;

beforeAll(async () => {
  root = workspace();
  server = await startInitialized({ root });
  reference = new ReferenceServer(root);
});
afterAll(() => {
  reference.stop();
  killAllServers();
  removeWorkspaces();
});

/** The server under test, started again if an earlier run killed it (that run has already failed). */
async function live(): Promise<RawLspClient> {
  if (!server.alive()) server = await startInitialized({ root });
  return server;
}

const session = (maxSteps: number) => sessionArbitrary(WORKSPACE_URIS, maxSteps);
/** Past this, a property fails as interrupted rather than passing quietly; shrinking a failure stops here too. */
const bounded = (seed: number, numRuns: number, ms: number): fc.Parameters<unknown> => ({
  seed,
  numRuns,
  interruptAfterTimeLimit: ms,
  markInterruptAsFailure: true,
  timeout: 30_000,
});

const ANSWERS: ReadonlySet<SessionInvariant> = new Set(['answer', 'alive']);
const POSITIONS: ReadonlySet<SessionInvariant> = new Set(['position']);
const CONVERGENCE: ReadonlySet<SessionInvariant> = new Set(['converge', 'health', 'alive']);

describe('random editor sessions', () => {
  it('every request is answered in time with a spec-valid result or a spec error code, and the server stays up', async () => {
    await fc.assert(
      fc.asyncProperty(session(16), async ({ uriKinds, steps }) => {
        const result = await runSequence(steps, { client: await live(), root, run: ++run, uriKinds, pull: false });
        const failure = report(result, ANSWERS);
        if (failure) throw new Error(failure);
      }),
      bounded(20261202, 40, 16_000),
    );
  }, 60_000);

  it("no answer's positions are stale: every range lies in the current text and holds the identifier asked about", async () => {
    await fc.assert(
      fc.asyncProperty(session(16), async ({ uriKinds, steps }) => {
        const result = await runSequence(steps, { client: await live(), root, run: ++run, uriKinds, pull: false });
        const failure = report(result, POSITIONS);
        if (failure) throw new Error(failure);
      }),
      bounded(5150, 12, 14_000),
    );
  }, 60_000);

  it("after quiescence, each document's diagnostics are a fresh server's for its final text, and health is ok", async () => {
    await fc.assert(
      fc.asyncProperty(session(10), async ({ uriKinds, steps }) => {
        const result = await runSequence(steps, {
          client: await live(),
          root,
          run: ++run,
          uriKinds,
          pull: false,
          reference,
        });
        const failure = report(result, CONVERGENCE);
        if (failure) throw new Error(failure);
      }),
      bounded(1717, 8, 24_000),
    );
    expect(server.alive()).toBe(true);
  }, 60_000);
});
