import type { Terminal } from './terminal.js';

/**
 * One line redrawn in place on an interactive terminal (`\r`, then the line cleared);
 * nothing at all elsewhere, so CI logs get the summary, not a thousand updates.
 */
export class ProgressBar {
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly terminal: Terminal,
    private readonly width = 24,
  ) {}

  update(done: number, total: number, label: string): void {
    if (!this.terminal.interactive || total <= 0) return;
    const filled = Math.round((done / total) * this.width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}`;
    const columns = this.stream.columns > 0 ? this.stream.columns : 80;
    const line = `[${bar}] ${done}/${total} ${label}`.slice(0, columns - 1);
    this.stream.write(`\r\u001b[2K${this.terminal.paint('cyan', line)}`);
    this.shown = true;
  }

  /** A line of its own, for waits before the counts are known (resolving the tree). */
  status(label: string): void {
    if (!this.terminal.interactive) return;
    const columns = this.stream.columns > 0 ? this.stream.columns : 80;
    this.stream.write(`\r\u001b[2K${this.terminal.paint('cyan', label.slice(0, columns - 1))}`);
    this.shown = true;
  }

  /** Clears the bar before anything else is printed. */
  done(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}
