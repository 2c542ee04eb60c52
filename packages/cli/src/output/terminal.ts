/**
 * How output looks where it goes: colour only on a TTY unless FORCE_COLOR says otherwise,
 * never with NO_COLOR (https://no-color.org), and plain lines in CI.
 */
export interface Terminal {
  readonly color: boolean;
  /** Progress bars and spinners: an interactive terminal, not CI. */
  readonly interactive: boolean;
  paint(style: Style, text: string): string;
}

export type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'cyan';

const CODES: Readonly<Record<Style, [number, number]>> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export function terminalFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Terminal {
  const tty = stream.isTTY === true;
  const force = env['FORCE_COLOR'];
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  const color = noColor ? false : force !== undefined ? force !== '0' && force !== 'false' : tty;
  const interactive = tty && !env['CI'];
  return {
    color,
    interactive,
    paint: (style, text) => (color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text),
  };
}
