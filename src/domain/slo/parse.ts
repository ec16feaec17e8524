/**
 * Small parsers for SLO config values. Each returns a value or a message saying what is wrong;
 * config.ts turns messages into OncallErrors that name the entry and field.
 */
import type { CriticalThreshold } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string, hint: string): Parsed<T> => ({ ok: false, message, hint });

const PERCENT_HINT = 'write a percentage such as 99.9% or a ratio such as 0.999';

/**
 * "99.9%" → 0.999, "0.999" → 0.999, 0.999 → 0.999. A bare number of 1 or more is a percentage
 * (Sloth and Pyrra write `objective: 99.9`), so 1 means 1%, not 100%.
 */
export function parseRatio(raw: unknown): Parsed<number> {
  if (typeof raw === 'number') return fromNumber(raw, false);
  if (typeof raw !== 'string') return bad(`${JSON.stringify(raw)} is not a percentage`, PERCENT_HINT);
  const m = /^\s*([0-9]*\.?[0-9]+(?:e-?\d+)?)\s*(%?)\s*$/i.exec(raw);
  if (!m) return bad(`"${raw}" is not a percentage`, PERCENT_HINT);
  return fromNumber(Number(m[1]), m[2] === '%');
}

function fromNumber(n: number, percent: boolean): Parsed<number> {
  if (!Number.isFinite(n) || n < 0) return bad(`${n} is not a percentage`, PERCENT_HINT);
  const ratio = percent || n >= 1 ? n / 100 : n;
  if (ratio > 1) return bad(`${n}${percent ? '%' : ''} is more than 100%`, PERCENT_HINT);
  return ok(ratio);
}

// ≥ and ≤ as escapes: a non-ASCII character makes Node read the whole headless build as UTF-16 (scripts/build-bundle.mjs).
const GOOD_PREFIX = /^(?:at least|above|over|>=|\u2265|>)\s*/i;
const LIMIT_PREFIX = /^(?:at most|below|under|<=|\u2264|<)\s*/i;
const GOOD_SUFFIX = /\s*(?:up|available|availability|good|succeed|success|successful|complete|completed)$/i;
const BAD_SUFFIX = /\s*(?:errors?|failures?|failed|bad)$/i;

/**
 * The objective as a good ratio, in both directions users write it: "99.9%", "at least 99.9% up",
 * "above 85%", or an error limit "at most 1% errors" (= 99%). Must be strictly between 0 and 100%:
 * 100% leaves no budget, and every burn rate would divide by zero.
 */
export function parseObjective(raw: unknown): Parsed<number> {
  let ratio: Parsed<number>;
  if (typeof raw === 'string' && LIMIT_PREFIX.test(raw.trim())) {
    const limit = parseRatio(raw.trim().replace(LIMIT_PREFIX, '').replace(BAD_SUFFIX, ''));
    if (!limit.ok) return bad(`"${raw}" is not an error limit`, 'write it as "at most 1% errors"');
    ratio = ok(1 - limit.value);
  } else if (typeof raw === 'string') {
    const text = raw.trim().replace(GOOD_PREFIX, '').replace(GOOD_SUFFIX, '');
    ratio = parseRatio(text);
    if (!ratio.ok) return bad(`"${raw}" is not an objective`, `${PERCENT_HINT}, or "at most 1% errors"`);
  } else {
    ratio = parseRatio(raw);
  }
  if (!ratio.ok) return ratio;
  if (ratio.value <= 0 || ratio.value >= 1) {
    return bad(`${formatRatio(ratio.value)} leaves no usable error budget`, 'pick an objective above 0% and below 100%');
  }
  return ok(roundRatio(ratio.value));
}

/** 1 - 0.01 is 0.9899999999999999 in floating point; keep what the user meant. */
function roundRatio(n: number): number {
  return Math.round(n * 1e12) / 1e12;
}

const CRITICAL_HINT = 'write "below 99.5%", "errors above 2%", or for latency SLOs "p95 over 60s"';

/** "below 99.5%", "errors above 2%", "p95 over 60s", or {below}, {errors_above}, {quantile, over}. */
export function parseCritical(raw: unknown, parseSeconds: (text: string) => number | null): Parsed<CriticalThreshold> {
  if (typeof raw === 'string') return parseCriticalText(raw.trim(), parseSeconds);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return bad(`${JSON.stringify(raw)} is not a critical threshold`, CRITICAL_HINT);
  }
  const obj = raw as Record<string, unknown>;
  if ('below' in obj) return mapOk(parseRatio(obj.below), (ratio) => ({ kind: 'below', ratio }));
  if ('errors_above' in obj) return mapOk(parseRatio(obj.errors_above), (r) => ({ kind: 'below', ratio: roundRatio(1 - r) }));
  if ('quantile' in obj) {
    const q = parseQuantile(obj.quantile);
    const over = obj.over ?? obj.above;
    const seconds = typeof over === 'string' ? parseSeconds(over) : typeof over === 'number' ? over : null;
    if (q === null) return bad(`quantile ${JSON.stringify(obj.quantile)} is not between 0 and 1`, 'write 0.95 or p95');
    if (seconds === null || !(seconds > 0)) return bad(`over ${JSON.stringify(over)} is not a duration`, 'write e.g. over: 60s');
    return ok({ kind: 'quantile_above', quantile: q, seconds });
  }
  return bad(`critical needs one of below, errors_above or quantile`, CRITICAL_HINT);
}

function parseCriticalText(text: string, parseSeconds: (text: string) => number | null): Parsed<CriticalThreshold> {
  let m = /^below\s+(.+)$/i.exec(text);
  if (m) return mapOk(parseRatio(m[1]), (ratio) => ({ kind: 'below', ratio }));
  m = /^(?:errors?\s+above\s+(.+)|above\s+(.+?)\s+errors?)$/i.exec(text);
  if (m) return mapOk(parseRatio(m[1] ?? m[2]), (r) => ({ kind: 'below', ratio: roundRatio(1 - r) }));
  m = /^(p\d+(?:\.\d+)?)\s+(?:over|above|>)\s+(\S+)$/i.exec(text);
  if (m) {
    const q = parseQuantile(m[1]);
    const seconds = parseSeconds(m[2]!);
    if (q !== null && seconds !== null && seconds > 0) return ok({ kind: 'quantile_above', quantile: q, seconds });
  }
  return bad(`"${text}" is not a critical threshold`, CRITICAL_HINT);
}

/** "p95" → 0.95, "p99.9" → 0.999, 0.95 → 0.95. */
function parseQuantile(raw: unknown): number | null {
  const q = typeof raw === 'number' ? raw : typeof raw === 'string' && /^p/i.test(raw) ? Number(raw.slice(1)) / 100 : Number(raw);
  return Number.isFinite(q) && q > 0 && q < 1 ? roundRatio(q) : null;
}

function mapOk<T, U>(p: Parsed<T>, f: (v: T) => U): Parsed<U> {
  return p.ok ? ok(f(p.value)) : p;
}

/** 0.999 → "99.9%", 0.99945 → "99.945%": as many decimals as needed, at most 4. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return String(r);
  return `${Number((r * 100).toFixed(4))}%`;
}
