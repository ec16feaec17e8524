import type { GlobalFlags } from './flags.js';
import type { OutStream, TableOut } from './io.js';

export interface Column {
  key: string;
  header: string;
  /** Never wider than this. Columns without `max` are flexible: the widest one gives way first. */
  max?: number;
}

const GAP = '  ';
const DEFAULT_WIDTH = 120;

function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** Plain-text table fitted to `width`: no wrapping, the widest flexible column is cut with "…". */
export function formatTable(rows: Record<string, string>[], columns: Column[], width = DEFAULT_WIDTH): string {
  const clean = (s: string | undefined) => (s ?? '').replace(/[\r\n\t]+/g, ' ');
  const widths = columns.map((c) => {
    const natural = Math.max(c.header.length, ...rows.map((r) => clean(r[c.key]).length));
    return c.max !== undefined ? Math.min(natural, Math.max(c.max, 1)) : natural;
  });
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  const floor = (i: number) => Math.max(3, Math.min(columns[i]!.header.length, 8));
  // Shrink the widest flexible column, never below the next widest, until the table fits (or every
  // flexible one is down to its header): two long columns end up sharing the room, not one of them
  // cut to nothing while the other stays whole.
  while (total() > width) {
    let widest = -1;
    let next = 0;
    columns.forEach((c, i) => {
      if (c.max !== undefined || widths[i]! <= floor(i)) return;
      if (widest < 0 || widths[i]! > widths[widest]!) {
        if (widest >= 0) next = Math.max(next, widths[widest]!);
        widest = i;
      } else next = Math.max(next, widths[i]!);
    });
    if (widest < 0) break;
    const down = Math.min(total() - width, Math.max(1, widths[widest]! - next));
    widths[widest] = Math.max(widths[widest]! - down, floor(widest));
  }
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cut(cell, widths[i]!) : cut(cell, widths[i]!).padEnd(widths[i]!)))
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...rows.map((r) => line(columns.map((c) => clean(r[c.key]))))]
    .map((l) => `${l}\n`)
    .join('');
}

/** The terminal's width, or 120 columns when the output is not a terminal. */
export function tableWidth(out: OutStream): number {
  return out.columns && out.columns > 0 ? out.columns : DEFAULT_WIDTH;
}

/** `width` Infinity: never cut (`-o wide`). */
export function printTable(rows: Record<string, string>[], columns: Column[], out: OutStream = process.stdout, width = tableWidth(out)): void {
  if (out.table) return out.table({ choices: [{ rows, columns }], width });
  out.write(formatTable(rows, columns, width));
}

/** The first of `choices` whose table fits `width` whole (its widest line), else the last one fitted to it. */
export function formatFirstFitting(choices: TableOut['choices'], width: number): string {
  for (const c of choices.slice(0, -1)) {
    const whole = formatTable(c.rows, c.columns, Number.MAX_SAFE_INTEGER);
    if (Math.max(...whole.split('\n').map((l) => l.length)) <= width) return whole;
  }
  const last = choices[choices.length - 1];
  return last ? formatTable(last.rows, last.columns, width) : '';
}

/**
 * What numbers a value to print may hold: 'finite' when the caller knows there is no NaN or infinity in it
 * (numbers that came out of JSON, counts), which skips the search for them: 10-16 ms of printing 10,000
 * alerts, whose JSON always holds a null (the search runs only then) and never a non-finite number.
 */
export type Numbers = 'any' | 'finite';

/**
 * JSON for scripts: Dates become ISO strings (JSON.stringify does that via toJSON), two-space indent,
 * and NaN and ±Infinity (Prometheus values) become "NaN", "Infinity", "-Infinity" instead of null.
 * JSON.stringify writes `null` for every non-finite number, and a replacer function costs a call per
 * value (it doubled the time to print 1,000 alerts, whose silencedBy and endsAt fields hold real nulls):
 * so the replacer runs only when the value holds a non-finite number.
 */
export function toJson(value: unknown, numbers: Numbers = 'any'): string {
  const plain = JSON.stringify(value, null, 2);
  if (plain === undefined || numbers === 'finite' || !plain.includes('null') || !holdsNonFinite(value)) return `${plain}\n`;
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

/** Whether JSON.stringify would meet a NaN or an infinity in `value` (it has already serialized it, so no cycles). */
function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  // A Date becomes a string or null: no number. Asking its toJSON would format every one (30 ms for 10,000 alerts).
  if (value instanceof Date) return false;
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return holdsNonFinite(json.call(value));
  if (Array.isArray(value)) return value.some(holdsNonFinite);
  for (const key in value) {
    if (Object.hasOwn(value, key) && holdsNonFinite((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

export function printJson(value: unknown, out: OutStream = process.stdout): void {
  out.write(toJson(value));
}

/** Items per write in printJsonList. */
const LIST_CHUNK = 500;

/**
 * printJson(items.map(toItem)), the same bytes, made and written a few hundred items at a time: each
 * part's objects and text are garbage before the next is made, so a long list (10,000 alerts) neither
 * holds every item twice nor its whole text at once, and the reader of a pipe starts on the first part
 * while the rest is made. Each part is written as JSON.stringify(part, null, 2) writes it, without its
 * brackets: at the same depth its items are indented as in the whole list.
 */
export function printJsonList<T>(items: readonly T[], toItem: (item: T) => unknown, out: OutStream = process.stdout, numbers: Numbers = 'any'): void {
  if (items.length <= LIST_CHUNK) {
    out.write(toJson(items.map(toItem), numbers));
    return;
  }
  for (let start = 0; start < items.length; start += LIST_CHUNK) {
    const text = toJson(items.slice(start, start + LIST_CHUNK).map(toItem), numbers);
    // text is "[\n  …\n]\n": keep the items, and the list's own brackets at its ends.
    const body = text.slice(2, text.length - 3);
    const last = start + LIST_CHUNK >= items.length;
    out.write(`${start === 0 ? '[\n' : ',\n'}${body}${last ? '\n]\n' : ''}`);
  }
}

/** chalk's levels: 0 none, 1 the 16 basic colours, 2 256 colours, 3 truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * How much colour the terminal takes, decided once at start: none for --no-color, NO_COLOR
 * (https://no-color.org) or a stream that is not a terminal; else Node's own reading of the terminal
 * (getColorDepth honours FORCE_COLOR, NODE_DISABLE_COLORS, NO_COLOR and TERM=dumb). Chalk's own
 * detection is not used: it does not read NO_COLOR, and it reads the environment when it loads.
 */
export function colorLevel(flags: Pick<GlobalFlags, 'color'>, env: NodeJS.ProcessEnv, out: OutStream): ColorLevel {
  if (flags.color === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (out.isTTY !== true) return 0;
  const depth = out.getColorDepth?.(env) ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

export function colorEnabled(flags: Pick<GlobalFlags, 'color'>, env: NodeJS.ProcessEnv, out: OutStream): boolean {
  return colorLevel(flags, env, out) > 0;
}

export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export function paint(enabled: boolean): Paint {
  const sgr = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}
