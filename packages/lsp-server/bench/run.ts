/**
 * Language server benchmark: `npm run bench -w @parsercraft/lsp-server`.
 *
 * Drives the built server (dist/bin/parsercraft-lsp.js) over real stdio, as an editor does,
 * each part on a fresh server, and prints every figure beside its target:
 * - editing (editing-round.ts): the 10,000-line program of the language package's
 *   benchmark, didChange to publishDiagnostics, completion and hover, the same during a
 *   400,000-line analysis, RSS; BENCH_ROUNDS (default 2) rounds;
 * - the stale window (stale-window.ts): documentHighlight after a line is inserted above
 *   the cursor, until an answer reflects the new version, and how many answers were stale;
 * - many documents (many-documents.ts): 200 documents of 500 lines, all fully analysed,
 *   time to quiescence and RSS;
 * - a runaway's neighbour (runaway-neighbour.ts): another document's didChange to
 *   publishDiagnostics during a 400,000-line analysis against idle, and completion in it.
 * BENCH_ONLY=editing,stale,many,runaway runs some of them.
 */
import { editingRound } from './editing-round.js';
import { manyDocuments } from './many-documents.js';
import { runawayNeighbour } from './runaway-neighbour.js';
import { staleWindow } from './stale-window.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const only = new Set((process.env['BENCH_ONLY'] ?? 'editing,stale,many,runaway').split(','));

if (only.has('editing')) for (let n = 1; n <= ROUNDS; n++) await editingRound(n);
if (only.has('stale')) await staleWindow();
if (only.has('many')) await manyDocuments();
if (only.has('runaway')) await runawayNeighbour();
