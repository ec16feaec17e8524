import { formatDuration } from '../domain/duration.js';
import { formatMatcher } from '../domain/matchers.js';
import type { Matcher } from '../domain/types.js';

/** "5m", "2h30m": how long ago `from` was. */
export function age(from: Date, now: Date): string {
  const ms = now.getTime() - from.getTime();
  return ms < 1000 ? 'now' : formatDuration(ms);
}

/** "in 45m" / "2h ago": a time relative to now, compact for tables (to the minute unless `seconds`). */
export function relative(at: Date, now: Date, seconds = true): string {
  const exact = at.getTime() - now.getTime();
  const ms = seconds || Math.abs(exact) < 60_000 ? exact : Math.round(exact / 60_000) * 60_000;
  if (Math.abs(ms) < 1000) return 'now';
  return ms > 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

export function matchersText(ms: Matcher[]): string {
  return ms.map(formatMatcher).join(' ');
}

const PLAIN = /^[\w.:/@-]+$/;

/**
 * Matchers as short as amtool's syntax allows, for narrow tables: plain values unquoted, and a first
 * `alertname=` matcher as a bare word (`DiskFull service=db`). Pasted back, it parses to the same.
 */
export function compactMatchersText(ms: Matcher[]): string {
  return ms
    .map((m, i) => {
      if (!PLAIN.test(m.value)) return formatMatcher(m);
      if (i === 0 && m.name === 'alertname' && m.isEqual && !m.isRegex) return m.value;
      return `${m.name}${m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!='}${m.value}`;
    })
    .join(' ');
}

/** Splits `a,b` and repeated flags alike: --status triggered,acknowledged or --status a --status b. */
export function listOption(values: string | string[] | undefined): string[] {
  if (values === undefined) return [];
  return (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
