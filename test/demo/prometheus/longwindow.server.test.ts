import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheusFake } from '../../../src/demo/prometheus/server.js';
import type { SeriesSource, SyntheticSeries } from '../../../src/demo/prometheus/series.js';
import type { Served } from '../../../src/demo/http.js';
import { openMetricsCounter, openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../../helpers/prometheus.js';
import { get, maxRelativeDifference, normalise } from './compare.js';

/**
 * Long windows, as the dashboard's SLO load asks for them ([30d], and a 30-day trend at 121 points),
 * answered by the fake and by the real Prometheus 2.42 holding the same samples.
 *
 * Tolerance: the answers are equal once rounded to 9 significant digits (server.test.ts' comparison),
 * and no value differs by more than 1e-12 relative. The fake sums every sample exactly and rounds once;
 * Prometheus sums with Kahan compensation, so the two differ in the last bits at most.
 *
 * Samples are 5 minutes apart, not the demo's 1: promtool's backfill costs a fixed time per 2 hours of
 * history (61 days is ~30 s here) and 5 times the samples would add a minute and a half. A [30d] window
 * still holds 8,641 samples across 9 cached blocks, so it takes the same path as the demo's.
 */

const D = 86_400;
const STEP = 300;
const T = Math.floor(Date.now() / 1000 / STEP) * STEP - 600; // on the grid, safely in the past
// The trend's first window ends 30 days before T and reaches back 30 more.
const FROM = T - 61 * D;
const MONTH = 30 * D;

type Def = { kind: 'counter' | 'gauge'; name: string; labels: Record<string, string>; at: (t: number) => number };
const k = (t: number): number => (t - FROM) / STEP;
const defs: Def[] = [
  // 0/1 with a failed probe every 997 samples and a 3-sample outage 20 days before T.
  ...['eu', 'us'].map((region, i): Def => ({
    kind: 'gauge',
    name: 'probe_success',
    labels: { region },
    at: (t) => (k(t) % 997 === 13 + i * 300 || (t >= T - 20 * D && t < T - 20 * D + 3 * STEP) ? 0 : 1),
  })),
  // A counter near 1e11, growing by fractions.
  { kind: 'counter', name: 'big_total', labels: {}, at: (t) => 1e11 + 1234.567 * (t - FROM) + 1000 * Math.sin((t - FROM) / 5000) },
  // Fractional, negative and positive.
  { kind: 'gauge', name: 'temp', labels: {}, at: (t) => 20 * Math.sin((t - FROM) / 50_000) - 3.25 + (k(t) % 13) / 7 },
  // One NaN sample, 3 days before T.
  { kind: 'gauge', name: 'flaky', labels: {}, at: (t) => (t === T - 3 * D ? NaN : 5 + (k(t) % 3)) },
];

const source: SeriesSource = {
  interval: STEP,
  series: defs.map((d): SyntheticSeries => ({ labels: { __name__: d.name, ...d.labels }, at: d.at, monotonic: d.kind === 'counter' })),
};

let fake: Served;
let real: PromServer;

beforeAll(async () => {
  fake = await startPrometheusFake({ source, now: () => new Date(T * 1000) });
  const families = defs.map((d) =>
    d.kind === 'counter' ? openMetricsCounter(d.name, d.labels, FROM, T + 600, STEP, d.at) : openMetricsGauge(d.name, d.labels, FROM, T + 600, STEP, d.at),
  );
  real = await startPrometheus({ openMetrics: openMetricsDocument(...families), retention: '90d' });
}, 240_000);

afterAll(async () => {
  await fake?.close();
  await real?.stop();
});

async function both(path: string, params: Record<string, string>): Promise<[any, any]> {
  const [a, b] = await Promise.all([get(fake.url, path, params), get(real.url, path, params)]);
  expect(a.status).toBe(200);
  expect(b.status).toBe(200);
  return [a.body, b.body];
}

const METRICS = ['probe_success', 'big_total', 'temp', 'flaky'];
const INSTANT = [
  ...['avg', 'sum', 'min', 'max'].flatMap((fn) => METRICS.map((m) => `${fn}_over_time(${m}[30d])`)),
  // The demo's SLO shapes.
  'avg(avg_over_time(probe_success[30d]))',
  '1 - avg(avg_over_time(probe_success[30d]))',
  'sum_over_time(probe_success[1d]) / 288',
];

const TREND = [
  'avg(avg_over_time(probe_success[30d]))',
  'avg_over_time(probe_success[30d])',
  'sum_over_time(big_total[30d])',
  'avg_over_time(big_total[30d])',
  'min_over_time(temp[30d])',
  'max_over_time(temp[30d])',
  'sum_over_time(temp[30d])',
  // NaN in the windows that hold the NaN sample, numbers in those before it.
  'avg_over_time(flaky[30d])',
  'max_over_time(flaky[30d])',
];

describe('demo Prometheus on 30-day windows against the real Prometheus 2.42', () => {
  it.each(INSTANT)('instant query %s', async (query) => {
    // On the grid and between samples.
    for (const time of [T, T + 130]) {
      const [a, b] = await both('/api/v1/query', { query, time: String(time) });
      expect(normalise(a)).toEqual(normalise(b));
      expect(maxRelativeDifference(a, b)).toBeLessThanOrEqual(1e-12);
    }
  });

  it.each(TREND)('range query over 30 days at 121 points: %s', async (query) => {
    const [a, b] = await both('/api/v1/query_range', { query, start: String(T - MONTH), end: String(T), step: String(MONTH / 120) });
    expect(a.data.result.every((r: any) => r.values.length === 121)).toBe(true);
    expect(normalise(a)).toEqual(normalise(b));
    expect(maxRelativeDifference(a, b)).toBeLessThanOrEqual(1e-12);
  });
});
