import { BLOCK, foldGrid, higher, lower, Sum } from './grid.js';
import type { SyntheticSeries } from './series.js';

/**
 * Range-vector functions over a synthetic series, following Prometheus 2.x: the window is closed
 * [t - range, t], and rate/increase extrapolate the way promql/functions.go extrapolatedRate does.
 */

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
 * avg/min/max/sum_over_time over every sample of the window, as Prometheus does. sum is the window's
 * exact sum rounded once and avg that sum over the count (see grid.ts for how close that is to
 * Prometheus); min and max follow its NaN rule (a NaN gives way to any value after it).
 */
export function overTime(kind: OverTime, series: SyntheticSeries, t: number, range: number, interval: number): number | undefined {
  const w = sampleWindow(t, range, interval);
  if (!w) return undefined;
  const want = kind === 'avg' ? 'sum' : kind;
  // Long windows read the cached grid. It holds whole-number timestamps only: there, index * interval
  // is exactly the ts the loop below makes, so both paths see the same samples.
  const folded =
    w.count >= BLOCK && Number.isInteger(interval) && Number.isInteger(w.first)
      ? foldGrid(series, interval, w.first / interval, w.last / interval, want)
      : foldSamples(series, w, interval, want);
  return kind === 'avg' ? folded / w.count : folded;
}

function foldSamples(series: SyntheticSeries, w: Window, interval: number, want: 'sum' | 'min' | 'max'): number {
  if (want === 'sum') {
    const sum = new Sum();
    for (let ts = w.first; ts <= w.last; ts += interval) sum.add(series.at(ts));
    return sum.value();
  }
  const step = want === 'min' ? lower : higher;
  let extreme = series.at(w.first);
  for (let ts = w.first + interval; ts <= w.last; ts += interval) extreme = step(extreme, series.at(ts));
  return extreme;
}
