/** Colours and glyphs, chosen once from the display options: NO_COLOR, ASCII mode, OSC 8 links. */

export interface Display {
  ascii: boolean;
  color: boolean;
  hyperlinks: boolean;
}

export interface Theme {
  display: Display;
  /** A colour name, or undefined when colour is off (Ink then prints plain text). */
  c(name: ColorName): string | undefined;
  glyph: {
    cursor: string;
    mark: string;
    dot: string;
    rule: string;
    open: string;
    spark: string;
    sep: string;
  };
  /** Ink border style for dialogs: box drawing, or + - | in ASCII mode. */
  border: 'single' | 'classic';
  link(url: string, text?: string): string;
}

export type ColorName = 'critical' | 'warning' | 'info' | 'ok' | 'muted' | 'accent' | 'prod' | 'error';

const COLORS: Record<ColorName, string> = {
  critical: 'red',
  warning: 'yellow',
  info: 'cyan',
  ok: 'green',
  muted: 'gray',
  accent: 'blue',
  prod: 'redBright',
  error: 'red',
};

export function makeTheme(display: Display): Theme {
  const { ascii, color, hyperlinks } = display;
  return {
    display,
    c: (name) => (color ? COLORS[name] : undefined),
    glyph: ascii
      ? { cursor: '>', mark: '*', dot: '*', rule: '-', open: 'v', spark: '_.-=+*#@', sep: '|' }
      : { cursor: '▶', mark: '●', dot: '●', rule: '─', open: '▾', spark: '▁▂▃▄▅▆▇█', sep: '│' },
    border: ascii ? 'classic' : 'single',
    // OSC 8: the terminal shows `text` and opens `url` on click; without support, the URL is shown.
    link: (url, text) => (hyperlinks ? `\u001b]8;;${url}\u0007${text ?? url}\u001b]8;;\u0007` : text && text !== url ? `${text} <${url}>` : url),
  };
}

/** NO_COLOR (https://no-color.org): any non-empty value turns colour off. */
export function colorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

export function severityColor(severity: string | undefined): ColorName {
  const s = (severity ?? '').toLowerCase();
  if (s === 'critical' || s === 'page' || s === 'error' || s === 'high') return 'critical';
  if (s === 'warning' || s === 'warn') return 'warning';
  return 'info';
}
