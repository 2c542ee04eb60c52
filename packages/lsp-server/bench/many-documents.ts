import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { pascalProgram } from '../../../bench/pascal-program.js';
import { line } from './bench-stats.js';
import { startBenchServer } from './bench-server.js';

/**
 * 200 documents of 500 lines each opened at once, as an editor restoring a session does:
 * time from the first didOpen until every one has its diagnostics and the server says it
 * is quiescent, and the server's RSS then. Every document must be fully analysed: a
 * PC_SERVER_ANALYSIS_DEGRADED notice (syntax only) counts against the run.
 */

const DOCUMENTS = 200;
const LINES = 500;

export async function manyDocuments(): Promise<void> {
  const s = await startBenchServer({});
  const { c } = s;
  try {
    const text = pascalProgram(LINES);
    const uris = Array.from({ length: DOCUMENTS }, (_, i) => s.uri(`doc${i}.pas`));
    const started = performance.now();
    const published = uris.map((uri) => s.published(uri, 1));
    for (const uri of uris)
      await c.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'pascal', version: 1, text },
      });
    const all = await Promise.all(published);
    const diagnosed = performance.now() - started;
    await s.quiescent();
    const quiescent = performance.now() - started;
    const rss = s.rssMb();
    const degraded = all.filter((p) => p.diagnostics.some((d) => d.code === 'PC_SERVER_ANALYSIS_DEGRADED')).length;
    const unclean = all.filter((p) => p.diagnostics.length > 0).length;
    console.log(`${DOCUMENTS} documents of ${LINES} lines opened at once`);
    console.log(line('all diagnosed', `${diagnosed.toFixed(0)} ms`));
    console.log(line('quiescent', `${quiescent.toFixed(0)} ms`, { text: '<= 10,000 ms', met: quiescent <= 10_000 }));
    console.log(line('RSS when quiescent', `${rss.toFixed(0)} MB`, { text: '<= 400 MB', met: rss <= 400 }));
    console.log(
      line(
        'fully analysed',
        `${DOCUMENTS - degraded} of ${DOCUMENTS} (${degraded} degraded to syntax only, ${unclean} with any diagnostic)`,
        {
          text: 'all',
          met: degraded === 0,
        },
      ),
    );
  } finally {
    await s.stop();
  }
}
