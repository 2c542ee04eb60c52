import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { removeWorkspaces, workspace } from '../workspace.js';
import { HOSTILE_URIS, sessionArbitrary, WORKSPACE_URIS } from './harness/lsp-arbitraries.js';
import { killAllServers, startInitialized, type RawLspClient } from './harness/raw-lsp-client.js';
import { ReferenceServer } from './harness/reference-server.js';
import { report, runSequence, type SessionInvariant } from './harness/run-sequence.js';

/**
 * Documents no editor should send, to a client that pulls diagnostics: uris with a host
 * (file://host/share/x.pas), outside any workspace or not files at all, and texts of random
 * bytes, lone surrogates and control characters. The server must stay up, answer, and say
 * the same about each final text as a fresh server does.
 */

let root: string;
let server: RawLspClient;
let reference: ReferenceServer;
let run = 0;

beforeAll(async () => {
  root = workspace();
  server = await startInitialized({ root, pull: true });
  reference = new ReferenceServer(root);
});
afterAll(() => {
  reference.stop();
  killAllServers();
  removeWorkspaces();
});

const INVARIANTS: ReadonlySet<SessionInvariant> = new Set(['alive', 'answer', 'position', 'converge', 'health']);

describe('hostile documents', () => {
  it('hostile uris and random bytes neither stop the server nor keep its diagnostics from converging', async () => {
    await fc.assert(
      fc.asyncProperty(
        sessionArbitrary([...HOSTILE_URIS, ...WORKSPACE_URIS], 10, { invalidParams: 1, noise: 2 }, HOSTILE_URIS),
        async ({ uriKinds, steps }) => {
          if (!server.alive()) server = await startInitialized({ root, pull: true });
          const result = await runSequence(steps, {
            client: server,
            root,
            run: ++run,
            uriKinds,
            pull: true,
            reference,
          });
          const failure = report(result, INVARIANTS);
          if (failure) throw new Error(failure);
        },
      ),
      { seed: 8086, numRuns: 8, interruptAfterTimeLimit: 24_000, markInterruptAsFailure: true, timeout: 30_000 },
    );
  }, 60_000);
});
