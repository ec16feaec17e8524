/** How SLO figures read on screen and in `oncall slo`; one place so every surface agrees. */
import { formatDuration } from '../duration.js';
import type { CriticalThreshold } from './types.js';

/** 0.99930556 → "99.931%". Compliance needs three decimals: 99.9% and 99.94% differ by half a budget. */
export function formatPercent(ratio: number | null, decimals = 3): string {
  if (ratio === null) return 'no data';
  if (!Number.isFinite(ratio)) return String(ratio);
  const fixed = (ratio * 100).toFixed(decimals);
  // Trim zeros after the decimal point only: 100.000 → 100, never 1.
  return `${fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed}%`;
}

/**
 * Compliance with as many digits as it takes to tell it from the objective: 0.997997 against 99.8%
 * reads 99.7997%, never a rounded 99.8% that looks met.
 */
export function formatCompliance(ratio: number | null, objective: number, decimals = 3): string {
  if (ratio === null || !Number.isFinite(ratio) || ratio === objective) return formatPercent(ratio, decimals);
  let d = decimals;
  while (d < 8 && formatPercent(ratio, d) === formatPercent(objective, d)) d++;
  return formatPercent(ratio, d);
}

/**
 * Time to exhaustion in words: "exhausted" (since when, if known) when nothing is left, "never/unknown"
 * without a burn.
 */
export function formatExhaustion(exhaustionMs: number | null, remainingFraction: number | undefined, duration: (ms: number) => string, since?: Date | null): string {
  if ((remainingFraction !== undefined && remainingFraction <= 0) || exhaustionMs === 0) {
    return since ? `budget exhausted since ${since.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'budget exhausted';
  }
  return `budget gone in ${exhaustionMs === null ? 'never/unknown' : duration(exhaustionMs)}`;
}

/** 14.4 → "14.4×", 0.0312 → "0.031×", 892.3 → "892×". */
export function formatBurn(burn: number | null): string {
  if (burn === null) return 'no data';
  if (!Number.isFinite(burn)) return `${burn}×`;
  const digits = burn >= 100 ? 0 : burn >= 10 ? 1 : burn >= 1 ? 2 : 3;
  return `${Number(burn.toFixed(digits))}×`;
}

/** Budget as time, "21m of 43m12s left", or "12m over budget (43m12s)". */
export function formatBudgetTime(remainingMs: number, totalMs: number): string {
  if (remainingMs < 0) return `${formatDuration(-remainingMs)} over budget (${formatDuration(totalMs)})`;
  return `${formatDuration(remainingMs)} of ${formatDuration(totalMs)} left`;
}

/** A plain number as Prometheus would print it, keeping NaN and ±Inf recognisable. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(Number(n.toPrecision(6)));
}

export function formatClock(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** "99.5%", "p95>1m": the critical threshold where a column is narrow; "" when there is none. */
export function formatCriticalShort(c: CriticalThreshold | undefined | null): string {
  if (!c) return '';
  if (c.kind === 'below') return formatPercent(c.ratio);
  return `p${Number((c.quantile * 100).toFixed(1))}>${formatDuration(c.seconds * 1000)}`;
}

/** "below 99.5%", "p95 over 1m": the critical threshold as config writes it; "" when there is none. */
export function formatCritical(c: CriticalThreshold | undefined | null): string {
  if (!c) return '';
  if (c.kind === 'below') return `below ${formatPercent(c.ratio)}`;
  return `p${Number((c.quantile * 100).toFixed(1))} over ${formatDuration(c.seconds * 1000)}`;
}

/**
 * When the budget ran out, from the trend already read (the window compliance at each step): the first
 * point of the run below the objective that lasts until the last point, exact to within one step.
 * Unknown (null) when the trend is below the objective from its first point (it ran out earlier) or not now.
 */
export function exhaustedSince(trend: Array<[number, number]>, objective: number): Date | null {
  const points = trend.filter(([, v]) => Number.isFinite(v));
  let i = points.length;
  while (i > 0 && points[i - 1]![1] < objective) i--;
  if (i === points.length || i === 0) return null;
  return new Date(points[i]![0] * 1000);
}
