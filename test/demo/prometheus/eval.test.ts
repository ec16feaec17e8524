import { describe, expect, it } from 'vitest';
import { bucketQuantile } from '../../../src/demo/prometheus/functions.js';
import { formatValue, instantQuery, rangeQuery } from '../../../src/demo/prometheus/query.js';
import type { SeriesSource, SyntheticSeries } from '../../../src/demo/prometheus/series.js';

const T = 1_700_000_040; // on the 60 s grid
const s = (labels: Record<string, string>, at: (t: number) => number, monotonic = true): SyntheticSeries => ({ labels, at, monotonic });

const source: SeriesSource = {
  interval: 60,
  series: [
    // 10 requests a second on a, 2 errors a second on a, 1 request a second on b.
    s({ __name__: 'req_total', service: 'a', code: '200' }, (t) => 8 * t),
    s({ __name__: 'req_total', service: 'a', code: '500' }, (t) => 2 * t),
    s({ __name__: 'req_total', service: 'b', code: '200' }, (t) => t),
    s({ __name__: 'temp', room: 'x' }, (t) => (t - T) / 60, false),
    s({ __name__: 'temp', room: 'y' }, () => NaN, false),
    s({ __name__: 'dup_a', k: '1' }, () => 1, false),
    s({ __name__: 'dup_b', k: '1' }, () => 2, false),
    // Latency histogram of service a: 50% under 0.5 s, 90% under 1 s, per second 100 observations.
    s({ __name__: 'lat_bucket', service: 'a', le: '0.5' }, (t) => 50 * t),
    s({ __name__: 'lat_bucket', service: 'a', le: '1' }, (t) => 90 * t),
    s({ __name__: 'lat_bucket', service: 'a', le: '+Inf' }, (t) => 100 * t),
  ],
};

type Vec = Array<{ metric: Record<string, string>; value: [number, string] }>;
const vec = (q: string, t = T): Vec => {
  const r = instantQuery(source, q, t);
  if (r.resultType !== 'vector') throw new Error(`expected a vector, got ${r.resultType}`);
  return r.result as Vec;
};
const one = (q: string, t = T): number => {
  const v = vec(q, t);
  expect(v).toHaveLength(1);
  return Number(v[0]!.value[1]);
};

describe('evaluator: selectors and arithmetic', () => {
  it('selects by label matchers and keeps the metric name on plain selectors', () => {
    expect(vec('req_total{code=~"2.."}').map((r) => r.metric)).toEqual([
      { __name__: 'req_total', code: '200', service: 'a' },
      { __name__: 'req_total', code: '200', service: 'b' },
    ]);
    expect(vec('req_total{service!="a"}')).toHaveLength(1);
    expect(vec('{__name__=~"req_.*", code!~"5.."}')).toHaveLength(2);
  });

  it('reads the last sample at or before the query time', () => {
    expect(one('temp{room="x"}', T + 59)).toBe(0);
    expect(one('temp{room="x"}', T + 60)).toBe(1);
  });

  it('applies scalar arithmetic and drops the metric name', () => {
    expect(instantQuery(source, '1 + 2 * 3 - 4 / 2', T)).toEqual({ resultType: 'scalar', result: [T, '5'] });
    const r = vec('temp{room="x"} * 2 + 1', T + 120);
    expect(r).toEqual([{ metric: { room: 'x' }, value: [T + 120, '5'] }]);
    expect(one('-temp{room="x"}', T + 120)).toBe(-2);
  });

  it('skips a # comment to the end of the line, as Prometheus does, in a query or inside braces', () => {
    const errorRatio = 'sum(rate(req_total{service="a",code="500"}[5m])) / sum(rate(req_total{service="a"}[5m]))';
    expect(one(`1 - (${errorRatio} # 5xx share\n)`)).toBeCloseTo(0.8, 12);
    expect(one('sum(rate(req_total{service="a" # the API\n}[5m])) # per second')).toBeCloseTo(10, 12);
    // A # in a label value is not a comment.
    expect(vec('req_total{code="#"}')).toEqual([]);
  });

  it('filters with comparisons, or returns 0/1 with bool', () => {
    expect(vec('temp > 0', T + 60).map((r) => r.metric)).toEqual([{ __name__: 'temp', room: 'x' }]);
    expect(vec('temp > bool 0', T + 60).map((r) => [r.metric, r.value[1]])).toEqual([
      [{ room: 'x' }, '1'],
      [{ room: 'y' }, '0'],
    ]);
    // A scalar on the left still keeps the vector's value.
    expect(vec('5 > temp{room="x"}', T + 120)[0]!.value[1]).toBe('2');
    expect(instantQuery(source, '2 >= bool 3', T)).toEqual({ resultType: 'scalar', result: [T, '0'] });
  });
});

describe('evaluator: rate and increase against hand-computed values', () => {
  it('rate of a steady counter is its slope, on and off the scrape grid', () => {
    expect(one('rate(req_total{service="b"}[5m])')).toBeCloseTo(1, 12);
    expect(one('rate(req_total{service="b"}[5m])', T + 30)).toBeCloseTo(1, 12);
    expect(one('increase(req_total{service="b"}[1h])')).toBeCloseTo(3600, 9);
  });

  it('extrapolates to the window edges but not below zero (Prometheus extrapolatedRate)', () => {
    // Samples at T-240..T of 10, 70, 130, 190, 250: the counter would hit zero 10 s before the first
    // sample, so the window is extended by 10 s at the start (not 30) and 30 s at the end: 240 * 280/240.
    const young: SeriesSource = { interval: 60, series: [s({ __name__: 'c' }, (t) => 10 + (t - (T - 240)))] };
    const r = instantQuery(young, 'increase(c[5m])', T + 30);
    expect(Number((r.result as Vec)[0]!.value[1])).toBeCloseTo(280, 9);
  });

  it('adds back counter resets', () => {
    const values = [0, 50, 100, 20, 70];
    const reset: SeriesSource = { interval: 60, series: [s({ __name__: 'c' }, (t) => values[(t - (T - 240)) / 60] ?? 0, false)] };
    // 50 + 50 + (reset) 20 + 50 = 170; the window [T-240, T] starts and ends on a sample, so nothing is extrapolated.
    const r = instantQuery(reset, 'increase(c[4m])', T);
    expect(Number((r.result as Vec)[0]!.value[1])).toBeCloseTo(170, 9);
  });

  it('*_over_time of a gauge', () => {
    // temp{room="x"} at T..T+300 is 0..5
    expect(one('avg_over_time(temp{room="x"}[5m])', T + 300)).toBeCloseTo(2.5, 12);
    expect(one('min_over_time(temp{room="x"}[5m])', T + 300)).toBe(0);
    expect(one('max_over_time(temp{room="x"}[5m])', T + 300)).toBe(5);
    expect(one('sum_over_time(temp{room="x"}[5m])', T + 300)).toBe(15);
  });
});

describe('evaluator: aggregation and vector matching', () => {
  it('sums by, without, and over everything', () => {
    const r = vec('sum by (service) (rate(req_total[5m]))');
    expect(r.map((x) => [x.metric, Number(x.value[1])])).toEqual([
      [{ service: 'a' }, 10],
      [{ service: 'b' }, 1],
    ]);
    expect(vec('sum without (code) (rate(req_total[5m]))').map((x) => x.metric)).toEqual([{ service: 'a' }, { service: 'b' }]);
    expect(one('count(req_total)')).toBe(3);
    expect(one('max(rate(req_total[5m]))')).toBeCloseTo(8, 9);
    expect(one('min(rate(req_total[5m]))')).toBeCloseTo(1, 9);
    expect(one('avg(rate(req_total[5m]))')).toBeCloseTo(11 / 3, 9);
  });

  it('divides error rate by total rate one-to-one, with ignoring() and on()', () => {
    const ratio = 'sum by (service) (rate(req_total{code=~"5.."}[5m])) / sum by (service) (rate(req_total[5m]))';
    expect(vec(ratio).map((x) => [x.metric, Number(x.value[1])])).toEqual([[{ service: 'a' }, 0.2]]);
    expect(one('rate(req_total{code="500"}[5m]) / ignoring(code) rate(req_total{service="a",code="200"}[5m])')).toBeCloseTo(0.25, 9);
    expect(vec('rate(req_total{code="500"}[5m]) / on(service) sum by (service) (rate(req_total[5m]))')[0]!.metric).toEqual({ service: 'a' });
  });

  it('refuses many-to-one matching like Prometheus', () => {
    expect(() => instantQuery(source, 'req_total / on(service) sum by (service) (req_total)', T)).toThrow(/many-to-one matching must be explicit/);
    expect(() => instantQuery(source, 'sum by (service) (req_total) / on(service) req_total', T)).toThrow(/found duplicate series for the match group/);
  });

  it('or fills in series missing on the left', () => {
    const r = vec('sum by (service) (rate(req_total{code="500"}[5m])) or sum by (service) (rate(req_total[5m])) * 0');
    expect(r.map((x) => [x.metric, Number(x.value[1])])).toEqual([
      [{ service: 'a' }, 2],
      [{ service: 'b' }, 0],
    ]);
  });

  it('vector(), clamp_min, clamp_max', () => {
    expect(vec('vector(3)')).toEqual([{ metric: {}, value: [T, '3'] }]);
    expect(one('clamp_max(rate(req_total{code="500"}[5m]), 1)')).toBe(1);
    expect(one('clamp_min(temp{room="x"} - 10, 0)', T + 60)).toBe(0);
  });
});

describe('label_replace, and or as the SLO batch uses them', () => {
  it('tags each query and keeps every series of each, NaN and all', () => {
    const r = vec('label_replace(temp, "oncall_q", "0", "", "") or label_replace(sum(rate(req_total[5m])), "oncall_q", "1", "", "") or label_replace(nope, "oncall_q", "2", "", "")');
    expect(r.map((x) => [x.metric, x.value[1]])).toEqual([
      [{ __name__: 'temp', oncall_q: '0', room: 'x' }, '0'],
      [{ __name__: 'temp', oncall_q: '0', room: 'y' }, 'NaN'],
      [{ oncall_q: '1' }, '11'],
    ]);
  });

  it('expands $1, ${1}, $name and $$ as Go does, and removes the label when the result is empty', () => {
    expect(vec('label_replace(req_total{service="b"}, "x", "<$1|${1}z|$1z|$$|$>", "service", "(b)")')[0]!.metric.x).toBe('<b|bz||$|$>');
    expect(vec('label_replace(req_total{service="b"}, "x", "$who", "service", "(?P<who>.)")')[0]!.metric.x).toBe('b');
    expect(vec('label_replace(req_total{service="b"}, "service", "", "service", "b")')[0]!.metric).toEqual({ __name__: 'req_total', code: '200' });
    // No match: the sample is kept unchanged.
    expect(vec('label_replace(req_total{service="b"}, "service", "z", "service", "a")')[0]!.metric.service).toBe('b');
  });

  it('fails like Prometheus on a bad regex, a bad label name or colliding results', () => {
    expect(() => instantQuery(source, 'label_replace(nope, "a", "b", "", "(")', T)).toThrow('invalid regular expression in label_replace(): (');
    expect(() => instantQuery(source, 'label_replace(temp, "1a", "b", "", "")', T)).toThrow('invalid destination label name in label_replace(): 1a');
    expect(() => instantQuery(source, 'sum(label_replace(temp, "room", "z", "", ""))', T)).toThrow('vector cannot contain metrics with the same labelset');
  });
});

describe('histogram_quantile', () => {
  it('interpolates inside the bucket holding the rank', () => {
    const q = (phi: number): number => one(`histogram_quantile(${phi}, sum by (le) (rate(lat_bucket[5m])))`);
    expect(q(0.5)).toBeCloseTo(0.5, 9);
    expect(q(0.7)).toBeCloseTo(0.75, 9);
    // Beyond the last finite bucket the answer is that bucket's bound.
    expect(q(0.95)).toBe(1);
  });

  it('keeps the other labels and follows the edge cases of bucketQuantile', () => {
    expect(vec('histogram_quantile(0.5, rate(lat_bucket[5m]))')[0]!.metric).toEqual({ service: 'a' });
    expect(bucketQuantile(-1, [{ upperBound: Infinity, count: 1 }])).toBe(-Infinity);
    expect(bucketQuantile(2, [{ upperBound: Infinity, count: 1 }])).toBe(Infinity);
    expect(bucketQuantile(0.5, [{ upperBound: 1, count: 1 }])).toBeNaN(); // no +Inf bucket
    expect(bucketQuantile(0.5, [{ upperBound: 1, count: 0 }, { upperBound: Infinity, count: 0 }])).toBeNaN();
  });
});

describe('range queries and value formatting', () => {
  it('evaluates at every step and groups points by series', () => {
    const r = rangeQuery(source, 'temp{room="x"}', T, T + 180, 60);
    expect(r).toEqual({
      resultType: 'matrix',
      result: [{ metric: { __name__: 'temp', room: 'x' }, values: [[T, '0'], [T + 60, '1'], [T + 120, '2'], [T + 180, '3']] }],
    });
    expect(() => rangeQuery(source, 'temp[5m]', T, T + 60, 60)).toThrow(/invalid expression type "range vector" for range query/);
  });

  it('formats values as Prometheus does', () => {
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(1e-7)).toBe('1e-07');
    expect(formatValue(0.000001)).toBe('0.000001');
    expect(formatValue(1.5e21)).toBe('1.5e+21');
    expect(formatValue(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('refuses a result with duplicate label sets', () => {
    // Two metrics with the same labels collide once arithmetic drops their names.
    expect(() => instantQuery(source, '{__name__=~"dup_.*"} * 1', T)).toThrow(/vector cannot contain metrics with the same labelset/);
    expect(vec('{__name__=~"dup_.*"}')).toHaveLength(2);
  });
});
