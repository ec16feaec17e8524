/**
 * Time to budget exhaustion at the current 1h, 6h and 3d burn, and how much of the SLO window the
 * SLI has data for: a rule created last week for a 30-day window has "data for 6d of 30d", and a
 * forecast from it is marked unreliable rather than shown as fact.
 */
import { formatDuration } from '../duration.js';
import { timeToExhaustion, type Budget } from './math.js';
import type { BurnWindow } from './types.js';

export const FORECAST_WINDOWS = ['1h', '6h', '3d'] as const satisfies readonly BurnWindow[];
export type ForecastWindow = (typeof FORECAST_WINDOWS)[number];

/** Below this share of the window covered, a forecast is unreliable. */
const RELIABLE_SHARE = 0.95;

export interface Coverage {
  /** From the first point with data to the end of the trend. */
  dataMs: number;
  windowMs: number;
  reliable: boolean;
}

export function exhaustionByWindow(budget: Budget | null, burnRates: Record<BurnWindow, number | null>, windowMs: number): Record<ForecastWindow, number | null> {
  return Object.fromEntries(FORECAST_WINDOWS.map((w) => [w, timeToExhaustion(budget, burnRates[w], windowMs)])) as Record<ForecastWindow, number | null>;
}

/**
 * Coverage from the trend (compliance over the window at each step, NaN where there was no data):
 * the first step with data starts the covered stretch. Unknown without a trend.
 */
export function coverageOf(points: Array<[number, number]> | undefined, stepSeconds: number, windowMs: number): Coverage | undefined {
  if (!points || points.length === 0) return undefined;
  const first = points.find(([, v]) => Number.isFinite(v));
  const end = points[points.length - 1]![0];
  if (!first) return { dataMs: 0, windowMs, reliable: false };
  const dataMs = Math.min(windowMs, (end - first[0] + stepSeconds) * 1000);
  // A full trend starts within a step of the window's start; Prometheus leaves out the steps before
  // the data began, so the first point alone says nothing.
  const full = first[0] <= end - windowMs / 1000 + stepSeconds;
  return { dataMs: full ? windowMs : dataMs, windowMs, reliable: full || dataMs >= RELIABLE_SHARE * windowMs };
}

/**
 * Coverage from the coverage query (src/sources/prometheus/slo/coverage.ts): the data goes back at
 * least `seconds`, and less than a step more. Shown to the step; within a step of the window is all of it.
 */
export function coverageFromSeconds(seconds: number, stepSeconds: number, windowMs: number): Coverage {
  const stepMs = stepSeconds * 1000;
  const dataMs = Math.max(0, Math.min(windowMs, seconds * 1000));
  if (dataMs > windowMs - stepMs) return { dataMs: windowMs, windowMs, reliable: true };
  const shown = Math.floor(dataMs / stepMs) * stepMs;
  return { dataMs: shown, windowMs, reliable: shown >= RELIABLE_SHARE * windowMs };
}

/** What a forecast from too little data carries: " (unreliable: data for 4d of 30d)", else nothing. */
export function unreliableNote(c: Coverage | undefined): string {
  return c && !c.reliable ? ` (unreliable: data for ${formatDuration(c.dataMs)} of ${formatDuration(c.windowMs)})` : '';
}

export function coverageText(c: Coverage): string {
  return `data for ${formatDuration(c.dataMs)} of ${formatDuration(c.windowMs)}${c.reliable ? '' : ': forecast unreliable'}`;
}
