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
 * The whole series in `width` columns (each the mean of its share of the points), scaled between
 * its lowest and highest value. A series that moves by less than `flatBelow` is drawn flat: a
 * 0.0001% wobble scaled to full height would look like an outage.
 */
export function sparkline(points: Array<[number, number]>, glyphs: string, width: number, flatBelow = 1e-5): string {
  const values = points.map((p) => p[1]).filter(Number.isFinite);
  if (values.length === 0 || width <= 0) return '';
  const columns = Math.min(width, values.length);
  const bins = Array.from({ length: columns }, (_, i) => {
    const slice = values.slice(Math.floor((i * values.length) / columns), Math.floor(((i + 1) * values.length) / columns));
    return slice.reduce((a, b) => a + b, 0) / slice.length;
  });
  const min = Math.min(...bins);
  const span = Math.max(...bins) - min;
  if (span < flatBelow) return glyphs[0]!.repeat(columns);
  return bins.map((v) => glyphs[Math.min(glyphs.length - 1, Math.floor(((v - min) / span) * (glyphs.length - 1)))]).join('');
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
