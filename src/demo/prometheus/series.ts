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

/**
 * One string per label set, for grouping and matching (it orders nothing). Names are sorted; each value
 * carries its length, so no value, whatever it holds, can run into the next pair.
 */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) {
    const value = labels[name]!;
    key += `${name}=${value.length}:${value},`;
  }
  return key;
}

export function withoutName(labels: Labels): Labels {
  const out: Labels = {};
  for (const name of Object.keys(labels)) if (name !== '__name__') out[name] = labels[name]!;
  return out;
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
