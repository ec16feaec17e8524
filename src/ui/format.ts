import { differenceInDays, differenceInHours, differenceInMinutes, differenceInSeconds } from 'date-fns';

/** Compact age for narrow columns: 45s, 12m, 3h, 5d. */
export function age(from: Date | number, now: Date | number): string {
  const s = differenceInSeconds(now, from);
  if (s < 60) return `${Math.max(0, s)}s`;
  const m = differenceInMinutes(now, from);
  if (m < 60) return `${m}m`;
  const h = differenceInHours(now, from);
  if (h < 48) return `${h}h`;
  return `${differenceInDays(now, from)}d`;
}

/** Pads or cuts to exactly `width` columns, so rows never wrap (labels are plain text). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (flat.length <= width) return flat.padEnd(width);
  return width === 1 ? '…' : `${flat.slice(0, width - 1)}…`;
}

/** Cuts to at most `width` columns without padding: trailing spaces would cost bytes on every redraw. */
export function cut(text: string, width: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (width <= 0) return '';
  return flat.length <= width ? flat : width === 1 ? '…' : `${flat.slice(0, width - 1)}…`;
}

export function fitLeft(text: string, width: number): string {
  return text.length >= width ? fit(text, width) : text.padStart(width);
}

export function percent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/**
 * The whole series in `width` columns (each the mean of its share of the points), each column as high as
 * `level` says (0 bottom, 1 top). The scale is the caller's and fixed (an SLO's: domain/slo/spark.ts),
 * never the series' own lowest and highest point: a 0.02% slip scaled to full height looks like an outage.
 */
export function sparkline(points: Array<[number, number]>, glyphs: string, width: number, level: (value: number) => number): string {
  const values = points.map((p) => p[1]).filter(Number.isFinite);
  if (values.length === 0 || width <= 0) return '';
  const columns = Math.min(width, values.length);
  const bins = Array.from({ length: columns }, (_, i) => {
    const slice = values.slice(Math.floor((i * values.length) / columns), Math.floor(((i + 1) * values.length) / columns));
    return slice.reduce((a, b) => a + b, 0) / slice.length;
  });
  const top = glyphs.length - 1;
  return bins.map((v) => glyphs[Math.min(top, Math.max(0, Math.floor(level(v) * glyphs.length)))]).join('');
}

/**
 * Wraps at spaces to `width` columns; continuation rows keep the line's indentation plus two, so a
 * wrapped query still reads as one. A word longer than the row is cut hard.
 */
export function wrapLine(text: string, width: number): string[] {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (width <= 0) return [''];
  if (flat.length <= width) return [flat];
  const indent = ' '.repeat(Math.min(flat.length - flat.trimStart().length + 2, Math.floor(width / 2)));
  const rows: string[] = [];
  let rest = flat;
  let first = true;
  while (rest.length > 0) {
    const room = first ? width : width - indent.length;
    if (rest.length <= room) {
      rows.push(first ? rest : indent + rest);
      break;
    }
    const space = rest.lastIndexOf(' ', room);
    const at = space > room / 3 ? space : room;
    rows.push((first ? '' : indent) + rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
    first = false;
  }
  return rows;
}
