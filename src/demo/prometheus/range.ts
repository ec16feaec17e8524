import type { SyntheticSeries } from './series.js';

/**
 * Range-vector functions over a synthetic series, following Prometheus 2.x: the window is closed
 * [t - range, t], and rate/increase extrapolate the way promql/functions.go extrapolatedRate does.
 */

/** Beyond this many samples, over_time functions sample a stride: the demo stays fast on [30d]. */
const MAX_SAMPLES = 5000;

export interface Window {
  first: number;
  last: number;
  count: number;
}

export function sampleWindow(t: number, range: number, interval: number): Window | undefined {
  const first = Math.ceil((t - range) / interval) * interval;
  const last = Math.floor(t / interval) * interval;
  if (last < first) return undefined;
  return { first, last, count: Math.round((last - first) / interval) + 1 };
}

export function extrapolatedRate(series: SyntheticSeries, t: number, range: number, interval: number, isRate: boolean): number | undefined {
  const w = sampleWindow(t, range, interval);
  if (!w || w.count < 2) return undefined;
  const firstValue = series.at(w.first);
  let result = series.at(w.last) - firstValue;
  if (!series.monotonic) {
    // Counter resets: add back the value before each drop.
    result = 0;
    let prev = firstValue;
    for (let ts = w.first + interval; ts <= w.last; ts += interval) {
      const v = series.at(ts);
      result += v < prev ? v : v - prev;
      prev = v;
    }
  }
  const rangeStart = t - range;
  let durationToStart = w.first - rangeStart;
  const durationToEnd = t - w.last;
  const sampledInterval = w.last - w.first;
  const averageBetween = sampledInterval / (w.count - 1);
  if (result > 0 && firstValue >= 0) {
    const durationToZero = sampledInterval * (firstValue / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
  result *= extrapolateTo / sampledInterval;
  return isRate ? result / range : result;
}

export type OverTime = 'avg' | 'min' | 'max' | 'sum';

/**
 * A series' scrape-grid values, computed a block at a time and kept: the long windows of successive
 * evaluations overlap almost entirely (the 121 points of an SLO trend over [30d], the next poll), and a
 * series is a pure function of time, so each value is computed once instead of once per window. The
 * values and their order are those of series.at(ts), so every answer stays the same to the last bit.
 * About one 8 KiB block per series per 17 hours of demo time is added.
 */
const BLOCK = 1024;
const grids = new WeakMap<SyntheticSeries, { interval: number; blocks: Map<number, Float64Array> }>();

function gridBlock(series: SyntheticSeries, interval: number, b: number): Float64Array {
  let grid = grids.get(series);
  if (!grid || grid.interval !== interval) {
    grid = { interval, blocks: new Map() };
    grids.set(series, grid);
  }
  let values = grid.blocks.get(b);
  if (!values) {
    values = new Float64Array(BLOCK);
    for (let k = 0; k < BLOCK; k++) values[k] = series.at((b * BLOCK + k) * interval);
    grid.blocks.set(b, values);
  }
  return values;
}

/** Sum, count, min and max of the samples seen, in the order seen (the order decides the rounding). */
class Fold {
  sum = 0;
  n = 0;
  min = Infinity;
  max = -Infinity;

  add(v: number): void {
    this.sum += v;
    this.n++;
    if (v < this.min || Number.isNaN(this.min)) this.min = v;
    if (v > this.max || Number.isNaN(this.max)) this.max = v;
  }
}

/** Folds the window's samples, every `stride`-th, in time order. */
function foldWindow(series: SyntheticSeries, w: Window, interval: number, stride: number): Fold {
  const fold = new Fold();
  // The grid holds whole-number timestamps only: there, index * interval is exactly the ts the loop below makes.
  if (w.count >= BLOCK && Number.isInteger(interval) && Number.isInteger(w.first)) {
    const total = Math.ceil(w.count / stride);
    for (let i = w.first / interval; fold.n < total; ) {
      const b = Math.floor(i / BLOCK);
      const block = gridBlock(series, interval, b);
      for (let j = i - b * BLOCK; j < BLOCK && fold.n < total; j += stride, i += stride) fold.add(block[j]!);
    }
    return fold;
  }
  for (let ts = w.first; ts <= w.last; ts += interval * stride) fold.add(series.at(ts));
  return fold;
}

export function overTime(kind: OverTime, series: SyntheticSeries, t: number, range: number, interval: number): number | undefined {
  const w = sampleWindow(t, range, interval);
  if (!w) return undefined;
  const { sum, n, min, max } = foldWindow(series, w, interval, Math.ceil(w.count / MAX_SAMPLES));
  switch (kind) {
    case 'avg':
      return sum / n;
    case 'sum':
      return (sum / n) * w.count;
    case 'min':
      return min;
    case 'max':
      return max;
  }
}
