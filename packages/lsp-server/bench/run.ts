/**
 * Language server benchmark: `npm run bench -w @parsercraft/lsp-server`.
 *
 * Drives the built server (dist/bin/parsercraft-lsp.js) over real stdio, as an editor does,
 * with the 10,000-line Pascal-like program of the language package's benchmark open:
 * - didChange to publishDiagnostics: a one-character edit, then the time until diagnostics
 *   for that version arrive (the server's 30 ms debounce included, as users see it);
 * - completion and hover round trips inside a routine;
 * - the same completion and hover while another document's analysis runs for seconds in
 *   the worker (a 400,000-line document with the deadline raised so it is not stopped);
 * - the server's resident memory (VmRSS, main thread and worker together) with the
 *   10,000-line document analysed, and its peak during the long analysis.
 * Percentiles are of every sample in a round; a round is the whole sequence above, and
 * BENCH_ROUNDS (default 2) rounds run one after the other, each with a fresh server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CompletionRequest,
  createMessageConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type Position,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { pascalProgram } from '../../../bench/pascal-program.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const EDITS = 60;
const QUERIES = 300;
const BIN = fileURLToPath(new URL('../dist/bin/parsercraft-lsp.js', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../../test/fixtures/parsercraft/configs/pascal_like.yaml', import.meta.url));

const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function round(n: number): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pc-lsp-bench-'));
  copyFileSync(CONFIG, join(root, 'pascal.yaml'));
  writeFileSync(
    join(root, 'parsercraft.json'),
    JSON.stringify({ languages: { pascal: { config: 'pascal.yaml', extensions: ['.pas'] } } }),
  );
  const child = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const pid = child.pid ?? 0;
  const c: MessageConnection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    waiting.get(`${p.uri}@${p.version ?? ''}`)?.(p);
  });
  c.listen();
  const published = (uri: string, version: number): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve) => waiting.set(`${uri}@${version}`, resolve));
  try {
    await c.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: `file://${root}`,
      capabilities: {},
      workspaceFolders: [{ uri: `file://${root}`, name: 'bench' }],
      initializationOptions: { analysisTimeoutMs: 120_000, maxDocumentSize: 64 * 2 ** 20 },
    });
    await c.sendNotification('initialized', {});

    const uri = `file://${root}/big.pas`;
    const text = pascalProgram(10_000);
    const lines = text.split('\n');
    const first = published(uri, 1);
    await c.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'pascal', version: 1, text },
    });
    const opened = await first;
    if (opened.diagnostics.length > 0)
      throw new Error(`the program should be clean: ${JSON.stringify(opened.diagnostics[0])}`);

    // A one-character edit of a number literal, alternating, so every version is a real change and stays clean.
    const editLine = lines.findIndex((l) => l.includes('u := t DIV 2;'));
    const column = (lines[editLine] ?? '').indexOf('2');
    const latencies: number[] = [];
    for (let v = 2; v < 2 + EDITS; v++) {
      const done = published(uri, v);
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
    const rssNormal = rssMb(pid);

    const inRoutine = lines.findIndex((l) => l.includes('u := u + data[1];'));
    const completionAt: Position = { line: inRoutine, character: 9 };
    const hoverAt: Position = { line: inRoutine, character: 4 };
    const timed = async (count: number, f: () => Promise<unknown>, until?: () => boolean): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < count && (until?.() ?? true); i++) {
        const t = performance.now();
        await f();
        out.push(performance.now() - t);
      }
      return out;
    };
    const complete = (): Promise<unknown> =>
      c.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: completionAt });
    const hover = (): Promise<unknown> =>
      c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
    const items = (await complete()) as unknown[];
    if (!Array.isArray(items) || items.length < 50) throw new Error("completion should list the program's names");
    const completionNormal = await timed(QUERIES, complete);
    const hoverNormal = await timed(QUERIES, hover);

    // A long analysis occupies the worker; the main thread must keep answering.
    const slowUri = `file://${root}/slow.pas`;
    let slowDone = false;
    let rssPeak = 0;
    const slow = published(slowUri, 1).then(() => {
      slowDone = true;
    });
    await c.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: slowUri, languageId: 'pascal', version: 1, text: pascalProgram(400_000) },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssMb(pid));
    }, 50);
    const completionBusy = await timed(QUERIES, complete, () => !slowDone);
    const hoverBusy = await timed(QUERIES, hover, () => !slowDone);
    const overlapped = !slowDone;
    await slow;
    clearInterval(sampler);

    console.log(`round ${n}`);
    console.log(
      `  didChange -> publishDiagnostics (10,000 lines, ${EDITS} edits): p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`,
    );
    console.log(
      `  completion (${completionNormal.length}): p50 ${ms(percentile(completionNormal, 50))}, p99 ${ms(percentile(completionNormal, 99))}; hover p99 ${ms(percentile(hoverNormal, 99))}`,
    );
    console.log(
      `  during a long analysis${overlapped ? '' : ' (it ended before the last request)'}: completion (${completionBusy.length}) p50 ${ms(percentile(completionBusy, 50))}, p99 ${ms(percentile(completionBusy, 99))}; hover (${hoverBusy.length}) p99 ${ms(percentile(hoverBusy, 99))}`,
    );
    console.log(
      `  RSS with the 10,000-line document: ${rssNormal.toFixed(0)} MB; peak during the 400,000-line analysis: ${rssPeak.toFixed(0)} MB`,
    );

    await c.sendRequest(ShutdownRequest.type);
    await c.sendNotification(ExitNotification.type);
  } finally {
    c.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
}

for (let n = 1; n <= ROUNDS; n++) await round(n);
