import { usageError } from './errors.js';

/** Prometheus/amtool durations: units largest first, each at most once, e.g. 1h30m, 2d, 500ms. */

const MS = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
const UNITS_HINT = 'use a number and unit such as 90s, 15m, 1h30m, 2d, 1w (units: ms, s, m, h, d, w, y)';
const TOKEN = /(\d+)(ms|y|w|d|h|m|s)/y;

export interface DurationOptions {
  /** "0s" is accepted only when the caller says so (a silence of length 0 makes no sense). */
  allowZero?: boolean;
}

export function parseDuration(text: string, opts: DurationOptions = {}): number {
  const s = text.trim();
  if (s === '') throw usageError('empty duration', UNITS_HINT);
  if (s.startsWith('-')) throw usageError(`duration "${text}" is negative`, UNITS_HINT);
  let total = 0;
  let pos = 0;
  let lastUnit = -1;
  while (pos < s.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(s);
    if (!m) throw usageError(`"${text}" is not a duration`, UNITS_HINT);
    const unit = m[2] as (typeof ORDER)[number];
    const rank = ORDER.indexOf(unit);
    if (rank <= lastUnit) throw usageError(`"${text}" is not a duration (units go largest first, each once)`, UNITS_HINT);
    lastUnit = rank;
    total += Number(m[1]) * MS[unit];
    pos = TOKEN.lastIndex;
  }
  if (!Number.isSafeInteger(total)) throw usageError(`duration "${text}" is too long`, UNITS_HINT);
  if (total === 0 && !opts.allowZero) throw usageError(`duration "${text}" is zero`, 'give a length greater than zero, e.g. 1h');
  return total;
}

/** Compact and human: the two largest non-zero units, truncated (1h30m, 2d4h, 45s, 250ms). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.floor(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.floor(ms);
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = Math.floor(rest / MS[unit]);
    rest -= n * MS[unit];
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  // "1h0m" reads worse than "1h".
  return parts.filter((p, i) => i === 0 || !p.startsWith('0')).join('');
}

const TIME_HINT = 'use an RFC3339 time (2024-05-01T14:00:00Z), now, now+2h, +2h or HH:MM';

/**
 * For --start/--end: RFC3339/ISO, `now`, `now+2h`/`now-30m`, `+2h`, or `HH:MM` (local time today,
 * or tomorrow when that time has already passed, which is what someone planning maintenance means).
 */
export function parseTime(text: string, now: Date): Date {
  const s = text.trim();
  if (s === 'now') return new Date(now.getTime());
  const rel = /^(?:now)?\s*([+-])\s*(\S+)$/.exec(s);
  if (rel && (s.startsWith('now') || s.startsWith('+'))) {
    const ms = parseDuration(rel[2]!);
    return new Date(now.getTime() + (rel[1] === '-' ? -ms : ms));
  }
  const hm = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (hm) {
    const hours = Number(hm[1]);
    const minutes = Number(hm[2]);
    if (hours > 23 || minutes > 59) throw usageError(`"${text}" is not a time of day`, TIME_HINT);
    const at = new Date(now.getTime());
    at.setHours(hours, minutes, 0, 0);
    if (at.getTime() < now.getTime()) at.setDate(at.getDate() + 1);
    return at;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw usageError(`"${text}" is not a time`, TIME_HINT);
}
