import { describe, expect, it } from 'vitest';
import { instantQuery, rangeQuery } from '../../../src/demo/prometheus/query.js';
import type { SeriesSource, SyntheticSeries } from '../../../src/demo/prometheus/series.js';

/**
 * *_over_time over long windows reads a cached scrape grid with prefix sums. These check what a user
 * would see go wrong if it did not hold: the same query answering differently depending on what was
 * asked before, sums that drift, a NaN leaking into windows that do not hold it.
 */

const D = 86_400;
const T = 1_700_006_400; // on the 60 s grid, and far from any block edge
const MONTH = 30 * D;

// Fresh series objects per source, so each source starts with nothing cached.
function source(): SeriesSource {
  const g = (labels: Record<string, string>, at: (t: number) => number): SyntheticSeries => ({ labels, at });
  return {
    interval: 60,
    series: [
      // 0/1 with rare failures and an 8-minute outage 10 days ago: the demo's probe_success.
      g({ __name__: 'probe', region: 'a' }, (t) => ((t / 60) % 4999 === 17 || (t >= T - 10 * D && t < T - 10 * D + 480) ? 0 : 1)),
      // A whole-number counter near 1e11: every sum of 43,201 of them is below 2^53, so it is exact.
      g({ __name__: 'big_total' }, (t) => 1e11 + 137 * (t - (T - 2 * MONTH)) + ((t / 60) % 97)),
      // Fractional, negative and positive.
      g({ __name__: 'temp' }, (t) => 20 * Math.sin(t / 7919) - 3.25 + ((t / 60) % 13) / 7),
      // One NaN sample 3 days ago.
      g({ __name__: 'flaky' }, (t) => (t === T - 3 * D ? NaN : 5)),
      g({ __name__: 'unbounded', sign: '+' }, (t) => (t === T - 4 * D ? Infinity : 1)),
      g({ __name__: 'unbounded', sign: '-' }, (t) => (t === T - 4 * D - 60 ? -Infinity : 1)),
    ],
  };
}

function value(src: SeriesSource, query: string, t = T): string {
  const r = instantQuery(src, query, t);
  if (r.resultType !== 'vector' || r.result.length !== 1) throw new Error(`expected one sample for ${query}, got ${JSON.stringify(r)}`);
  return r.result[0]!.value[1];
}

const FNS = ['avg_over_time', 'sum_over_time', 'min_over_time', 'max_over_time'];
const QUERIES = FNS.flatMap((fn) => ['probe', 'big_total', 'temp', 'flaky'].map((m) => `${fn}(${m}[30d])`));

describe('long *_over_time windows', () => {
  it('answer the same whatever was cached before, to the last bit', () => {
    const cold = source();
    const expected = QUERIES.map((q) => value(cold, q));

    // Warm another source's grid with windows that overlap this one in every way: a 30-day trend, a later
    // window and an earlier one, so every block is cached and most were first reached from elsewhere.
    const warm = source();
    for (const fn of FNS) {
      for (const m of ['probe', 'big_total', 'temp', 'flaky']) {
        rangeQuery(warm, `${fn}(${m}[30d])`, T - MONTH, T, 21_600);
        value(warm, `${fn}(${m}[30d])`, T + 7 * D + 60);
        value(warm, `${fn}(${m}[1d])`, T - 45 * D);
      }
    }
    expect(QUERIES.map((q) => value(warm, q))).toEqual(expected);
    // And asking twice on the same source changes nothing either.
    expect(QUERIES.map((q) => value(cold, q))).toEqual(expected);
  });

  it('sum every sample of the window exactly: whole-number counters near 1e11 and 0/1 probes', () => {
    const src = source();
    const [probe, big] = src.series;
    let exact = 0n;
    let ones = 0;
    for (let t = T - MONTH; t <= T; t += 60) {
      exact += BigInt(big!.at(t));
      ones += probe!.at(t);
    }
    const n = MONTH / 60 + 1;
    expect(value(src, 'sum_over_time(big_total[30d])')).toBe(String(Number(exact)));
    expect(Number(value(src, 'avg_over_time(big_total[30d])'))).toBe(Number(exact) / n);
    expect(Number(value(src, 'sum_over_time(probe[30d])'))).toBe(ones);
    expect(Number(value(src, 'avg_over_time(probe[30d])'))).toBe(ones / n);
    // All samples, not a stride: the outage's 8 minutes and every single failed probe count.
    expect(n - ones).toBe(8 + Math.floor((T / 60 - 17) / 4999) - Math.floor((T / 60 - MONTH / 60 - 18) / 4999));
  });

  it('agree with a plain scan of every sample for min, max and a fractional sum', () => {
    const src = source();
    const temp = src.series[2]!;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let c = 0;
    for (let t = T - MONTH + 3600; t <= T + 1800; t += 60) {
      const v = temp.at(t);
      min = Math.min(min, v);
      max = Math.max(max, v);
      // Kahan-Babuska, as Prometheus sums
      const s = sum + v;
      c += Math.abs(sum) >= Math.abs(v) ? sum - s + v : v - s + sum;
      sum = s;
    }
    // A window that starts and ends inside blocks, at a time off the grid.
    const t = T + 1800 + 25;
    const range = `[${MONTH - 1775}s]`;
    expect(Number(value(src, `min_over_time(temp${range})`, t))).toBe(min);
    expect(Number(value(src, `max_over_time(temp${range})`, t))).toBe(max);
    expect(Number(value(src, `sum_over_time(temp${range})`, t))).toBeCloseTo(sum + c, 9);
  });

  it('keep a NaN or an infinity to the windows that hold it', () => {
    const src = source();
    expect(value(src, 'avg_over_time(flaky[30d])')).toBe('NaN');
    expect(value(src, 'sum_over_time(flaky[30d])')).toBe('NaN');
    // As Prometheus: min and max pass over a NaN.
    expect(value(src, 'min_over_time(flaky[30d])')).toBe('5');
    expect(value(src, 'max_over_time(flaky[30d])')).toBe('5');
    // Windows of the same blocks that end before the NaN, or start after it, are finite.
    expect(value(src, 'avg_over_time(flaky[20d])', T - 3 * D - 60)).toBe('5');
    expect(value(src, `sum_over_time(flaky[${3 * D - 60}s])`, T)).toBe(String(5 * 3 * 1440));
    const inf = instantQuery(src, 'sum_over_time(unbounded[30d])', T);
    expect(inf.resultType === 'vector' && inf.result.map((r) => [r.metric.sign, r.value[1]])).toEqual([
      ['+', '+Inf'],
      ['-', '-Inf'],
    ]);
    expect(value(src, 'sum(sum_over_time(unbounded[30d]))')).toBe('NaN');
    expect(value(src, 'avg_over_time(unbounded{sign="+"}[1d])', T - 4 * D - 60)).toBe('1');
  });
});
