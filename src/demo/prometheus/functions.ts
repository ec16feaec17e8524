import type { Call, Expr } from './ast.js';
import { labelReplace } from './labelReplace.js';
import { extrapolatedRate, overTime, type OverTime } from './range.js';
import { labelsKey, omit, withoutName, type InstantSample, type SeriesSource, type SyntheticSeries } from './series.js';

/** Function calls of the subset. `evalArg` evaluates an argument as a scalar or a vector. */

export interface CallContext {
  t: number;
  source: SeriesSource;
  selectSeries(expr: Expr): SyntheticSeries[];
  scalar(expr: Expr): number;
  vector(expr: Expr): InstantSample[];
  string(expr: Expr): string;
}

export function evalCall(call: Call, ctx: CallContext): InstantSample[] {
  const [a0, a1] = call.args;
  switch (call.func) {
    case 'rate':
    case 'increase':
      return rangeFn(a0!, ctx, (s, range) => extrapolatedRate(s, ctx.t, range, ctx.source.interval, call.func === 'rate'));
    case 'avg_over_time':
    case 'min_over_time':
    case 'max_over_time':
    case 'sum_over_time': {
      const kind = call.func.slice(0, 3) as OverTime;
      return rangeFn(a0!, ctx, (s, range) => overTime(kind, s, ctx.t, range, ctx.source.interval));
    }
    case 'vector':
      return [{ labels: {}, value: ctx.scalar(a0!) }];
    case 'clamp_min':
    case 'clamp_max': {
      const bound = ctx.scalar(a1!);
      const fn = call.func === 'clamp_min' ? Math.max : Math.min;
      return ctx.vector(a0!).map((s) => ({ labels: withoutName(s.labels), value: Number.isNaN(s.value) ? NaN : fn(s.value, bound) }));
    }
    case 'histogram_quantile':
      return histogramQuantile(ctx.scalar(a0!), ctx.vector(a1!));
    case 'label_replace': {
      const [dst, replacement, src, regex] = call.args.slice(1).map((a) => ctx.string(a));
      return labelReplace(ctx.vector(a0!), dst!, replacement!, src!, regex!);
    }
    default:
      throw new Error(`function ${call.func} has no evaluator`);
  }
}

function rangeFn(arg: Expr, ctx: CallContext, fn: (s: SyntheticSeries, range: number) => number | undefined): InstantSample[] {
  if (arg.type !== 'matrix') throw new Error('expected a range vector');
  const out: InstantSample[] = [];
  for (const s of ctx.selectSeries(arg.selector)) {
    const value = fn(s, arg.range);
    if (value !== undefined) out.push({ labels: withoutName(s.labels), value });
  }
  return out;
}

interface Bucket {
  upperBound: number;
  count: number;
}

/** Prometheus' bucketQuantile: linear interpolation inside the bucket that holds the rank. */
export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.upperBound !== Infinity) return NaN;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const prev = buckets[buckets.length - 1];
    if (prev && prev.upperBound === b.upperBound) prev.count += b.count;
    else buckets.push({ ...b });
  }
  // Counts of a cumulative histogram can dip when scraped non-atomically; treat them as flat.
  for (let i = 1; i < buckets.length; i++) if (buckets[i]!.count < buckets[i - 1]!.count) buckets[i]!.count = buckets[i - 1]!.count;
  if (buckets.length < 2) return NaN;
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = buckets.findIndex((x, i) => i < buckets.length - 1 && x.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let start = 0;
  const end = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return start + (end - start) * (rank / count);
}

function histogramQuantile(q: number, samples: InstantSample[]): InstantSample[] {
  const groups = new Map<string, { labels: InstantSample['labels']; buckets: Bucket[] }>();
  for (const s of samples) {
    const le = s.labels.le;
    if (le === undefined) continue;
    const upperBound = le === '+Inf' ? Infinity : Number(le);
    if (Number.isNaN(upperBound)) continue;
    const labels = omit(withoutName(s.labels), ['le']);
    const key = labelsKey(labels);
    const g = groups.get(key) ?? { labels, buckets: [] };
    g.buckets.push({ upperBound, count: s.value });
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}
