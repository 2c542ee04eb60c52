import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from '../diagnostics/line-index.js';
import { NAME, OPERAND, type Repair } from './base/error-repair.js';

const SOURCE = 'parsercraft-syntax';

/**
 * One `syntax-error` per repair, saying what is wrong in the author's terms and offering the
 * repair as a fix. Keywords in the wrong case are one finding, however many there are: the
 * cause is one (the language's keywords are case-sensitive), not each word.
 */
export function repairDiagnostics(
  repairs: readonly Repair[],
  text: string,
  lines: LineIndex,
  /** BASIC: a line inserted into a numbered program gets a number of its own. */
  numberedLines = false,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const caseRepairs = repairs.filter((r) => r.kind === 'keyword-case');
  let lastLine = -1;
  for (const r of repairs) {
    if (r.kind === 'keyword-case' && r !== caseRepairs[0]) continue;
    const range = lines.range(r.at.from, r.at.to);
    // Repairs after the first on a line mend the same broken statement: one mistake, one finding.
    if (range.start.line === lastLine) continue;
    lastLine = range.start.line;
    const found = excerpt(text.slice(r.at.from, r.at.to));
    const wanted = r.insert.trim();
    const editRange = lines.range(r.from, r.to);
    // Every wrongly cased keyword at once: fixing one a time would take a round per word.
    const caseEdits = caseRepairs.flatMap((c) => c.caseEdits ?? []);
    const edits =
      r.kind === 'keyword-case' && caseEdits.length > 0
        ? caseEdits.map((e) => ({ range: lines.range(e.from, e.to), newText: e.insert }))
        : [
            {
              range: editRange,
              newText:
                r.kind === 'indent'
                  ? r.insert
                  : r.insert.trim() === ''
                    ? ''
                    : `${numberedLines ? lineNumberFor(r, text) : ''}${spaced(r, text)}`,
            },
          ];
    const fix = (title: string): Diagnostic['fixes'] => [{ title, edits, preferred: r.count === undefined }];
    const more = caseRepairs.reduce((n, c) => n + (c.count ?? 1), 0) - 1;
    const message = ((): string => {
      switch (r.kind) {
        case 'keyword-case':
          return `Syntax error: keywords are case-sensitive in this language, and '${found}' is spelled ${wanted}${more > 0 ? ` (so are ${more} more keyword${more === 1 ? '' : 's'} below)` : ''}.`;
        case 'keyword-spelling':
          return `Syntax error: '${found}' is not a keyword; did you mean ${wanted}?`;
        case 'insert':
          if (wanted === OPERAND || wanted === NAME)
            return `Syntax error: a ${wanted === NAME ? 'name' : 'value'} is missing ${r.at.from >= r.from ? 'before' : 'after'} '${found}'.`;
          return `Syntax error: ${wanted} is missing ${r.at.from >= r.from ? 'before' : 'after'} '${found}'.`;
        case 'replace':
          if (wanted === OPERAND || wanted === NAME)
            return `Syntax error: expected a ${wanted === NAME ? 'name' : 'value'} instead of '${found}'.`;
          return `Syntax error: expected ${wanted} instead of '${found}'.`;
        case 'delete':
          return `Syntax error: unexpected '${found}'.`;
        case 'indent':
          return `Syntax error: expected an indented block after the ':' on line ${lines.position(text.lastIndexOf(':', r.from)).line + 1}.`;
      }
    })();
    const title =
      r.kind === 'indent'
        ? 'Indent this line'
        : r.kind === 'delete'
          ? `Remove '${found}'`
          : r.kind === 'insert'
            ? `Insert ${wanted}`
            : r.kind === 'keyword-case' && edits.length > 1
              ? `Spell the ${edits.length} keywords as the language does`
              : `Change to ${wanted}`;
    diagnostics.push({
      range,
      severity: 'error',
      code: 'syntax-error',
      message,
      source: SOURCE,
      // A placeholder value or name is not what the author meant: no fix offers it.
      ...(wanted !== OPERAND && wanted !== NAME && { fixes: fix(title) ?? [] }),
    });
  }
  return diagnostics;
}

/**
 * The number a line inserted by `r` takes in a numbered BASIC program (`30 ` between lines 20
 * and 40), or '' where the insertion does not start a line or the lines around have no numbers.
 */
function lineNumberFor(r: Repair, text: string): string {
  const startsLine = r.from === 0 || /\n[ \t]*$/.test(text.slice(Math.max(0, r.from - 200), r.from));
  if (!startsLine) return '';
  const before = [...text.slice(0, r.from).matchAll(/^[ \t]*(\d+)/gm)].pop()?.[1];
  if (before === undefined) return '';
  const after = /^[ \t]*(\d+)/m.exec(text.slice(r.from))?.[1];
  const low = Number(before);
  const high = after === undefined ? Infinity : Number(after);
  const step = [10, 5, 2, 1].find((s) => low + s < high);
  return step === undefined ? '' : `${low + step} `;
}

/** The inserted text, with a space only where it would otherwise run into a neighbouring word. */
function spaced(r: Repair, text: string): string {
  // A closer put on a line of its own keeps its line break and indentation.
  if (r.insert.includes('\n')) return r.insert.trimStart();
  const word = r.insert.trim();
  const before = /\w/.test(text[r.from - 1] ?? '') && /^\w/.test(word) ? ' ' : '';
  const after = /\w/.test(text[r.to] ?? '') && /\w$/.test(word) ? ' ' : '';
  return `${before}${word}${after}`;
}

function excerpt(s: string): string {
  const one = s.trim().replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}
