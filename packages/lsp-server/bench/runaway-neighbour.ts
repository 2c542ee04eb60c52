import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { pascalProgram } from '../../../bench/pascal-program.js';
import { line, ms, percentile } from './bench-stats.js';
import { sleep, startBenchServer, type BenchServer } from './bench-server.js';

/**
 * Per-document failure domains: another document's didChange to publishDiagnostics while a
 * 400,000-line document's analysis runs for seconds (its deadline raised so it is not
 * stopped), against the same with the server idle; and completion in that other document
 * meanwhile.
 */

const EDITS = 30;
const COMPLETIONS = 100;
const RUNAWAYS = 3;

async function editLatencies(
  s: BenchServer,
  uri: string,
  editLine: number,
  column: number,
  firstVersion: number,
  until: () => boolean,
): Promise<number[]> {
  const out: number[] = [];
  for (let v = firstVersion; v < firstVersion + EDITS && until(); v++) {
    const done = s.published(uri, v);
    const started = performance.now();
    await s.c.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [
        {
          range: { start: { line: editLine, character: column }, end: { line: editLine, character: column + 1 } },
          text: v % 2 ? '2' : '3',
        },
      ],
    });
    await done;
    out.push(performance.now() - started);
  }
  return out;
}

export async function runawayNeighbour(): Promise<void> {
  const s = await startBenchServer({ analysisTimeoutMs: 120_000, maxDocumentSize: 64 * 2 ** 20 });
  const { c } = s;
  try {
    const uri = s.uri('other.pas');
    const text = pascalProgram(2000);
    const lines = text.split('\n');
    await c.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'pascal', version: 1, text },
    });
    await s.published(uri, 1);
    const editLine = lines.findIndex((l) => l.includes('u := t DIV 2;'));
    const column = (lines[editLine] ?? '').indexOf('2');
    const idle = await editLatencies(s, uri, editLine, column, 2, () => true);

    // The runaway is analysed RUNAWAYS times (each a new version), so the figures during it are not one sample.
    const runawayUri = s.uri('runaway.pas');
    const runawayText = pascalProgram(400_000);
    const busy: number[] = [];
    const completions: number[] = [];
    const inRoutine = lines.findIndex((l) => l.includes('u := u + data[1];'));
    let runawayMs = 0;
    let nextVersion = 2 + EDITS;
    for (let r = 1; r <= RUNAWAYS; r++) {
      let done = false;
      const runaway = s.published(runawayUri, r).then(() => {
        done = true;
      });
      const opened = performance.now();
      const text = r === 1 ? runawayText : runawayText.replace('Limit = 100', `Limit = ${100 + r}`);
      if (r === 1)
        await c.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: { uri: runawayUri, languageId: 'pascal', version: 1, text },
        });
      else
        await c.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri: runawayUri, version: r },
          contentChanges: [{ text }],
        });
      await sleep(300);
      for (let i = 0; i < COMPLETIONS && !done; i++) {
        const t = performance.now();
        await c.sendRequest(CompletionRequest.type, {
          textDocument: { uri },
          position: { line: inRoutine, character: 9 },
        });
        completions.push(performance.now() - t);
      }
      const edits = await editLatencies(s, uri, editLine, column, nextVersion, () => !done);
      nextVersion += edits.length;
      busy.push(...edits);
      await runaway;
      runawayMs += performance.now() - opened;
    }

    const idle95 = percentile(idle, 95);
    const busy95 = percentile(busy, 95);
    const ratio = percentile(busy, 50) / percentile(idle, 50);
    const p99 = percentile(completions, 99);
    console.log(
      `another document during a runaway (400,000 lines, analysed ${RUNAWAYS} times, ${(runawayMs / RUNAWAYS / 1000).toFixed(1)} s each on average)`,
    );
    console.log(
      line(
        `didChange -> publishDiagnostics, 2,000-line document, idle (${idle.length})`,
        `p50 ${ms(percentile(idle, 50))}, p95 ${ms(idle95)}`,
      ),
    );
    console.log(
      line(`the same during the runaway (${busy.length})`, `p50 ${ms(percentile(busy, 50))}, p95 ${ms(busy95)}`),
    );
    console.log(
      line('during / idle, p50', `${ratio.toFixed(2)}x (p95 ${(busy95 / idle95).toFixed(2)}x)`, {
        text: '<= 2x',
        met: ratio <= 2,
      }),
    );
    console.log(
      line(
        `completion in it during the runaway (${completions.length})`,
        `p50 ${ms(percentile(completions, 50))}, p99 ${ms(p99)}`,
        { text: 'p99 <= 20 ms', met: p99 <= 20 },
      ),
    );
  } finally {
    await s.stop();
  }
}
