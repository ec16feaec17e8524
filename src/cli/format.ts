import { formatDuration } from '../domain/duration.js';
import { formatMatcher } from '../domain/matchers.js';
import type { Matcher } from '../domain/types.js';

/** "5m", "2h30m": how long ago `from` was. */
export function age(from: Date, now: Date): string {
  const ms = now.getTime() - from.getTime();
  return ms < 1000 ? 'now' : formatDuration(ms);
}

/** "in 45m" / "2h ago": a time relative to now, compact for tables. */
export function relative(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  if (Math.abs(ms) < 1000) return 'now';
  return ms > 0 ? `in ${formatDuration(ms)}` : `${formatDuration(-ms)} ago`;
}

export function matchersText(ms: Matcher[]): string {
  return ms.map(formatMatcher).join(' ');
}

/** Splits `a,b` and repeated flags alike: --status triggered,acknowledged or --status a --status b. */
export function listOption(values: string | string[] | undefined): string[] {
  if (values === undefined) return [];
  return (Array.isArray(values) ? values : [values]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
