import type { Labels } from '../../domain/types.js';

/**
 * A synthetic time series: a function of time sampled on a fixed scrape grid. Nothing is stored, so a
 * 30-day window costs nothing until somebody asks for it.
 */
export interface SyntheticSeries {
  /** Includes __name__. */
  labels: Labels;
  /** The value scraped at `t` (unix seconds, on the scrape grid). */
  at(t: number): number;
  /** A counter that never resets: rate/increase need only the first and last sample. */
  monotonic?: boolean;
}

export interface SeriesSource {
  /** Seconds between samples; samples sit on multiples of it. */
  interval: number;
  series: SyntheticSeries[];
}

export interface InstantSample {
  labels: Labels;
  value: number;
}

export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

export function withoutName(labels: Labels): Labels {
  const { __name__: _drop, ...rest } = labels;
  return rest;
}

export function pick(labels: Labels, names: string[]): Labels {
  const out: Labels = {};
  for (const n of names) if (labels[n] !== undefined && labels[n] !== '') out[n] = labels[n]!;
  return out;
}

export function omit(labels: Labels, names: string[]): Labels {
  const out: Labels = { ...labels };
  for (const n of names) delete out[n];
  return out;
}
