// Colour on the console only for a person at a terminal: never when stdout is a file or a pipe
// (a CI log), nor when NO_COLOR is set (https://no-color.org) or the terminal is "dumb".

export interface Painter {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain: Painter = { green: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };
const sgr = (open: number, close: number) => (s: string): string => `\u001b[${open}m${s}\u001b[${close}m`;
const ansi: Painter = { green: sgr(32, 39), red: sgr(31, 39), yellow: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };

export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !('NO_COLOR' in env && env.NO_COLOR !== '') && env.TERM !== 'dumb';
}

export function paint(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Painter {
  return wantsColor(stream, env) ? ansi : plain;
}
