import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type Position,
} from 'vscode-languageserver-protocol/node';
import { pascalProgram } from '../../../bench/pascal-program.js';
import { line, ms, percentile } from './bench-stats.js';
import { sleep, startBenchServer } from './bench-server.js';

/**
 * One round of the editing benchmark, on a fresh server with the 10,000-line program open:
 * didChange to publishDiagnostics; completion and hover round trips inside a routine; the
 * same while another document's analysis runs for seconds (a 400,000-line program, deadline
 * raised so it is not stopped); RSS with the 10,000-line document and its peak meanwhile.
 */

const EDITS = 60;
const QUERIES = 300;

const timed = async (count: number, f: () => Promise<unknown>, until?: () => boolean): Promise<number[]> => {
  const out: number[] = [];
  for (let i = 0; i < count && (until?.() ?? true); i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
};

export async function editingRound(n: number): Promise<void> {
  const s = await startBenchServer({ analysisTimeoutMs: 120_000, maxDocumentSize: 64 * 2 ** 20 });
  const { c } = s;
  try {
    const uri = s.uri('big.pas');
    const text = pascalProgram(10_000);
    const lines = text.split('\n');
    await c.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'pascal', version: 1, text },
    });
    const opened = await s.published(uri, 1);
    if (opened.diagnostics.length > 0)
      throw new Error(`the program should be clean: ${JSON.stringify(opened.diagnostics[0])}`);

    // A one-character edit of a number literal, alternating, so every version is a real change and stays clean.
    const editLine = lines.findIndex((l) => l.includes('u := t DIV 2;'));
    const column = (lines[editLine] ?? '').indexOf('2');
    const latencies: number[] = [];
    for (let v = 2; v < 2 + EDITS; v++) {
      const done = s.published(uri, v);
      const started = performance.now();
      await c.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [
          {
            range: { start: { line: editLine, character: column }, end: { line: editLine, character: column + 1 } },
            text: v % 2 ? '2' : '3',
          },
        ],
      });
      await done;
      latencies.push(performance.now() - started);
    }
    const rssNormal = s.rssMb();

    const inRoutine = lines.findIndex((l) => l.includes('u := u + data[1];'));
    const completionAt: Position = { line: inRoutine, character: 9 };
    const hoverAt: Position = { line: inRoutine, character: 4 };
    const complete = (): Promise<unknown> =>
      c.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: completionAt });
    const hover = (): Promise<unknown> =>
      c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
    const items = (await complete()) as unknown[];
    if (!Array.isArray(items) || items.length < 50) throw new Error("completion should list the program's names");
    const completionNormal = await timed(QUERIES, complete);
    const hoverNormal = await timed(QUERIES, hover);

    // A long analysis occupies a worker; the main thread must keep answering.
    const slowUri = s.uri('slow.pas');
    let slowDone = false;
    let rssPeak = 0;
    const slow = s.published(slowUri, 1).then(() => {
      slowDone = true;
    });
    await c.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: slowUri, languageId: 'pascal', version: 1, text: pascalProgram(400_000) },
    });
    await sleep(200);
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, s.rssMb());
    }, 50);
    const completionBusy = await timed(QUERIES, complete, () => !slowDone);
    const hoverBusy = await timed(QUERIES, hover, () => !slowDone);
    const overlapped = !slowDone;
    await slow;
    clearInterval(sampler);

    const p95 = percentile(latencies, 95);
    const busyP99 = percentile(completionBusy, 99);
    console.log(`editing, round ${n}`);
    console.log(
      line(
        `didChange -> publishDiagnostics (10,000 lines, ${EDITS} edits)`,
        `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(p95)}`,
        { text: 'p95 <= 100 ms', met: p95 <= 100 },
      ),
    );
    console.log(
      line(
        `completion (${completionNormal.length})`,
        `p50 ${ms(percentile(completionNormal, 50))}, p99 ${ms(percentile(completionNormal, 99))}; hover p99 ${ms(percentile(hoverNormal, 99))}`,
      ),
    );
    console.log(
      line(
        `during a long analysis${overlapped ? '' : ' (it ended before the last request)'}: completion (${completionBusy.length})`,
        `p50 ${ms(percentile(completionBusy, 50))}, p99 ${ms(busyP99)}; hover (${hoverBusy.length}) p99 ${ms(percentile(hoverBusy, 99))}`,
        { text: 'completion p99 <= 20 ms during a runaway', met: busyP99 <= 20 },
      ),
    );
    console.log(
      line(
        'RSS with the 10,000-line document',
        `${rssNormal.toFixed(0)} MB; peak during the 400,000-line analysis: ${rssPeak.toFixed(0)} MB`,
      ),
    );
  } finally {
    await s.stop();
  }
}
