import { z } from 'zod';
import type { RawLspClient } from './raw-lsp-client.js';
import { Diagnostic, PublishDiagnosticsParams, type LspDiagnostic } from './lsp-result-schemas.js';

/**
 * Waiting until the server says it has caught up, and what it has said by then: the last
 * diagnostics of each document and its health. Everything here is bounded.
 */

const ComponentStatus = z.object({
  name: z.string(),
  status: z.enum(['ok', 'warning', 'error']),
  reason: z.string().optional(),
  code: z.string().optional(),
});
export const ServerStatus = z.object({
  health: z.enum(['ok', 'warning', 'error']),
  quiescent: z.boolean(),
  message: z.string(),
  components: z.array(ComponentStatus),
});
export type ServerStatus = z.infer<typeof ServerStatus>;
/** `parsercraft/health`'s answer, as far as the suite relies on it. */
export const HealthReport = z.object({ status: ServerStatus, snapshot: z.unknown(), recoveries: z.unknown() });

const SETTLE_MS = 150;
const STATUS_WAIT_MS = 1000;

export type Quiescence =
  { readonly ok: true; readonly status: ServerStatus } | { readonly ok: false; readonly problem: string };

/**
 * Asks `parsercraft/health` (answered after every message sent before it, so it is a
 * barrier); while it is not quiescent, waits for a `parsercraft/serverStatus` with
 * `quiescent: true` (for a while: the server sends no status for a wait that no analysis
 * followed, a document in no language, say, so health is asked again after it), then
 * settles and asks again; quiescent twice in a row is quiescent.
 */
export async function quiesce(client: RawLspClient, boundMs = 10_000): Promise<Quiescence> {
  const deadline = performance.now() + boundMs;
  for (let attempt = 0; attempt < 50 && performance.now() < deadline; attempt++) {
    const since = client.mark();
    const first = await health(client);
    if (!first.ok) return first;
    if (!first.status.quiescent) {
      await client.waitFor(
        'parsercraft/serverStatus',
        since,
        (p) => ServerStatus.safeParse(p).data?.quiescent === true,
        Math.max(0, Math.min(STATUS_WAIT_MS, deadline - performance.now())),
      );
      if (!client.alive())
        return { ok: false, problem: 'the server exited while the suite waited for it to be quiescent' };
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const second = await health(client);
    if (!second.ok) return second;
    if (second.status.quiescent) return second;
  }
  return { ok: false, problem: `the server did not become quiescent within ${boundMs} ms` };
}

async function health(client: RawLspClient): Promise<Quiescence> {
  const answer = await client.request('parsercraft/health', undefined);
  if (answer.kind !== 'result')
    return { ok: false, problem: `parsercraft/health was not answered: ${JSON.stringify(answer)}` };
  const parsed = HealthReport.safeParse(answer.result);
  if (!parsed.success)
    return {
      ok: false,
      problem: `parsercraft/health answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
    };
  return { ok: true, status: parsed.data.status };
}

/** Components that are not ok, as sentences; empty when everything is. */
export function unhealthy(status: ServerStatus): string[] {
  const troubled = status.components.filter((c) => c.status !== 'ok');
  return [
    ...(status.health === 'ok' ? [] : [`health is ${status.health}: ${status.message}`]),
    ...troubled.map((c) => `component ${c.name} is ${c.status} (${c.code ?? ''} ${c.reason ?? ''})`),
  ];
}

export interface Published {
  readonly version?: number | undefined;
  readonly diagnostics: LspDiagnostic[];
}

/** The last publishDiagnostics for `uri` after `since`, or undefined if there was none. */
export function lastPublished(client: RawLspClient, uri: string, since = 0): Published | undefined {
  const all = client.received('textDocument/publishDiagnostics').filter((n) => n.seq > since);
  for (let i = all.length - 1; i >= 0; i--) {
    const parsed = PublishDiagnosticsParams.safeParse(all[i]?.params);
    if (parsed.success && parsed.data.uri === uri) return parsed.data;
  }
  return undefined;
}

/** What the comparison of two servers' diagnostics looks at: ranges, codes and messages, in order. */
export function comparable(diagnostics: readonly LspDiagnostic[]): string[] {
  return diagnostics
    .map((d) => {
      const r = d.range;
      return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${String(d.code ?? '')} ${d.message}`;
    })
    .sort();
}

export const diagnosticList = z.array(Diagnostic);
