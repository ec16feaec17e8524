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

export function overTime(kind: OverTime, series: SyntheticSeries, t: number, range: number, interval: number): number | undefined {
  const w = sampleWindow(t, range, interval);
  if (!w) return undefined;
  const stride = Math.ceil(w.count / MAX_SAMPLES);
  let sum = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let ts = w.first; ts <= w.last; ts += interval * stride) {
    const v = series.at(ts);
    sum += v;
    n++;
    if (v < min || Number.isNaN(min)) min = v;
    if (v > max || Number.isNaN(max)) max = v;
  }
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
