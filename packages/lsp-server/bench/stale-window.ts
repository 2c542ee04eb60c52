import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentHighlightRequest,
  DocumentSymbolRequest,
  type DocumentHighlight,
  type ResponseError,
} from 'vscode-languageserver-protocol/node';
import { pascalProgram } from '../../../bench/pascal-program.js';
import { line, ms, percentile } from './bench-stats.js';
import { sleep, startBenchServer } from './bench-server.js';

/**
 * The stale window: a line is inserted above the cursor (or taken out again), and
 * documentHighlight is asked at the cursor's new place, again and again, until an answer
 * reflects the new version. Its length is from sending didChange to that answer. Every
 * answer before it whose ranges do not hold the identifier in the current text is a stale
 * answer; empty answers and ContentModified are not (they claim nothing).
 */

const CHANGES = 40;
const PER_CHANGE_MS = 10_000;
/** Between two asks: an editor asks again as the cursor moves, not in a busy loop. */
const POLL_MS = 5;

type Verdict = 'current' | 'stale' | 'nothing';

export async function staleWindow(): Promise<void> {
  const s = await startBenchServer({ analysisTimeoutMs: 120_000 });
  const { c } = s;
  try {
    const uri = s.uri('stale.pas');
    let doc = TextDocument.create(uri, 'pascal', 1, pascalProgram(10_000));
    await c.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'pascal', version: 1, text: doc.getText() },
    });
    await s.published(uri, 1);
    await c.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });

    const verdict = (answer: DocumentHighlight[] | null, current: TextDocument, word: string): Verdict => {
      if (!answer || answer.length === 0) return 'nothing';
      const lines = current.lineCount;
      const holds = answer.every(
        (h) => h.range.start.line < lines && current.getText(h.range).toLowerCase() === word.toLowerCase(),
      );
      return holds ? 'current' : 'stale';
    };

    const windows: number[] = [];
    let stale = 0;
    let answers = 0;
    let neverCurrent = 0;
    let changesWithStale = 0;
    const target = 'u := t DIV 2;';
    for (let i = 0; i < CHANGES; i++) {
      // Each pair of changes in another routine: the cursor is on the t of its `u := t DIV 2`.
      const text = doc.getText();
      let at = -1;
      for (let k = 0, from = 0; k <= (Math.floor(i / 2) * 37) % 300; k++) {
        at = text.indexOf(target, from);
        from = at + 1;
      }
      const cursorOffset = at + target.indexOf('t');
      const cursor = doc.positionAt(cursorOffset);
      const inserting = i % 2 === 0;
      // Odd changes take out the line the even one before put in, so the text stays the same size.
      const change = inserting
        ? {
            range: { start: { line: cursor.line - 1, character: 0 }, end: { line: cursor.line - 1, character: 0 } },
            text: '  (* inserted *)\n',
          }
        : {
            range: { start: { line: cursor.line - 1, character: 0 }, end: { line: cursor.line, character: 0 } },
            text: '',
          };
      const removed = inserting ? 0 : doc.offsetAt(change.range.end) - doc.offsetAt(change.range.start);
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [change], version);
      const moved = doc.positionAt(cursorOffset + change.text.length - removed);
      const started = performance.now();
      await c.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [change],
      });
      let reflected = false;
      let staleHere = false;
      while (performance.now() - started < PER_CHANGE_MS) {
        const answer = await c
          .sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: moved })
          .catch((e: ResponseError) => {
            if (e.code === -32801) return null;
            throw e;
          });
        answers++;
        const v = verdict(answer, doc, 't');
        if (v === 'stale') {
          stale++;
          staleHere = true;
        }
        if (v === 'current') {
          windows.push(performance.now() - started);
          reflected = true;
          break;
        }
        await sleep(POLL_MS);
      }
      if (!reflected) neverCurrent++;
      if (staleHere) changesWithStale++;
      await sleep(100);
    }
    console.log('stale window (documentHighlight after a line is inserted above the cursor, 10,000 lines)');
    console.log(
      line(
        `time until an answer reflects the new version (${windows.length} of ${CHANGES} changes${neverCurrent ? `, ${neverCurrent} never within ${PER_CHANGE_MS} ms` : ''})`,
        `p50 ${ms(percentile(windows, 50))}, p95 ${ms(percentile(windows, 95))}`,
      ),
    );
    console.log(
      line(
        `stale answers (of ${answers}, asked every ${POLL_MS} ms)`,
        `${stale}, after ${changesWithStale} of ${CHANGES} changes`,
        {
          text: '0',
          met: stale === 0,
        },
      ),
    );
  } finally {
    await s.stop();
  }
}
