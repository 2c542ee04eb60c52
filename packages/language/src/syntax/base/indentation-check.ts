import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { LineIndex } from '../../diagnostics/line-index.js';
import { BuiltinNode } from './builtin-nodes.js';
import type { SyntaxNode } from '../syntax-tree.js';

/**
 * Statements of one block must start in one column, as Python requires. The tokenizer
 * reads an indent only where a block may open (elsewhere deeper indentation is blank space,
 * so a stray indent never splits the parse), which leaves the mistake to be found here: a
 * statement of a Program or Body that starts its line in another column than the block's
 * first statement. One finding per such line, in Python's words.
 */
export function indentationDiagnostics(root: SyntaxNode, text: string, lines: LineIndex, source: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const stack: SyntaxNode[] = [root];
  // A statement found out of line: its own elif/else lines follow it, and are not another mistake.
  const misplaced = new Set<SyntaxNode>();
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as SyntaxNode);
    if (node.type === BuiltinNode.IfStatement && !misplaced.has(node))
      found.push(...misalignedBranches(node, text, lines, source));
    if (node.type !== BuiltinNode.Program && node.type !== BuiltinNode.Body) continue;
    // The program's own statements start in column 0, as in Python: a stray space before the
    // first line is that line's mistake, not every later line's.
    let blockColumn: number | undefined = node.type === BuiltinNode.Program ? 0 : undefined;
    let previousColumn: number | undefined;
    let previous: SyntaxNode | undefined;
    for (const child of node.children) {
      if (child.type === BuiltinNode.Comment || child.type === BuiltinNode.Error || child.to === child.from) continue;
      const column = lineStartColumn(text, child.from);
      if (column === undefined) continue;
      if (blockColumn === undefined) blockColumn = column;
      else if (column !== blockColumn) {
        misplaced.add(child);
        const outOfStep = column < blockColumn || (previousColumn !== undefined && previousColumn > column);
        // Out of step, the line most likely belongs to the nearest level open before it (the
        // block the statement before it ends in), this block's on a tie.
        const levels = [blockColumn, ...(outOfStep && previous ? lineColumns(text, previous) : [])];
        const target = levels.reduce((best, l) => (Math.abs(l - column) < Math.abs(best - column) ? l : best));
        found.push({
          range: lines.range(child.from, Math.min(child.to, lineEnd(text, child.from))),
          severity: 'error',
          code: 'syntax-error',
          source,
          message: outOfStep
            ? 'Syntax error: this line is indented to no level of the blocks around it (unindent does not match any outer indentation level).'
            : 'Syntax error: unexpected indent: this line is indented deeper than its block, and nothing before it opens a block.',
          fixes: [
            {
              title: 'Indent as the block',
              preferred: true,
              edits: [{ range: lines.range(lineStartOf(text, child.from), child.from), newText: ' '.repeat(target) }],
            },
          ],
        });
      }
      previousColumn = lastLineColumn(text, child);
      previous = child;
    }
  }
  return found;
}

/**
 * An `elif` or `else` line must start in its `if`'s column: one indented otherwise would belong
 * to another block in Python, or to none. They stand in the gaps between the statement's
 * children (condition, body, condition, body...), where nothing else starts a line.
 */
function misalignedBranches(node: SyntaxNode, text: string, lines: LineIndex, source: string): Diagnostic[] {
  const column = lineStartColumn(text, node.from);
  if (column === undefined) return [];
  const found: Diagnostic[] = [];
  for (let i = 0; i + 1 < node.children.length; i++) {
    const gapFrom = (node.children[i] as SyntaxNode).to;
    const gapTo = (node.children[i + 1] as SyntaxNode).from;
    const word = /[^\s]/.exec(text.slice(gapFrom, gapTo));
    if (!word) continue;
    const at = gapFrom + word.index;
    const own = lineStartColumn(text, at);
    if (own === undefined || own === column) continue;
    const end = at + (/^\w+/.exec(text.slice(at, at + 40))?.[0].length ?? 1);
    found.push({
      range: lines.range(at, end),
      severity: 'error',
      code: 'syntax-error',
      source,
      message: `Syntax error: '${text.slice(at, end)}' is indented to column ${own + 1}, but its '${text.slice(node.from, node.from + (/^\w+/.exec(text.slice(node.from, node.from + 40))?.[0].length ?? 2))}' starts in column ${column + 1}: they must line up.`,
      fixes: [
        {
          title: 'Line up with the statement it continues',
          preferred: true,
          edits: [{ range: lines.range(lineStartOf(text, at), at), newText: ' '.repeat(column) }],
        },
      ],
    });
  }
  return found;
}

function lineStartOf(text: string, at: number): number {
  let i = at;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The columns the lines of `node` start in, where they start with its content: the levels open inside it. */
function lineColumns(text: string, node: SyntaxNode): number[] {
  const columns = new Set<number>();
  for (let at = node.from; at < node.to;) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 || nl > node.to ? node.to : nl;
    let i = at;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < end) {
      const column = lineStartColumn(text, i);
      if (column !== undefined) columns.add(column);
    }
    at = end + 1;
  }
  return [...columns];
}

/** The column (tabs to multiples of 8) of `at` when only blanks precede it on its line. */
function lineStartColumn(text: string, at: number): number | undefined {
  let column = 0;
  let i = at - 1;
  while (i >= 0 && text[i] !== '\n' && text[i] !== '\r') {
    if (text[i] !== ' ' && text[i] !== '\t') return undefined;
    i--;
  }
  for (let j = i + 1; j < at; j++) column += text[j] === '\t' ? 8 - (column % 8) : 1;
  return column;
}

/** The column of the last line of `node` that starts with its content: where the text was before the next sibling. */
function lastLineColumn(text: string, node: SyntaxNode): number | undefined {
  let end = node.to;
  while (end > node.from && /\s/.test(text[end - 1] ?? '')) end--;
  let start = end;
  while (start > node.from && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  return lineStartColumn(text, start);
}

function lineEnd(text: string, from: number): number {
  const nl = text.slice(from).search(/[\r\n]/);
  return nl === -1 ? text.length : from + nl;
}
