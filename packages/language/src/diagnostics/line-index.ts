import type { Position, Range } from './diagnostic.js';

/**
 * Turns UTF-16 offsets into 0-based line/character positions and back, counting `\r\n`,
 * `\n` and a lone `\r` as one line break each, as LSP 3.17 and vscode-languageserver's
 * TextDocument do (a differential test holds them to it). Built once per text; each lookup
 * is a binary search over line starts, so locating thousands of nodes stays cheap.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Where each line's content ends: its line break, or the end of the text for the last line. */
  private readonly ends: number[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.starts.push(i + 1);
    }
    this.ends.push(text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of an offset, clamped into the text; an offset inside a `\r\n` is the end of its line. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const start = this.starts[lo] ?? 0;
    return { line: lo, character: Math.min(clamped, this.ends[lo] ?? clamped) - start };
  }

  range(from: number, to: number): Range {
    return { start: this.position(from), end: this.position(to) };
  }

  /** The offset of a position; a character past the end of its line is the end of the line's content. */
  offset(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line] ?? 0;
    if (position.character <= 0) return start;
    return Math.min(start + position.character, this.ends[position.line] ?? this.text.length);
  }
}
