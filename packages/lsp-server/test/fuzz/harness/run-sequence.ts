import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { answerProblems, type AskedAbout } from './answer-invariants.js';
import { programText, SLOTS, type EditSpec, type InvalidParams, type Step, type UriKind } from './lsp-arbitraries.js';
import { SPEC_ERROR_CODES, type DocumentMethod } from './lsp-result-schemas.js';
import { OpenDocuments } from './open-documents.js';
import type { Answer, RawLspClient } from './raw-lsp-client.js';
import { comparable, lastPublished, quiesce, unhealthy } from './quiescence.js';
import type { ReferenceServer } from './reference-server.js';

/**
 * Plays one generated sequence against a running server and checks the invariants after
 * it. Every violation is a sentence under the invariant it breaks; the transcript is what
 * was sent, step by step, so a failure reads as a reproduction.
 */

export type SessionInvariant = 'answer' | 'position' | 'alive' | 'converge' | 'health';

export interface SequenceResult {
  readonly violations: { readonly invariant: SessionInvariant; readonly text: string }[];
  readonly transcript: string[];
}

export interface SequenceContext {
  readonly client: RawLspClient;
  readonly root: string;
  /** Makes this run's uris its own, so runs on one server never share a document. */
  readonly run: number;
  readonly uriKinds: readonly UriKind[];
  readonly pull: boolean;
  /** Compares final diagnostics with this fresh server's, and checks health, after quiescence. */
  readonly reference?: ReferenceServer;
}

export function uriFor(root: string, run: number, slot: number, kind: UriKind): string {
  switch (kind) {
    case 'workspace':
      return `file://${root}/r${run}/d${slot}.pas`;
    case 'unc':
      return `file://host/share/r${run}d${slot}.pas`;
    case 'encoded':
      return `file://${root}/r${run}/sp%20ace%E2%9C%93${slot}.pas`;
    case 'outside':
      return `file:///nonexistent-pc-fuzz/r${run}/d${slot}.pas`;
    case 'untitled':
      return `untitled:Untitled-r${run}-${slot}`;
    case 'upper':
      return `file://${root}/r${run}/D${slot}.PAS`;
  }
}

const clip = (s: string, n = 160): string => (s.length > n ? `${s.slice(0, n)}...(${s.length} chars)` : s);

/** Offsets of every identifier in a text, to put a cursor on one. */
function identifierOffsets(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[A-Za-z_]\w*/g;
  // Bounded by the text: exec moves forward on every match.
  for (let m = re.exec(text); m !== null && out.length < 100_000; m = re.exec(text))
    out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

function cursorAt(doc: TextDocument | undefined, at: number, onWord: boolean): Position {
  if (!doc) return { line: Math.floor(at * 20), character: Math.floor(at * 10) };
  const text = doc.getText();
  if (onWord) {
    const words = identifierOffsets(text);
    const w = words[Math.min(words.length - 1, Math.floor(at * words.length))];
    if (w) return doc.positionAt(w.start + Math.floor((w.end - w.start) / 2));
  }
  return doc.positionAt(Math.floor(at * text.length));
}

function paramsFor(
  method: DocumentMethod,
  uri: string,
  doc: TextDocument | undefined,
  position: Position,
  invalid: InvalidParams,
): unknown {
  const textDocument = { uri };
  const lines = doc?.lineCount ?? 1;
  const base: Record<string, unknown> = { textDocument };
  switch (method) {
    case 'textDocument/hover':
    case 'textDocument/definition':
    case 'textDocument/documentHighlight':
    case 'textDocument/completion':
    case 'textDocument/signatureHelp':
    case 'textDocument/prepareRename':
      base['position'] = position;
      break;
    case 'textDocument/references':
      Object.assign(base, { position, context: { includeDeclaration: true } });
      break;
    case 'textDocument/rename':
      Object.assign(base, { position, newName: 'renamedName' });
      break;
    case 'textDocument/semanticTokens/range':
      base['range'] = {
        start: { line: position.line, character: 0 },
        end: { line: Math.min(lines, position.line + 6), character: 0 },
      };
      break;
    case 'textDocument/formatting':
      base['options'] = { tabSize: 2, insertSpaces: true };
      break;
    case 'textDocument/codeAction':
      Object.assign(base, { range: { start: position, end: position }, context: { diagnostics: [] } });
      break;
    case 'textDocument/documentSymbol':
    case 'textDocument/semanticTokens/full':
    case 'textDocument/diagnostic':
      break;
  }
  switch (invalid) {
    case 'none':
      return base;
    case 'null':
      return null;
    case 'array':
      return [uri, position];
    case 'noTextDocument': {
      const { textDocument: _, ...rest } = base;
      return rest;
    }
    case 'uriNumber':
      return { ...base, textDocument: { uri: 42 } };
    case 'negativeLine':
      return {
        ...base,
        position: { line: -1, character: 0 },
        range: { start: { line: -3, character: 0 }, end: { line: 0, character: 0 } },
      };
    case 'lineString':
      return { ...base, position: { line: 'two', character: 0 } };
    case 'noNewName':
      return method === 'textDocument/rename' ? { textDocument, position } : { ...base, textDocument: 'not an object' };
  }
}

/** LSP content changes for edit specs, each range against the text the edits before it left. */
function changesFor(doc: TextDocument, edits: readonly EditSpec[]): TextDocumentContentChangeEvent[] {
  let scratch = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
  const out: TextDocumentContentChangeEvent[] = [];
  for (const e of edits) {
    const length = scratch.getText().length;
    const start = Math.floor(e.at * length);
    const range = { start: scratch.positionAt(start), end: scratch.positionAt(Math.min(length, start + e.remove)) };
    const change = { range, text: e.insert };
    out.push(change);
    scratch = TextDocument.update(scratch, [change], scratch.version + 1);
  }
  return out;
}

export async function runSequence(steps: readonly Step[], x: SequenceContext): Promise<SequenceResult> {
  const { client } = x;
  const docs = new OpenDocuments();
  const violations: SequenceResult['violations'] = [];
  const transcript: string[] = [];
  const versions = new Map<string, number>();
  const nextVersion = (uri: string): number => {
    const v = (versions.get(uri) ?? 0) + 1;
    versions.set(uri, v);
    return v;
  };
  const uriOf = (slot: number): string => uriFor(x.root, x.run, slot, x.uriKinds[slot % SLOTS] ?? 'workspace');
  const later: { asked: AskedAbout; answer: Promise<Answer>; label: string }[] = [];
  const check = (asked: AskedAbout, answer: Answer, label: string): void => {
    for (const v of answerProblems(asked, answer))
      violations.push({ invariant: v.invariant, text: `${label}: ${v.text}` });
  };
  const ask = (
    method: DocumentMethod,
    uri: string,
    position: Position,
    invalid: InvalidParams,
    cancel: boolean,
  ): { asked: AskedAbout; answer: Promise<Answer>; label: string } => {
    const doc = docs.snapshot(uri);
    const params = paramsFor(method, uri, doc, position, invalid);
    const id = client.peekNextId();
    const answer = client.request(method, params);
    if (cancel) client.cancel(id);
    const label = `#${id} ${method}`;
    transcript.push(`${label} ${clip(JSON.stringify(params), 240)}${cancel ? ' (cancelled at once)' : ''}`);
    return { asked: { method, uri, doc, position, invalidParams: invalid !== 'none' }, answer, label };
  };

  for (const step of steps) {
    if (!client.alive()) break;
    switch (step.kind) {
      case 'open': {
        const uri = uriOf(step.slot);
        const text = programText(step.program);
        const version = nextVersion(uri);
        docs.open(uri, 'pascal', version, text);
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'pascal', version, text } });
        transcript.push(`didOpen ${uri} v${version} ${clip(JSON.stringify(text))}`);
        break;
      }
      case 'change':
      case 'replace': {
        const uri = uriOf(step.slot);
        const doc = docs.get(uri);
        if (!doc) break;
        const changes = step.kind === 'change' ? changesFor(doc, step.edits) : [{ text: programText(step.program) }];
        const version = nextVersion(uri);
        docs.change(uri, version, changes);
        client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
        transcript.push(`didChange ${uri} v${version} ${clip(JSON.stringify(changes), 240)}`);
        break;
      }
      case 'close': {
        const uri = uriOf(step.slot);
        if (!docs.isOpen(uri)) break;
        docs.close(uri);
        client.notify('textDocument/didClose', { textDocument: { uri } });
        transcript.push(`didClose ${uri}`);
        break;
      }
      case 'request': {
        const uri = uriOf(step.slot);
        const asked = ask(step.method, uri, cursorAt(docs.get(uri), step.at, step.onWord), step.invalid, step.cancel);
        if (step.wait) check(asked.asked, await asked.answer, asked.label);
        else later.push(asked);
        break;
      }
      case 'insertAboveThenAsk': {
        const uri = uriOf(step.slot);
        const doc = docs.get(uri);
        if (!doc) break;
        const words = identifierOffsets(doc.getText());
        const w = words[Math.min(words.length - 1, Math.floor(step.at * words.length))];
        if (!w) break;
        const cursor = doc.positionAt(w.start);
        const version = nextVersion(uri);
        const changes = [
          {
            range: { start: { line: cursor.line, character: 0 }, end: { line: cursor.line, character: 0 } },
            text: step.lines,
          },
        ];
        const after = docs.change(uri, version, changes);
        client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
        transcript.push(`didChange ${uri} v${version} ${JSON.stringify(changes)}`);
        const moved = after?.positionAt(w.start + step.lines.length) ?? cursor;
        const asked = ask(step.method, uri, moved, 'none', false);
        check(asked.asked, await asked.answer, asked.label);
        break;
      }
      case 'noise': {
        const uri = uriOf(step.slot);
        if (step.what === 'unknownNotification') client.notify('fuzz/unknownNotification', { uri });
        if (step.what === 'changeUnopened')
          client.notify('textDocument/didChange', {
            textDocument: { uri: `file://${x.root}/r${x.run}/never-opened.pas`, version: 7 },
            contentChanges: [{ text: 'PROGRAM Q; BEGIN END.' }],
          });
        if (step.what === 'changeNoChanges' && docs.isOpen(uri))
          // No contentChanges at all: a broken client; the text must stay what it was.
          client.notify('textDocument/didChange', { textDocument: { uri, version: (versions.get(uri) ?? 0) + 1 } });
        transcript.push(`noise ${step.what} ${uri}`);
        if (step.what === 'unknownRequest' || step.what === 'dollarRequest') {
          const method = step.what === 'unknownRequest' ? 'fuzz/unknownMethod' : '$/fuzzUnknown';
          const answer = await client.request(method, { uri });
          if (answer.kind !== 'error' || answer.code !== -32601)
            violations.push({
              invariant: 'answer',
              text: `${method} answered ${JSON.stringify(answer)}, not MethodNotFound (-32601)`,
            });
        }
        break;
      }
      case 'pause':
        await new Promise((resolve) => setTimeout(resolve, step.ms));
        break;
    }
  }
  for (const l of later) check(l.asked, await l.answer, l.label);

  if (!client.alive()) {
    const exit = await client.exited;
    violations.push({
      invariant: 'alive',
      text: `the server exited (code ${exit.code}, signal ${exit.signal}); stderr:\n${clip(client.stderr(), 1500)}`,
    });
    return { violations, transcript };
  }
  if (x.reference) await convergence(x, docs, violations);
  for (const uri of docs.openUris()) client.notify('textDocument/didClose', { textDocument: { uri } });
  return { violations, transcript };
}

async function convergence(
  x: SequenceContext,
  docs: OpenDocuments,
  violations: SequenceResult['violations'],
): Promise<void> {
  const settled = await quiesce(x.client);
  if (!settled.ok) {
    const exit = x.client.alive() ? undefined : await x.client.exited;
    violations.push(
      exit
        ? {
            invariant: 'alive',
            text: `the server exited (code ${exit.code}, signal ${exit.signal}); stderr:\n${clip(x.client.stderr(), 1500)}`,
          }
        : { invariant: 'converge', text: settled.problem },
    );
    return;
  }
  for (const uri of docs.everOpened) {
    const doc = docs.get(uri);
    let got: readonly string[];
    if (x.pull && doc) {
      const answer = await x.client.request('textDocument/diagnostic', { textDocument: { uri } });
      // A spec error (a document in no configured language, say) shows the user no diagnostics: compared as none.
      if (answer.kind === 'unanswered' || (answer.kind === 'error' && !SPEC_ERROR_CODES.has(answer.code))) {
        violations.push({
          invariant: 'converge',
          text: `pulling ${uri}'s diagnostics answered ${JSON.stringify(answer)}`,
        });
        continue;
      }
      got = comparable(answer.kind === 'result' ? ((answer.result as { items?: [] }).items ?? []) : []);
    } else {
      const last = lastPublished(x.client, uri);
      if (doc && last?.version !== undefined && last.version !== doc.version)
        violations.push({
          invariant: 'converge',
          text: `${uri}'s last diagnostics are of version ${last.version}; the document is at ${doc.version}`,
        });
      got = comparable(last?.diagnostics ?? []);
    }
    const want = doc ? await x.reference?.diagnostics(uri, 'pascal', doc.getText()) : [];
    if (typeof want === 'string') {
      violations.push({ invariant: 'converge', text: want });
      continue;
    }
    const expected = comparable(want ?? []);
    if (JSON.stringify(got) !== JSON.stringify(expected))
      violations.push({
        invariant: 'converge',
        text: `${uri} (${doc ? `open at v${doc.version}` : 'closed'}): diagnostics ${JSON.stringify(got)}; a fresh server on the final text gives ${JSON.stringify(expected)}`,
      });
  }
  for (const problem of unhealthy(settled.status))
    violations.push({ invariant: 'health', text: `after quiescence, ${problem}` });
}

/** The error a property throws: the violations, then the transcript that produced them. */
export function report(result: SequenceResult, only: ReadonlySet<SessionInvariant>): string | undefined {
  const relevant = result.violations.filter((v) => only.has(v.invariant));
  if (relevant.length === 0) return undefined;
  return [
    `${relevant.length} violation(s):`,
    ...relevant.slice(0, 12).map((v) => `  [${v.invariant}] ${v.text}`),
    'transcript (what the client sent, in order):',
    ...result.transcript.map((t) => `  ${t}`),
  ].join('\n');
}
